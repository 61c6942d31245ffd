"""Sync: where this laptop stands with HQ, in words, and a button to sync now.

The page reads its facts (enrollment, last successful sync, what waits per
kind, what HQ refused and why) through the database queue. "Sync now" runs
the engine on a worker thread (``ui.sync_worker``): only its short store steps
go through the database queue, so the app stays responsive over a slow link.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.text import Nn_
from ocpsc_field.i18n import _, ngettext, sentences
from ocpsc_field.store import settings
from ocpsc_field.store.session import CONFLICTS_OPEN, OpenProfile
from ocpsc_field.sync.auto import Schedule, Why
from ocpsc_field.sync.local import Overview, overview
from ocpsc_field.sync.sync_text import finished_text, progress_text
from ocpsc_field.sync.team import may_view
from ocpsc_field.ui import formats
from ocpsc_field.ui.enroll_dialog import EnrollDialog
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.bundles_device import BundleBox
from ocpsc_field.ui.pages.bundles_relay import RelayBox
from ocpsc_field.ui.pages.common import heading, scaled_font, set_text, wrapped
from ocpsc_field.ui.pages.home import waiting_sentence
from ocpsc_field.ui.pages.sync_quarantine import QuarantineBox
from ocpsc_field.ui.pages.team_devices import TeamDevicesBox
from ocpsc_field.ui.sync_worker import AutoSync, SyncRunner
from ocpsc_field.ui.tasks import DatabaseQueue


def attention_sentence(quarantined: int) -> str:
    if quarantined == 0:
        return _("No records need attention.")
    return ngettext(
        "{count} record needs attention: HQ could not accept it. It stays on this laptop.",
        "{count} records need attention: HQ could not accept them. They stay on this laptop.",
        quarantined,
    ).format(count=format_number(quarantined))


def conflicts_sentence(count: int | None) -> str:
    """HQ's unreviewed conflicts in words; empty until HQ has said."""
    if count is None:
        return ""
    if count == 0:
        return _("HQ has no conflicting edits waiting for review.")
    return ngettext(
        "HQ has {count} conflicting edit waiting for a coordinator's review "
        "(two devices changed the same field).",
        "HQ has {count} conflicting edits waiting for a coordinator's review "
        "(two devices changed the same field).",
        count,
    ).format(count=format_number(count))


_WAITING = {
    "resident": Nn_("{count} resident waiting to be sent", "{count} residents waiting to be sent"),
    "contact_log": Nn_(
        "{count} conversation waiting to be sent", "{count} conversations waiting to be sent"
    ),
    "enrollment": Nn_(
        "{count} enrollment waiting to be sent", "{count} enrollments waiting to be sent"
    ),
    "survey_response": Nn_(
        "{count} survey response waiting to be sent", "{count} survey responses waiting to be sent"
    ),
}
_OTHER_WAITING = Nn_(
    "{count} other record waiting to be sent", "{count} other records waiting to be sent"
)


def waiting_kind_text(kind: str, count: int) -> str:
    """Records of one kind waiting to be sent: a whole message per kind, counted."""
    singular, plural = _WAITING.get(kind, _OTHER_WAITING)
    return ngettext(singular, plural, count).format(count=format_number(count))


def when_text(iso: str | None) -> str:
    if not iso:
        return _("Last successful sync: never.")
    try:
        when = formats.format_moment(iso)
    except ValueError:
        return _("Last successful sync: never.")
    return _("Last successful sync: {when}.").format(when=when)


