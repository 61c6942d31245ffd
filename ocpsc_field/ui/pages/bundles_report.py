"""The coordinator's batch report: what HQ did with each bundle, and what each laptop still owes.

For every bundle HQ has answered: how many of its records HQ applied, already
had, or did not accept, with HQ's reason for each one not accepted; for a
bundle HQ refused as a whole, why and what to do. Below, for every laptop of
the team, what HQ is still missing from it, from the same data as the "Team
devices" section (HQ's ``/devices`` answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from ocpsc_field.i18n import _, ngettext, sentences
from ocpsc_field.store import relay
from ocpsc_field.store.relay import RelayBundle
from ocpsc_field.sync import bundle_relay, team
from ocpsc_field.sync.team import TeamDevice
from ocpsc_field.ui.bundle_models import change_numbers, sender_text
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import scaled_font, set_text, wrapped
from ocpsc_field.ui.pages.team_devices import backlog_text, last_contact_text

MAX_REASONS = 25  # per bundle; the rest are counted


def _count(value: Any) -> str:
    return format_number(value if isinstance(value, int) else 0)


def bundle_report_text(bundle: RelayBundle) -> str:
    """One bundle's outcome at HQ, a sentence per line; "" while it waits to upload."""
    # Translators: {changes} is one number or a range, like 12 or 12–40.
    title = _("{sender}, change numbers {changes}").format(
        sender=sender_text(bundle), changes=change_numbers(bundle.op_id_from, bundle.op_id_to)
    )
    if bundle.state == relay.REFUSED:
        return "\n".join(
            (
                _("{bundle}: refused by HQ.").format(bundle=title),
                bundle_relay.problem_text(bundle),
            )
        )
    if bundle.state != relay.UPLOADED:
        return ""
    answer = bundle.report or {}
    report = answer.get("report") if isinstance(answer.get("report"), dict) else {}
    lines = [
        _(
            "{bundle} \u2014 applied: {applied} \u00b7 already at HQ: {duplicate} \u00b7 "
            "not accepted: {rejected}"
        ).format(
            bundle=title,
            applied=_count(report.get("applied")),
            duplicate=_count(report.get("duplicate")),
            rejected=_count(report.get("rejected")),
        )
    ]
    this_upload = answer.get("this_upload")
    if answer.get("replay") and isinstance(this_upload, dict) and not this_upload.get("applied"):
        lines.append(_("HQ had this bundle already: uploading it again added nothing."))
    rejected = [item for item in report.get("rejected_ops") or () if isinstance(item, dict)]
    for item in rejected[:MAX_REASONS]:
        lines.append(
            _("Change {number} not accepted: {reason}").format(
                number=_count(item.get("op_id")),
                reason=item.get("message") or item.get("reason") or _("HQ did not accept it."),
            )
        )
    if len(rejected) > MAX_REASONS:
        more = len(rejected) - MAX_REASONS
        lines.append(
            ngettext(
                "And {count} more change not accepted.",
                "And {count} more changes not accepted.",
                more,
            ).format(count=format_number(more))
        )
    if rejected:
        lines.append(
            _(
                "Those records stay on the laptop that made the bundle, marked \u201cNeeds "
                "attention\u201d once its receipts arrive, for its user to fix."
            )
        )
    return "\n".join(lines)


def outstanding_text(device: TeamDevice, now: datetime) -> str:
    """What HQ is still missing from one laptop of the team, in one line of two sentences."""
    values = {"user": device.user, "device": device.name, "backlog": backlog_text(device.backlog)}
    if device.last_seen is None:
        waiting = _("{user} on \u201c{device}\u201d (never synced): {backlog}.").format(**values)
    else:
        waiting = _("{user} on \u201c{device}\u201d (last contact {when}): {backlog}.").format(
            when=last_contact_text(device, now), **values
        )
    return sentences(waiting, team.gaps_sentence(device.gaps))


class BatchReport(QGroupBox):
    """HQ's answer for each uploaded bundle, and each team laptop's outstanding changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Batch report"), parent)
        self.setAccessibleName(self.title())
        self.bundles = wrapped(_("No bundle has been uploaded yet."), self)
        self.team_heading = wrapped(_("Still outstanding on the team's laptops"), self)
        self.team_heading.setFont(scaled_font(self.team_heading, 1.0, bold=True))
        self.team = wrapped(_("The team's laptops are listed here when HQ can be reached."), self)
        for label in (self.bundles, self.team):
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        layout = QVBoxLayout(self)
        layout.addWidget(self.bundles)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.team_heading)
        layout.addWidget(self.team)

    def show_bundles(self, bundles: Sequence[RelayBundle]) -> None:
        blocks = [text for text in map(bundle_report_text, bundles) if text]
        set_text(self.bundles, "\n\n".join(blocks) or _("No bundle has been uploaded yet."))

    def show_team(self, devices: Sequence[TeamDevice] | None) -> None:
        if devices is None:
            return
        if not devices:
            set_text(self.team, _("HQ knows of no laptops in your team yet."))
            return
        now = datetime.now(UTC)
        set_text(self.team, "\n".join(outstanding_text(device, now) for device in devices))
