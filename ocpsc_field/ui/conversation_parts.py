"""The parts of the conversation form: its words, the program checklist, referrals, notes.

Kept apart from the form itself so each file stays readable; nothing here
knows about drafts or saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core.clock import parse_iso_utc
from ocpsc_field.core.labels import pick_label
from ocpsc_field.i18n import _
from ocpsc_field.store import conversations as convo
from ocpsc_field.store.db import Database
from ocpsc_field.ui import formats
from ocpsc_field.ui.pages.common import set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue, Task
from ocpsc_field.ui.widgets.form_parts import CHECK, FlowLayout
from ocpsc_field.ui.widgets.resident_picker import DEBOUNCE_MS, SuggestionField

ModelIndex = QModelIndex | QPersistentModelIndex
REMOVE = "\u2715"  # ✕


# -- words ------------------------------------------------------------------------------------
def channel_choices() -> tuple[tuple[str, str, str], ...]:
    """(code, label with its Alt+letter mnemonic, accessible name) for each channel."""
    return (
        ("door", _("&Door"), _("Door")),
        ("phone", _("&Phone"), _("Phone")),
        ("event", _("&Event"), _("Event")),
        ("text", _("Te&xt message"), _("Text message")),
        ("walk_in", _("&Walk-in"), _("Walk-in")),
    )


def outcome_choices() -> tuple[tuple[str, str, str], ...]:
    return (
        ("reached", _("&Reached"), _("Reached")),
        ("not_home", _("&Not home"), _("Not home")),
        ("refused", _("Ref&used"), _("Refused")),
        ("moved", _("&Moved"), _("Moved")),
        ("follow_up", _("F&ollow-up needed"), _("Follow-up needed")),
    )


def misinformation_labels() -> dict[str, str]:
    return {
        "health": _("Health"),
        "vaccines": _("Vaccines"),
        "immigration_status": _("Immigration status"),
        "public_charge": _("Public charge (benefits and immigration)"),
        "benefits_eligibility": _("Who can get benefits"),
        "elections": _("Elections and voting"),
        "disasters": _("Disasters and emergencies"),
        "scams": _("Scams"),
        "other": _("Something else"),
    }


def default_materials() -> list[str]:
    """Chips offered before this user has left any materials of their own."""
    return [_("Door hanger"), _("Flyer"), _("Resource guide")]


def local_time_text(stored: str) -> str:
    """A stored UTC time in this computer's zone, in the UI locale: the time alone if today."""
    # In a right-to-left layout "1:15 PM" comes back isolated, not as "PM 1:15".
    return formats.format_moment(parse_iso_utc(stored), today=date.today())


# -- notes ------------------------------------------------------------------------------------
class NotesEdit(QPlainTextEdit):
    """Notes over several lines: Enter starts a new line, Ctrl+Enter saves, Tab moves on."""

    submit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(_("Anything to remember. Ctrl+Enter saves."))
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submit.emit()
            return
        super().keyPressEvent(event)


