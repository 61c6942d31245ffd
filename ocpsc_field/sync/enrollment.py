"""Enrolling this device with HQ: a one-time code in, a device token kept in the profile.

The token and HQ's address live only in the encrypted profile's ``settings``
table; nothing about the enrollment is written anywhere else on the laptop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ocpsc_field.i18n import _
from ocpsc_field.store import settings
from ocpsc_field.store.db import Database
from ocpsc_field.sync import bundle_device
from ocpsc_field.sync.protocol import ENROLL_PATH, Enrolled, EnrollRequest, ErrorCode, ProtocolError
from ocpsc_field.sync.transport import Refused, Transport, TransportError, Unreachable

# Keys in the profile's settings table.
SERVER_URL = "sync.server_url"
DEVICE_TOKEN = "sync.device_token"
HQ_DEVICE_ID = "sync.device_id"
USERNAME = "sync.username"
ROLE = "sync.role"
ORGANIZATION_ID = "sync.organization_id"
ORGANIZATION_NAME = "sync.organization_name"
STREAMS = "sync.streams"
CURSOR_PREFIX = "sync.cursor."
LAST_SUCCESS = "sync.last_success"
BATCH_BYTES = "sync.batch_bytes"


class EnrollmentFailed(Exception):
    """Enrollment did not happen; ``str()`` is a sentence for the user, in their language."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Enrollment:
    """What this profile knows about its enrollment (never the token in ``repr``)."""

    server_url: str
    device_id: str
    username: str
    role: str
    organization_name: str
    streams: tuple[str, ...]


def enrolled(database: Database) -> Enrollment | None:
    """This profile's enrollment, or None when it has never been enrolled."""
    url = settings.get(database, SERVER_URL)
    device_id = settings.get(database, HQ_DEVICE_ID)
    if not url or not device_id or not settings.get(database, DEVICE_TOKEN):
        return None
    return Enrollment(
        server_url=url,
        device_id=device_id,
        username=settings.get(database, USERNAME) or "",
        role=settings.get(database, ROLE) or "",
        organization_name=settings.get(database, ORGANIZATION_NAME) or "",
        streams=tuple(json.loads(settings.get(database, STREAMS) or "[]")),
    )


def token(database: Database) -> str | None:
    return settings.get(database, DEVICE_TOKEN)


def first_op_id(database: Database) -> int:
    """The lowest journal op id still to send, or the next one the journal will hand out."""
    lowest = database.scalar("SELECT min(op_id) FROM journal")
    if lowest is not None:
        return int(lowest)
    last = database.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'journal'")
    return int(last or 0) + 1


def code_message(code: str) -> str:
    """A sentence for a refused enrollment, by HQ's stable error code."""
    messages = {
        ErrorCode.CODE_INVALID: _(
            "HQ does not know this enrollment code. Check it for typos, or ask your "
            "coordinator for a new one."
        ),
        ErrorCode.CODE_EXPIRED: _(
            "This enrollment code has expired. Ask your coordinator for a new one."
        ),
        ErrorCode.CODE_USED: _(
            "This enrollment code was already used. Each code works once: ask your "
            "coordinator for a new one."
        ),
        ErrorCode.USER_INACTIVE: _(
            "HQ has turned off the account this code belongs to. Ask your coordinator."
        ),
    }
    return messages.get(code, _("HQ refused the enrollment. Ask your coordinator."))


def check_input(server_url: str, code: str) -> str:
    """The address as it will be stored; EnrollmentFailed if the input cannot work."""
    server_url = server_url.strip().rstrip("/")
    if not server_url.startswith(("http://", "https://")):
        raise EnrollmentFailed(
            _("The server address must start with http:// or https://, like {example}.").format(
                example="https://hq.example.org"
            ),
            "bad_url",
        )
    if not code.strip():
        raise EnrollmentFailed(_("Type the enrollment code your coordinator gave you."), "no_code")
    return server_url


def prepare(database: Database, code: str, device_name: str | None = None) -> EnrollRequest:
    """The enrollment request for this profile (a store step; no network)."""
    return EnrollRequest(
        code=code.strip(),
        device_name=device_name or settings.get(database, "device_name") or "",
        local_device_id=settings.get(database, "device_id") or "",
        first_op_id=first_op_id(database),
        device_key=bundle_device.device_public_key(database),
    )


def request(
    server_url: str, enroll_request: EnrollRequest, transport: Transport | None = None
) -> Enrolled:
    """Ask HQ for a device token (network only; no database); EnrollmentFailed if refused."""
    own = transport is None
    transport = transport or Transport(server_url, attempts=3)
    try:
        return Enrolled.from_json(transport.post(ENROLL_PATH, enroll_request.to_json(), auth=False))
    except Refused as refused:
        raise EnrollmentFailed(code_message(refused.code), refused.code) from None
    except Unreachable:
        raise EnrollmentFailed(
            _("HQ could not be reached at {url}. Check the address and the connection.").format(
                url=server_url
            ),
            "unreachable",
        ) from None
    except (TransportError, ProtocolError):
        raise EnrollmentFailed(
            _("The server at {url} did not answer like HQ. Check the address.").format(
                url=server_url
            ),
            "not_hq",
        ) from None
    finally:
        if own:
            transport.close()


def enroll(
    database: Database,
    server_url: str,
    code: str,
    *,
    device_name: str | None = None,
    transport: Transport | None = None,
) -> Enrolled:
    """Exchange ``code`` for a device token and keep it in the profile; EnrollmentFailed if not."""
    server_url = check_input(server_url, code)
    answer = request(server_url, prepare(database, code, device_name), transport)
    save(database, server_url, answer)
    return answer


def save(database: Database, server_url: str, answer: Enrolled) -> None:
    """Keep the enrollment in the profile. A new enrollment starts its streams from zero."""
    with database.transaction():
        database.execute("DELETE FROM settings WHERE key LIKE ?", (CURSOR_PREFIX + "%",))
        for key, value in (
            (SERVER_URL, server_url),
            (DEVICE_TOKEN, answer.device_token),
            (HQ_DEVICE_ID, answer.device_id),
            (USERNAME, answer.username),
            (ROLE, answer.role),
            (ORGANIZATION_ID, answer.organization_id),
            (ORGANIZATION_NAME, answer.organization_name),
            (STREAMS, json.dumps(list(answer.streams))),
        ):
            settings.put(database, key, value)
        # HQ that answers with its bundle keys has registered the key this laptop sent.
        bundle_device.remember_hq_keys(database, answer.bundle_keys)
        registered = "1" if answer.bundle_keys is not None else ""
        settings.put(database, bundle_device.KEY_REGISTERED, registered)
