"""Today: what is on this laptop, in words, and the two most common first actions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.records import FIELD_KINDS, REFERENCE_KINDS, Kind
from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store.search import ResidentSearch
from ocpsc_field.ui.models import ResidentTableModel, format_number
from ocpsc_field.ui.pages.common import (
    EmptyState,
    action_button,
    heading,
    scaled_font,
    set_text,
    wrapped,
)
from ocpsc_field.ui.pages.residents import resident_table
from ocpsc_field.ui.tasks import DatabaseQueue

RECENT_RESIDENTS = 10


def count_text(kind: Kind, count: int) -> str:
    """A record count in words, with the right plural: "1,204 residents"."""
    phrases: dict[Kind, Callable[[int], str]] = {
        Kind.RESIDENT: lambda n: ngettext("{count} resident", "{count} residents", n),
        Kind.CONTACT_LOG: lambda n: ngettext("{count} conversation", "{count} conversations", n),
        Kind.ENROLLMENT: lambda n: ngettext("{count} enrollment", "{count} enrollments", n),
        Kind.SURVEY_RESPONSE: lambda n: ngettext(
            "{count} survey response", "{count} survey responses", n
        ),
        Kind.PROGRAM: lambda n: ngettext("{count} program", "{count} programs", n),
        Kind.SURVEY: lambda n: ngettext("{count} survey", "{count} surveys", n),
        Kind.RESOURCE: lambda n: ngettext("{count} resource", "{count} resources", n),
        Kind.ORGANIZATION: lambda n: ngettext("{count} organization", "{count} organizations", n),
    }
    return phrases[kind](count).format(count=format_number(count))


def waiting_sentence(waiting: int) -> str:
    if waiting == 0:
        return _("Nothing is waiting to be sent to HQ.")
    return ngettext(
        "{count} record is waiting to be sent to HQ. It is safe on this laptop until then.",
        "{count} records are waiting to be sent to HQ. They are safe on this laptop until then.",
        waiting,
    ).format(count=format_number(waiting))


class HomePage(QWidget):
    """The first page after unlocking: counts per record kind, where to start, and the
    residents added most recently (the ones a canvasser is most likely to need again)."""

    resident_activated = Signal(str)

    def __init__(
        self,
        actions: Sequence[QAction],
        queue: DatabaseQueue,
        residents: ResidentSearch,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._residents = residents
        self.setAccessibleName(_("Today"))
        self.count_labels: dict[Kind, QLabel] = {}
        self.waiting = wrapped(_("Counting the records on this laptop…"), self)
        self.waiting.setFont(scaled_font(self.waiting, 1.15))

        groups = QHBoxLayout()
        groups.addWidget(self._group(_("Your work on this laptop"), FIELD_KINDS), 1)
        groups.addWidget(self._group(_("Reference data from HQ"), REFERENCE_KINDS), 1)

        buttons = QHBoxLayout()
        for action in actions:
            buttons.addWidget(action_button(action, self))
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Today"), self))
        layout.addWidget(self.waiting)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(buttons)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(groups)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self._recent_section(), 1)

    def _recent_section(self) -> QGroupBox:
        box = QGroupBox(_("Residents added most recently"), self)
        box.setAccessibleName(box.title())
        self.recent_model = ResidentTableModel(self)
        self.recent_table = resident_table(
            self.recent_model, _("Residents added most recently"), box
        )
        self.recent_table.activated.connect(self._activated)
        # A few rows always show; at large font sizes the page scrolls instead.
        self.recent_table.setMinimumHeight(self.fontMetrics().height() * 12)
        self.recent_empty = EmptyState(
            _("No residents on this laptop yet."),
            _(
                "Residents you add, and residents HQ shares with your team, appear here, newest "
                "first."
            ),
            parent=box,
        )
        self.recent = QStackedWidget(box)
        self.recent.setAccessibleName(box.title())
        self.recent.addWidget(self.recent_table)
        self.recent.addWidget(self.recent_empty)
        inner = QVBoxLayout(box)
        inner.addWidget(self.recent)
        return box

    def _group(self, title: str, kinds: Sequence[Kind]) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setAccessibleName(title)
        grid = QGridLayout(box)
        for row, kind in enumerate(kinds):
            label = wrapped("…", box)
            label.setFont(scaled_font(label, 1.15))
            self.count_labels[kind] = label
            grid.addWidget(label, row, 0)
        return box

    def update_status(self, status: Mapping[str, Any]) -> None:
        counts = status.get("records", {})
        for kind, label in self.count_labels.items():
            set_text(label, count_text(kind, int(counts.get(kind.value, 0))))
        set_text(self.waiting, waiting_sentence(int(status.get("unsynced_journal_entries", 0))))
        search = self._residents.search
        self._queue.run(
            lambda: search("", limit=RECENT_RESIDENTS), success=self._show_recent, owner=self
        )

    def _show_recent(self, rows: list[dict[str, Any]]) -> None:
        self.recent_model.set_rows(rows)
        self.recent.setCurrentWidget(self.recent_table if rows else self.recent_empty)

    def _activated(self, index: QModelIndex) -> None:
        resident_id = index.data(ResidentTableModel.ResidentIdRole)
        if resident_id:
            self.resident_activated.emit(str(resident_id))