# -- programs ---------------------------------------------------------------------------------
class ProgramModel(QAbstractListModel):
    """Programs to tick, labelled in the UI language, most discussed by this user first."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []
        self.checked: list[str] = []

    def set_programs(self, rows: Sequence[dict[str, Any]], language: str) -> None:
        labelled = [(row["id"], pick_label(row["name"], language), row["uses"]) for row in rows]
        labelled.sort(key=lambda item: (-item[2], item[1].casefold()))
        self.beginResetModel()
        self._rows = [(program_id, label) for program_id, label, _uses in labelled]
        self.endResetModel()

    def set_checked(self, ids: Sequence[str]) -> None:
        self.checked = list(dict.fromkeys(ids))
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        program_id, label = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            chosen = program_id in self.checked
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role == self.IdRole:
            return program_id
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        program_id = self._rows[index.row()][0]
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked and program_id not in self.checked:
            self.checked.append(program_id)
        elif not checked and program_id in self.checked:
            self.checked.remove(program_id)
        self.dataChanged.emit(index, index, [role])
        self.changed.emit()
        return True


class ProgramList(QListView):
    """The program checklist: Space ticks, typing a name jumps to it, Enter saves the form."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setAccessibleDescription(_("Space ticks a program. Type a name to jump to it."))
        self.model_ = ProgramModel(self)
        self.setModel(self.model_)
        self.model_.changed.connect(self.changed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(False)
        # Long program names wrap onto a second line rather than running off the edge.
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(self.fontMetrics().height() * 9)

    def set_programs(self, rows: Sequence[dict[str, Any]], language: str) -> None:
        self.model_.set_programs(rows, language)
        if self.model_.rowCount():
            self.setCurrentIndex(self.model_.index(0))

    def set_checked(self, ids: Sequence[str]) -> None:
        self.model_.set_checked(ids)
        if not ids and self.model_.rowCount():
            self.setCurrentIndex(self.model_.index(0))
            self.scrollToTop()

    def checked_ids(self) -> list[str]:
        return list(self.model_.checked)


# -- referrals --------------------------------------------------------------------------------
class ResourceModel(QAbstractListModel):
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return resource_text(row)
        if role == self.RowRole:
            return row
        return None


def resource_text(row: dict[str, Any]) -> str:
    name = pick_label(row.get("name") or {}, i18n.current_language())
    services = formats.format_items((row.get("services") or [])[:2])
    place = row.get("city") or row.get("county") or ""
    if services:
        return i18n.fill(
            _("{name} · {services} · {place}"), name=name, services=services, place=place
        )
    return i18n.fill(_("{name} · {place}"), name=name, place=place)


class ReferralPicker(QWidget):
    """Resources the resident was referred to: search the directory, Enter adds one."""

    edited = Signal()

    def __init__(self, queue: DatabaseQueue, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self._queue = queue
        self._database = database
        self._pending: Task | None = None
        self._shown_text = ""
        self._pick_when_ready = False
        self.chosen: list[dict[str, Any]] = []
        self.setAccessibleName(_("Referrals"))
        self.model = ResourceModel(self)
        self.results = QListView(self)
        self.results.setModel(self.model)
        self.results.setAccessibleName(_("Resources found"))
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setMaximumHeight(self.fontMetrics().height() * 6)
        self.results.clicked.connect(self._pick)
        self.results.hide()
        self.search = SuggestionField(self.results, self)
        self.search.setAccessibleName(_("Search the resource directory"))
        self.search.setPlaceholderText(_("Search resources by name, service or county"))
        self.search.take_enter = self._enter
        self.search.textEdited.connect(lambda _text: self._timer.start())
        self.hint = wrapped("", self)
        self.hint.hide()
        self.chips = QWidget(self)
        self.chips.setAccessibleName(_("Referrals made"))
        self._chip_layout = FlowLayout(self.chips)
        self._chip_layout.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.hint)
        layout.addWidget(self.results)
        layout.addWidget(self.chips)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)

    def ids(self) -> list[str]:
        return [row["id"] for row in self.chosen]

    def state(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self.chosen]

    def restore(self, rows: Sequence[dict[str, Any]]) -> None:
        self.chosen = []
        self.search.clear()
        self.results.hide()
        self.hint.hide()
        for row in rows:
            self._add(row, announce=False)
        self._show_chips()

    def run_search(self) -> None:
        self._timer.stop()
        if self._pending is not None:
            self._pending.cancel()
        text, database = self.search.text(), self._database
        if not text.strip():
            self._show(text, [])
            return
        self._pending = self._queue.run(
            lambda: convo.find_referrals(database, text, limit=12),
            success=lambda rows: self._show(text, rows),
            owner=self,
        )

    def _show(self, text: str, rows: list[dict[str, Any]]) -> None:
        self._pending = None
        self._shown_text = text
        self.model.set_rows(rows)
        self.results.setVisible(bool(rows))
        if rows:
            self.results.setCurrentIndex(self.model.index(0))
        if text.strip() and not rows:
            set_text(self.hint, _("No resources match “{text}”.").format(text=text.strip()))
        self.hint.setVisible(bool(text.strip()) and not rows)
        if self._pick_when_ready:
            self._pick_when_ready = False
            if rows:
                self._pick(self.model.index(0))

    def _enter(self) -> bool:
        """Enter adds the highlighted resource (the first match, once a search in flight ends)."""
        if not self.search.text().strip():
            return False
        if self._timer.isActive() or self._shown_text != self.search.text():
            self._pick_when_ready = True
            self.run_search()
            return True
        index = self.results.currentIndex()
        if index.isValid():
            self._pick(index)
        return True

    def _pick(self, index: QModelIndex) -> None:
        row = self.model.data(index, ResourceModel.RowRole)
        if row:
            self._add(row)
            self.search.clear()
            self._show("", [])
            self._show_chips()

    def _add(self, row: dict[str, Any], *, announce: bool = True) -> None:
        if row["id"] not in self.ids():
            self.chosen.append(row)
            if announce:
                self.edited.emit()

    def _remove(self, resource_id: str) -> None:
        self.chosen = [row for row in self.chosen if row["id"] != resource_id]
        self._show_chips()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()

    def _show_chips(self) -> None:
        while self._chip_layout.count():
            item = self._chip_layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for row in self.chosen:
            name = pick_label(row.get("name") or {}, i18n.current_language())
            chip = QPushButton(f"{CHECK} {name}  {REMOVE}".replace("&", "&&"), self.chips)
            chip.setAccessibleName(i18n.fill(_("Remove the referral to {name}"), name=name))
            chip.setAutoDefault(True)
            chip.clicked.connect(lambda _c=False, rid=row["id"]: self._remove(rid))
            self._chip_layout.addWidget(chip)
        self.chips.setVisible(bool(self.chosen))
        self.chips.updateGeometry()
