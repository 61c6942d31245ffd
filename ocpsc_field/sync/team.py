"""The coordinator's view of the team's devices, fetched from HQ's ``GET /api/v1/devices``.

Only coordinators (their organization's devices) and HQ admins (every device) may
ask; HQ refuses anyone else with ``403 forbidden``. The HTTP call blocks: run
:func:`fetch_devices` on a worker thread, never on the GUI or database thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests
from babel.lists import format_list

from ocpsc_field.i18n import _, babel_locale_name
from ocpsc_field.store import settings
from ocpsc_field.store.db import Database
from ocpsc_field.sync import enrollment
from ocpsc_field.sync.protocol import DEVICES_PATH
from ocpsc_field.sync.transport import Transport, TransportError

VIEWER_ROLES = ("coordinator", "hq_admin")
DEFAULT_STALE_DAYS = 3


class TeamUnavailable(Exception):
    """The list could not be fetched; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class Credentials:
    server_url: str
    token: str
    role: str


@dataclass(frozen=True)
class TeamDevice:
    """One device of the team as HQ reports it."""

    id: str
    name: str
    user: str
    role: str
    organization: str
    last_seen: datetime | None
    enrolled_at: datetime | None
    backlog: int | None  # changes waiting on the device at its last contact; None: unknown
    gaps: tuple[tuple[int, int], ...]
    missing_ops: int
    stale: bool
    revoked: bool


def may_view(role: str) -> bool:
    return role in VIEWER_ROLES


def credentials(database: Database) -> Credentials | None:
    """HQ's address, this device's token and role; None when not enrolled (database thread)."""
    url = settings.get(database, enrollment.SERVER_URL)
    token = enrollment.token(database)
    if not url or not token:
        return None
    return Credentials(url, token, settings.get(database, enrollment.ROLE) or "")


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def parse_device(row: dict[str, Any]) -> TeamDevice:
    gaps = []
    for gap in row.get("gaps") or ():
        if isinstance(gap, (list, tuple)) and len(gap) == 2:
            gaps.append((_int(gap[0]), _int(gap[1])))
    organization = row.get("organization") or {}
    return TeamDevice(
        id=str(row.get("id") or ""),
        name=str(row.get("name") or ""),
        user=str(row.get("user") or ""),
        role=str(row.get("role") or ""),
        organization=str(organization.get("name") or "") if isinstance(organization, dict) else "",
        last_seen=_moment(row.get("last_seen")),
        enrolled_at=_moment(row.get("enrolled_at")),
        backlog=_int(row["backlog"]) if row.get("backlog") is not None else None,
        gaps=tuple(gaps),
        missing_ops=_int(row.get("missing_ops")),
        stale=bool(row.get("stale")),
        revoked=bool(row.get("revoked")),
    )


def fetch_devices(
    found: Credentials, stale_days: int = DEFAULT_STALE_DAYS, *, timeout: float = 30.0
) -> list[TeamDevice]:
    """The team's devices from HQ (blocking); raises :class:`TeamUnavailable`."""
    with Transport(found.server_url, token=found.token, attempts=1) as transport:
        try:
            response = transport.session.get(
                transport.base_url + DEVICES_PATH,
                params={"stale_days": str(max(0, int(stale_days)))},
                headers={"Authorization": f"Bearer {found.token}"},
                timeout=timeout,
            )
            raw = response.content
        except requests.RequestException:
            raise TeamUnavailable(
                _("HQ could not be reached. Try again when this laptop is online.")
            ) from None
        if response.status_code >= 400:
            refused = Transport._refusal(response, raw)
            if refused.status == 403:
                raise TeamUnavailable(
                    _(
                        "Only coordinators and HQ admins can see the team's devices. "
                        "This laptop is enrolled with another role."
                    )
                )
            if refused.status == 401:
                raise TeamUnavailable(
                    _("HQ no longer accepts this laptop's enrollment. Enroll it again.")
                )
            raise TeamUnavailable(
                _("HQ could not list the team's devices right now. Try again later.")
            )
        try:
            body = Transport._decode(response, raw)
        except TransportError:
            raise TeamUnavailable(_("HQ's answer could not be read. Try again later.")) from None
    rows = body.get("devices") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        raise TeamUnavailable(_("HQ's answer could not be read. Try again later."))
    return [parse_device(row) for row in rows if isinstance(row, dict)]


def gaps_sentence(gaps: tuple[tuple[int, int], ...]) -> str:
    """The changes HQ never received, as one sentence: "Changes 143–151 never arrived."

    Several gaps are one list in the language's own style, not sentences
    glued with a semicolon.
    """
    if not gaps:
        return _("No gaps: every change arrived.")
    if len(gaps) == 1:
        first, last = gaps[0]
        if first == last:
            return _("Change {first} never arrived.").format(first=first)
        return _("Changes {first}\u2013{last} never arrived.").format(first=first, last=last)
    ranges = [str(first) if first == last else f"{first}\u2013{last}" for first, last in gaps]
    listed = format_list(ranges, locale=babel_locale_name())
    return _("These changes never arrived: {changes}.").format(changes=listed)