def auto_sentence(schedule: Schedule, now: float) -> str:
    """When the next automatic sync is, and why the last one failed, in words."""
    left = schedule.seconds_left(now)
    values = {
        "time": formats.format_clock(datetime.now(UTC) + timedelta(seconds=left)),
        "wait": formats.format_duration(max(left, 1)),
    }
    if schedule.why == Why.NETWORK and left == 0:
        return _("The network is back: checking that HQ answers, then syncing.")
    if schedule.why == Why.RETRY and schedule.last_failure:
        return _(
            "The last automatic sync did not work: {reason} Next try at {time} (in {wait})."
        ).format(reason=schedule.last_failure, **values)
    if schedule.why == Why.PERIODIC:
        return _(
            "Syncs automatically every {period} while online. Next sync at {time} (in {wait})."
        ).format(
            period=formats.format_duration(schedule.interval),
            **values,
        )
    return _("Syncs automatically. First sync at {time} (in {wait}).").format(**values)


def quarantine_text(row: Mapping[str, Any]) -> str:
    """One refused record in the "Needs attention" list: what, when, and why.

    One message per kind, so each language can make the verb agree with it.
    """
    templates = {
        "resident": _("Resident saved {when}: {reason}"),
        "contact_log": _("Conversation saved {when}: {reason}"),
        "enrollment": _("Enrollment saved {when}: {reason}"),
        "survey_response": _("Survey response saved {when}: {reason}"),
    }
    template = templates.get(row["kind"]) or _("Record saved {when}: {reason}")
    return template.format(
        when=row["created_at"][:10], reason=row["reason"] or _("HQ did not accept it.")
    )


