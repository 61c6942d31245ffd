"""Before a new resident is saved: "this person may already be registered".

Lists the likely duplicates with what makes each one likely (same phone, same
birth date), so the user can open the existing resident instead, or create
the new one anyway. Enter uses the selected resident; Esc goes back to the
form with everything typed still there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store.duplicates import LikelyDuplicate
from ocpsc_field.ui.formats import format_day
from ocpsc_field.ui.models import ModelIndex, display_name, display_phone, format_number
from ocpsc_field.ui.pages.common import heading, wrapped
from ocpsc_field.ui.resident_fields import fit_to_screen


def birth_date_text(value: str | None) -> str:
    if not value:
        return ""
    return format_day(value)


def reason_text(item: LikelyDuplicate) -> str:
    if item.same_birth_date and item.same_phone:
        return _("Similar name, same birth date and phone")
    if item.same_phone:
        return _("Similar name and same phone")
    return _("Similar name and same birth date")


class DuplicateModel(QAbstractTableModel):
    """The likely duplicates, one row each."""

    COL_NAME, COL_BIRTH, COL_PHONE, COL_CITY, COL_WHY = range(5)

    def __init__(self, items: Sequence[LikelyDuplicate], parent: Any = None) -> None:
        super().__init__(parent)
        self.items = list(items)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        return [_("Name"), _("Birth date"), _("Phone"), _("City"), _("Why it may be them")][section]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        item = self.items[index.row()]
        row = item.resident
        return [
            display_name(row),
            birth_date_text(row.get("birth_date")),
            display_phone(row.get("phone")),
            row.get("city") or "",
            reason_text(item),
        ][index.column()]


class DuplicateWarning(QDialog):
    """Choose an existing resident or create the new one anyway."""

    use_existing = Signal(str)  # the chosen resident's id
    create_anyway = Signal()

    def __init__(self, items: Sequence[LikelyDuplicate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = _("This person may already be registered")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.model = DuplicateModel(items, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Residents who may be the same person"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectRow(0)
        self.table.activated.connect(lambda _index: self._use())

        buttons = QDialogButtonBox(self)
        self.use_button = QPushButton(_("&Use the selected resident"), self)
        self.use_button.setAccessibleName(_("Use the selected resident"))
        self.use_button.setDefault(True)
        self.create_button = QPushButton(_("&Create a new resident anyway"), self)
        self.create_button.setAccessibleName(_("Create a new resident anyway"))
        self.back_button = QPushButton(_("Go &back to the form"), self)
        self.back_button.setAccessibleName(_("Go back to the form"))
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.use_button.clicked.connect(self._use)
        self.create_button.clicked.connect(self._create)
        self.back_button.clicked.connect(self.reject)

        count = len(self.model.items)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, self))
        layout.addWidget(
            wrapped(
                ngettext(
                    "{count} resident on this laptop has a similar name and the same birth date "
                    "or phone. If this is the same person, use the existing record, so their "
                    "conversations and applications stay together.",
                    "{count} residents on this laptop have a similar name and the same birth "
                    "date or phone. If one of them is the same person, use the existing record, "
                    "so their conversations and applications stay together.",
                    count,
                ).format(count=format_number(count)),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        fit_to_screen(self, metrics.averageCharWidth() * 110, metrics.height() * (14 + 2 * count))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen_id(self) -> str | None:
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else 0
        items = self.model.items
        return str(items[row].resident["id"]) if 0 <= row < len(items) else None

    def _use(self) -> None:
        resident_id = self.chosen_id()
        if resident_id is None:
            return
        self.accept()
        self.use_existing.emit(resident_id)

    def _create(self) -> None:
        self.accept()
        self.create_anyway.emit()
