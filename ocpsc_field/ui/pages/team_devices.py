"""The coordinator's view on the Sync page: the team's devices, their backlog and gaps.

Shown only to coordinators and HQ admins. The token is read on the database queue;
the HTTP call to HQ runs on its own worker thread, so neither the GUI nor the
database thread waits for the network.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _, fill, ngettext, sentences
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import team
from ocpsc_field.sync.team import Credentials, TeamDevice, TeamUnavailable
from ocpsc_field.ui import formats
from ocpsc_field.ui.language import switcher
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue


def last_contact_text(device: TeamDevice, now: datetime) -> str:
    if device.last_seen is None:
        return _("Never synced")
    return formats.format_relative(device.last_seen, now)


def backlog_text(backlog: int | None) -> str:
    if backlog is None:
        return _("Not reported")
    if backlog == 0:
        return _("Nothing waiting")
    return ngettext("{count} change waiting", "{count} changes waiting", backlog).format(
        count=format_number(backlog)
    )


def team_sentence(count: int, flagged: int, days: int) -> str:
    """How the team's devices stand, one count per sentence so each takes its plural form."""
    numbers = {"count": format_number(count), "days": format_number(days)}
    if flagged:
        facts = [
            ngettext("Your team has {count} device.", "Your team has {count} devices.", count),
            # Translators: "recently" as the sentence after this one defines it.
            ngettext(
                "{count} of them has not synced recently.",
                "{count} of them have not synced recently.",
                flagged,
            ).format(count=format_number(flagged)),
        ]
    else:
        facts = [
            ngettext(
                "Your team's {count} device has synced recently.",
                "Your team's {count} devices have synced recently.",
                count,
            )
        ]
    facts.append(
        ngettext(
            "Recently means within the last {days} day.",
            "Recently means within the last {days} days.",
            days,
        )
    )
    return sentences(*(fact.format(**numbers) for fact in facts))


def is_stale(device: TeamDevice, days: int, now: datetime) -> bool:
    seen = device.last_seen or device.enrolled_at
    return seen is not None and now - seen > timedelta(days=days)


def status_text(device: TeamDevice, stale: bool, days: int) -> str:
    if device.revoked:
        return _("Revoked")
    if stale:
        return ngettext(
            "Not synced for over {days} day", "Not synced for over {days} days", days
        ).format(days=format_number(days))
    return _("Syncing normally")


class _Fetcher(QObject):
    """Runs :func:`team.fetch_devices` on a worker thread; ``done`` arrives on the GUI thread."""

    done = Signal(object, str)  # list[TeamDevice] or None, error sentence

    def start(self, found: Credentials, days: int) -> None:
        threading.Thread(
            target=self._work, args=(found, days), name="ocpsc-team", daemon=True
        ).start()

    def _work(self, found: Credentials, days: int) -> None:
        try:
            devices, error = team.fetch_devices(found, days), ""
        except TeamUnavailable as problem:
            devices, error = None, str(problem)
        except Exception:  # a bug must not kill the thread silently  # noqa: BLE001
            devices, error = None, _("The team's devices could not be shown. Try again later.")
        if shiboken6.isValid(self):
            self.done.emit(devices, error)


class TeamDevicesBox(QGroupBox):
    """The team's devices: user, last contact, backlog, missing changes, and staleness."""

    COLUMNS = 5
    loaded = Signal(object)  # list[TeamDevice], each time HQ's answer arrives

    def __init__(
        self,
        queue: DatabaseQueue | None = None,
        opened: OpenProfile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Team devices"), parent)
        self.setAccessibleName(self.title())
        self._queue = queue
        self._opened = opened
        self.devices: list[TeamDevice] | None = None
        self.loading = False
        self._fetcher = _Fetcher(self)
        self._fetcher.done.connect(self._on_done)

        self.days_label = QLabel(_("Flag devices not synced for (days):"), self)
        self.days = QSpinBox(self)
        self.days.setRange(1, 365)
        self.days.setValue(team.DEFAULT_STALE_DAYS)
        self.days.setAccessibleName(_("Flag devices not synced for this many days"))
        self.days.lineEdit().setAccessibleName(self.days.accessibleName())
        self.days_label.setBuddy(self.days)
        self.days.valueChanged.connect(self._show_rows)
        # "3 hours ago" is data, not catalog text: said again in a new language.
        switcher().language_changed.connect(self._show_rows)
        self.refresh_button = QPushButton(_("Refresh team devices"), self)
        self.refresh_button.setAccessibleName(_("Refresh team devices"))
        self.refresh_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.refresh_button.clicked.connect(self.refresh)
        self.status = wrapped(_("The team's devices are shown here when HQ can be reached."), self)

        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setAccessibleName(_("The team's devices"))
        self.table.setHorizontalHeaderLabels(
            [
                _("User and device"),
                _("Last contact"),
                _("Waiting"),
                _("Missing changes"),
                _("Status"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.setMinimumHeight(self.fontMetrics().height() * 8)
        self.table.hide()

        controls = QHBoxLayout()
        controls.addWidget(self.days_label)
        controls.addWidget(self.days)
        controls.addWidget(self.refresh_button)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(self.table)

    def refresh(self) -> None:
        """Read the token on the database queue, then ask HQ on a worker thread."""
        if self.loading or self._queue is None or self._opened is None:
            return
        if not self._queue.running:
            return
        self.loading = True
        self.refresh_button.setEnabled(False)
        set_text(self.status, _("Asking HQ for the team's devices…"))
        database = self._opened.database
        self._queue.run(
            lambda: team.credentials(database),
            success=self._got_credentials,
            failure=lambda _error: self._on_done(
                None, _("The team's devices could not be shown. Try again later.")
            ),
            owner=self,
        )

    def _got_credentials(self, found: Credentials | None) -> None:
        if found is None:
            self._on_done(None, _("This laptop is not enrolled with HQ."))
            return
        self._fetcher.start(found, self.days.value())

    def _on_done(self, devices: list[TeamDevice] | None, error: str) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        if devices is None:
            set_text(self.status, error)
            if self.devices is None:
                self.table.hide()
            return
        self.devices = devices
        self._show_rows()
        self.loaded.emit(devices)

    def show_devices(self, devices: list[TeamDevice]) -> None:
        """Show ``devices`` as if HQ had just sent them (screenshots)."""
        self._on_done(devices, "")

    def _show_rows(self) -> None:
        if self.devices is None:
            return
        now = datetime.now(UTC)
        days = self.days.value()
        stale = [is_stale(device, days, now) for device in self.devices]
        count = len(self.devices)
        if not count:
            set_text(self.status, _("HQ knows of no devices in your team yet."))
        else:
            set_text(self.status, team_sentence(count, sum(stale), days))
        self.table.setRowCount(count)
        for row, (device, late) in enumerate(zip(self.devices, stale, strict=True)):
            who = fill(_("{user} on \u201c{device}\u201d"), user=device.user, device=device.name)
            cells = (
                who,
                last_contact_text(device, now),
                backlog_text(device.backlog),
                team.gaps_sentence(device.gaps),
                status_text(device, late, days),
            )
            for column, text in enumerate(cells):
                # An isolate keeps a sentence in its own direction inside a
                # right-to-left table (no "hours ago 2").
                item = QTableWidgetItem(f"\u2068{text}\u2069")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                if late and column == 4:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(count))