class SyncPage(QWidget):
    """The connection to HQ, the records waiting for it, and "Sync now"."""

    def __init__(
        self,
        queue: DatabaseQueue | None = None,
        opened: OpenProfile | None = None,
        parent: QWidget | None = None,
        **auto: float,
    ) -> None:
        """``auto`` tunes automatic sync (``ui.sync_worker.AutoSync``): ``interval``,
        ``first_delay``, ``base``, ``cap``, ``tick`` in seconds; tests shorten them."""
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self._overview: Overview | None = None
        self._started = 0.0
        self._syncing = False
        self.runner = None
        self.auto: AutoSync | None = None
        self.setAccessibleName(_("Sync"))
        self.connection = wrapped(_("Not connected to HQ."), self)
        self.connection.setFont(scaled_font(self.connection, 1.25, bold=True))
        self.explanation = wrapped(
            _(
                "Sending to HQ is not set up on this laptop yet. Everything you save is kept "
                "here, encrypted, until it can be sent."
            ),
            self,
        )
        self.sync_button = QPushButton(_("Sync now (Ctrl+Shift+S)"), self)
        self.sync_button.setAccessibleName(_("Sync now"))
        self.sync_button.setEnabled(False)
        self.sync_button.clicked.connect(self.sync_now)
        self.enroll_button = QPushButton(_("Enroll this device…"), self)
        self.enroll_button.setAccessibleName(_("Enroll this device"))
        self.enroll_button.setEnabled(queue is not None)
        self.enroll_button.clicked.connect(self.open_enroll_dialog)
        for button in (self.sync_button, self.enroll_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.sync_now)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(_("Sync progress"))
        self.progress.hide()
        self.progress_text = wrapped("", self)
        self.progress_text.hide()
        self.outcome = wrapped("", self)
        self.outcome.hide()
        self.auto_text = wrapped("", self)
        self.auto_text.hide()

        self.waiting = wrapped(_("Counting the records waiting to be sent…"), self)
        self.by_kind = wrapped("", self)
        self.by_kind.hide()
        self.attention = wrapped("", self)
        self.last_sent = wrapped(_("Last successful sync: never."), self)
        self.conflicts = wrapped("", self)
        self.conflicts.hide()
        box = QGroupBox(_("Records on this laptop"), self)
        box.setAccessibleName(box.title())
        inner = QVBoxLayout(box)
        for label in (self.waiting, self.by_kind, self.attention, self.last_sent, self.conflicts):
            inner.addWidget(label)

        self.attention_box = QuarantineBox(queue, opened, quarantine_text, self.reload, self)
        self.quarantine = self.attention_box.list
        self.attention_box.hide()
        self.team = TeamDevicesBox(queue, opened, self)  # coordinators and HQ admins only
        self.team.hide()
        self.bundles = BundleBox(queue, opened, self)  # save for a coordinator, load receipts
        self.bundles.changed.connect(self.reload)
        self.relay = RelayBox(queue, opened, self)  # coordinators and HQ admins only
        self.relay.hide()
        self.team.loaded.connect(self.relay.report.show_team)
        self.relay.uploaded.connect(self.team.refresh)

        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.enroll_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Sync"), self))
        layout.addWidget(self.connection)
        layout.addWidget(self.explanation)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.outcome)
        layout.addWidget(self.auto_text)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(box)
        layout.addWidget(self.bundles)
        layout.addWidget(self.attention_box)
        layout.addWidget(self.team)
        layout.addWidget(self.relay)
        layout.addStretch(1)
        if queue is not None and opened is not None:
            self.runner = SyncRunner(queue, opened, self)
            self.runner.progressed.connect(self._on_progress)
            self.runner.finished.connect(self._on_finished)
            self.runner.failed.connect(self._on_failed)
            self.runner.busy.connect(self._on_failed)
            self.runner.probed.connect(self._on_probe)
            # Collected bundles go up with the sync machinery: after a sync, or when HQ answers.
            self.runner.finished.connect(lambda _result: self._upload_relayed(True))
            self.runner.probed.connect(self._upload_relayed)
            self.destroyed.connect(self.runner.stop)
            self.auto = AutoSync(self.runner, self.sync_now, self._server_url, parent=self, **auto)
            self.auto.changed.connect(self._show_auto)
            self.reload(probe=True)

    # -- reading ------------------------------------------------------------------
    def update_status(self, status: Mapping[str, Any]) -> None:
        set_text(self.waiting, waiting_sentence(int(status.get("unsynced_journal_entries", 0))))
        set_text(
            self.attention, attention_sentence(int(status.get("quarantined_journal_entries", 0)))
        )
        self._show_conflicts(status.get("conflicts_open"))
        if self._queue is not None and not self.sync_running:
            self.reload()

    @property
    def sync_running(self) -> bool:
        return self._syncing

    def reload(self, *, probe: bool = False) -> None:
        if self._queue is None or self._opened is None or not self._queue.running:
            return
        database = self._opened.database
        self._queue.run(
            lambda: overview(database),
            success=lambda found: self._show_overview(found, probe),
            owner=self,
        )
        self.bundles.refresh()
        self._queue.run(
            lambda: settings.get(database, CONFLICTS_OPEN),
            success=lambda value: self._show_conflicts(
                int(value) if value and value.isdigit() else None
            ),
            owner=self,
        )

    def _show_conflicts(self, count: Any) -> None:
        count = count if isinstance(count, int) else None
        set_text(self.conflicts, conflicts_sentence(count))
        self.conflicts.setVisible(count is not None)

    def _show_overview(self, found: Overview, probe: bool) -> None:
        self._overview = found
        enrolled = found.enrolled
        self.sync_button.setEnabled(enrolled is not None and not self.sync_running)
        if enrolled is None:
            set_text(self.connection, _("Not connected to HQ."))
            set_text(
                self.explanation,
                _(
                    "This laptop is not enrolled with HQ yet. Everything you save is kept here, "
                    "encrypted. Choose \u201cEnroll this device\u201d and type the code your "
                    "coordinator gives you."
                ),
            )
        else:
            set_text(
                self.explanation,
                _("Enrolled with {organization} as {user}. HQ: {url}").format(
                    organization=enrolled.organization_name,
                    user=enrolled.username,
                    url=enrolled.server_url,
                ),
            )
            if probe and self.runner is not None:
                set_text(self.connection, _("Checking the connection to HQ…"))
                self.runner.probe(enrolled.server_url)
        set_text(self.last_sent, when_text(found.last_success))
        waiting = sum(counts.get("pending", 0) for counts in found.pending.values())
        quarantined = sum(counts.get("quarantined", 0) for counts in found.pending.values())
        set_text(self.waiting, waiting_sentence(waiting))
        set_text(self.attention, attention_sentence(quarantined))
        lines = [
            waiting_kind_text(kind, counts.get("pending", 0))
            for kind, counts in sorted(found.pending.items())
            if counts.get("pending", 0)
        ]
        set_text(self.by_kind, "\n".join(lines))
        self.by_kind.setVisible(bool(lines))
        self.attention_box.show_rows(found.quarantined)
        coordinator = enrolled is not None and may_view(enrolled.role)
        if coordinator and self.team.isHidden():
            self.team.show()
            self.team.refresh()
        elif not coordinator:
            self.team.hide()
        if coordinator and self.relay.isHidden():
            self.relay.show()
            self.relay.refresh()
        elif not coordinator:
            self.relay.hide()

    def _upload_relayed(self, online: bool) -> None:
        if online and not self.relay.isHidden():
            self.relay.upload_queued()

    def _on_probe(self, online: bool) -> None:
        if online:
            set_text(self.connection, _("Online: HQ answered."))
        else:
            set_text(
                self.connection,
                _("Offline: HQ could not be reached. Records wait safely on this laptop."),
            )

    # -- syncing ------------------------------------------------------------------
    def _server_url(self) -> str | None:
        enrolled = self._overview.enrolled if self._overview else None
        return enrolled.server_url if enrolled else None

    def _show_auto(self) -> None:
        if self.auto is None or self._server_url() is None or self.sync_running:
            self.auto_text.hide()
            return
        if self.auto.probing:
            text = _("Automatic sync: checking that HQ answers…")
        else:
            text = auto_sentence(self.auto.schedule, time.monotonic())
        set_text(self.auto_text, text)
        self.auto_text.show()

    def sync_now(self) -> bool:
        """Start a sync (by hand or automatic); False when one is running or not enrolled."""
        if self.runner is None or self._overview is None or self._overview.enrolled is None:
            return False
        if not self.runner.start():
            return False
        self._started = time.monotonic()
        self._syncing = True
        self.sync_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        set_text(self.progress_text, _("Contacting HQ…"))
        self.progress_text.show()
        self.outcome.hide()
        self.auto_text.hide()
        return True

    def _on_progress(self, progress: Any) -> None:
        total = max(progress.to_send, progress.sent)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(progress.sent)
        facts = [
            progress_text(progress.sent, total, progress.downloaded, format_number),
            _("{up} up, {down} down.").format(
                up=formats.format_size(progress.bytes_sent),
                down=formats.format_size(progress.bytes_received),
            ),
        ]
        elapsed = time.monotonic() - self._started
        if 0 < progress.sent < total:
            left = round(elapsed * (total - progress.sent) / progress.sent)
            facts.append(
                ngettext("About {count} second left.", "About {count} seconds left.", left).format(
                    count=format_number(left)
                )
            )
        set_text(self.progress_text, sentences(*facts))

    def _on_finished(self, result: Any) -> None:
        self._finish()
        if result.quarantined:
            text = attention_sentence(result.quarantined)
        else:
            text = finished_text(result.acknowledged, result.downloaded, number=format_number)
        set_text(self.outcome, text)
        self.outcome.show()
        self._on_probe(True)

    def _on_failed(self, message: str) -> None:
        self._finish()
        set_text(self.outcome, message)
        self.outcome.show()

    def _finish(self) -> None:
        self._syncing = False
        self.progress.hide()
        self.progress_text.hide()
        self.reload()

    # -- enrolling ----------------------------------------------------------------
    def open_enroll_dialog(self) -> None:
        if self._queue is None or self._opened is None:
            return
        current = self._overview.enrolled if self._overview else None
        dialog = EnrollDialog(
            self._queue, self._opened, self, server_url=current.server_url if current else ""
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.enrolled.connect(lambda _answer: self.reload(probe=True))
        self.enroll_dialog = dialog
        dialog.open()
