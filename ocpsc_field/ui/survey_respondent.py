"""Who is answering a survey: the shared resident picker, or a plain search without it.

The resident picker (``ui.widgets.resident_picker``) is shared by every form
that records something about a resident, with suggestions and quick add. It
is imported when the chooser is built; if it is not there (an older build,
a broken install), a simple search over ``opened.residents`` does the job.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ocpsc_field.i18n import _
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.models import ResidentTableModel
from ocpsc_field.ui.pages.common import heading, wrapped
from ocpsc_field.ui.pages.residents import resident_table
from ocpsc_field.ui.rtl import point_icon
from ocpsc_field.ui.tasks import DatabaseQueue, Task

DEBOUNCE_MS = 150
RESULTS = 20


class ResidentSearchBox(QWidget):
    """The fallback: type a name or phone number, Enter or double-click picks a resident."""

    picked = Signal(dict)

    def __init__(
        self, queue: DatabaseQueue, opened: OpenProfile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._search = opened.residents.search
        self._pending: Task | None = None
        self.search = QLineEdit(self)
        self.search.setAccessibleName(_("Find the resident"))
        self.search.setPlaceholderText(_("Type part of a name or phone number"))
        self.search.returnPressed.connect(self._pick_current)
        self.model = ResidentTableModel(self)
        self.results = resident_table(self.model, _("Residents found"), self)
        self.results.activated.connect(self._pick)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(self._timer.start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        self.setFocusProxy(self.search)

    def refresh(self) -> None:
        self._timer.stop()
        if not self._queue.running:
            return  # the app is closing
        if self._pending is not None:
            self._pending.cancel()
        text, search = self.search.text(), self._search
        self._pending = self._queue.run(
            lambda: search(text, limit=RESULTS), success=self._show, owner=self
        )

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self._pending = None
        self.model.set_rows(rows)
        if rows:
            self.results.selectRow(0)

    def _pick_current(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            self._pick(index)

    def _pick(self, index: QModelIndex) -> None:
        row = self.model.data(index, ResidentTableModel.RowRole)
        if row:
            self.picked.emit(dict(row))

    def clear(self) -> None:
        self.search.clear()
        self.refresh()


class RespondentChooser(QWidget):
    """Choose the resident who answers; ``chosen`` carries their row. Esc goes back."""

    chosen = Signal(dict)
    cancelled = Signal()

    def __init__(
        self, queue: DatabaseQueue, opened: OpenProfile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Who is answering?"))
        try:
            from ocpsc_field.ui.widgets.resident_picker import ResidentPicker
        except ImportError:
            ResidentPicker = None  # noqa: N806 - the class, or its absence
        self.picker: Any = None
        self.fallback: ResidentSearchBox | None = None
        if ResidentPicker is not None:
            self.picker = ResidentPicker(queue, opened, self, allow_anonymous=False)
            self.picker.chosen.connect(self._picker_chose)
            finder: QWidget = self.picker
        else:
            self.fallback = ResidentSearchBox(queue, opened, self)
            self.fallback.picked.connect(self.chosen)
            finder = self.fallback
        self.back_button = QPushButton(_("Back to surveys (Esc)"), self)
        self.back_button.setAccessibleName(_("Back to surveys"))
        self.back_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        point_icon(self.back_button, "back")
        self.back_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Who is answering?"), self))
        layout.addWidget(
            wrapped(
                _(
                    "Find the resident answering this survey, or add them if they are new. "
                    "The survey opens as soon as you choose them."
                ),
                self,
            )
        )
        layout.addWidget(finder)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def start(self) -> None:
        """Empty search, fresh suggestions, focus in the search field."""
        if self.picker is not None:
            self.picker.clear()
            self.picker.focus_search()
        elif self.fallback is not None:
            self.fallback.clear()
            self.fallback.setFocus(Qt.FocusReason.OtherFocusReason)

    def _picker_chose(self, resident_id: object) -> None:
        if resident_id is not None and self.picker.resident:
            self.chosen.emit(dict(self.picker.resident))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)
