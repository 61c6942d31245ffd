"""Every piece of interface text a widget shows, each with a way to replace it.

The language switcher rewrites these slots in the new language, and the
pseudo-locale test reads them to find text that never went through the
catalog. Keeping the list in one place means both see the same text.

Only interface text is listed: window titles, labels, button and group
titles, tooltips, placeholders, accessible names, tab and combo item texts,
menu and action texts, item-widget texts and headers. What the user typed
(line edit text, text edits, spin box values, an editable combo's text) is
never listed, so it can never be rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTableWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

# Set to True on a combo box whose items are data (names of languages, programs):
# the switcher leaves them to the widget, which relabels them itself.
ITEMS_ARE_DATA = "ocpsc_items_are_data"
ITEM_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)
# Rows of a model-backed view the pseudo-locale test reads (the visible page).
MODEL_ROWS_READ = 50


@dataclass(frozen=True)
class TextSlot:
    """One shown text: where it is (for messages) and how to put new text there."""

    where: str
    text: str
    replace: Callable[[str], None] | None
    owner: object | None = None  # the widget or action showing it
    key: str = ""  # which of its texts ("accessibleName", "item[3].DisplayRole")


def _describe(widget: QObject) -> str:
    name = widget.objectName() or (widget.accessibleName() if isinstance(widget, QWidget) else "")
    return f"{type(widget).__name__}({name!r})" if name else type(widget).__name__


def _slot(
    owner: object | None,
    key: str,
    text: str | None,
    replace: Callable[[str], None] | None,
    where: str | None = None,
) -> Iterator[TextSlot]:
    if text:
        prefix = where or (_describe(owner) if isinstance(owner, QObject) else "")
        yield TextSlot(f"{prefix}.{key}", text, replace, owner, key)


def _common(widget: QWidget, where: str) -> Iterator[TextSlot]:
    if widget.isWindow():
        yield from _slot(widget, "windowTitle", widget.windowTitle(), widget.setWindowTitle)
    yield from _slot(widget, "toolTip", widget.toolTip(), widget.setToolTip)
    yield from _slot(widget, "statusTip", widget.statusTip(), widget.setStatusTip)
    yield from _slot(widget, "whatsThis", widget.whatsThis(), widget.setWhatsThis)
    yield from _slot(widget, "accessibleName", widget.accessibleName(), widget.setAccessibleName)
    yield from _slot(
        widget,
        "accessibleDescription",
        widget.accessibleDescription(),
        widget.setAccessibleDescription,
    )


def _own_text(widget: QWidget, where: str) -> Iterator[TextSlot]:
    """The text property that belongs to this kind of widget."""
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield from _slot(widget, "text", widget.text(), widget.setText)
    elif isinstance(widget, (QGroupBox, QMenu)):
        yield from _slot(widget, "title", widget.title(), widget.setTitle)
    elif isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        yield from _slot(widget, "placeholder", widget.placeholderText(), widget.setPlaceholderText)
    elif isinstance(widget, QComboBox):
        yield from _combo(widget, where)
    elif isinstance(widget, QTabBar):
        for index in range(widget.count()):
            yield from _slot(
                widget,
                f"tab[{index}]",
                widget.tabText(index),
                lambda text, i=index: widget.setTabText(i, text),
            )
            yield from _slot(
                widget,
                f"tabToolTip[{index}]",
                widget.tabToolTip(index),
                lambda text, i=index: widget.setTabToolTip(i, text),
            )
    elif isinstance(widget, QAbstractSpinBox):
        yield from _spin_box(widget, where)


def _combo(combo: QComboBox, where: str) -> Iterator[TextSlot]:
    yield from _slot(combo, "placeholder", combo.placeholderText(), combo.setPlaceholderText)
    data_items = bool(combo.property(ITEMS_ARE_DATA))
    for index in range(combo.count()):
        # An editable combo's current item is also the text being typed: leave it.
        fixed = not data_items and not (combo.isEditable() and index == combo.currentIndex())
        yield from _slot(
            combo,
            f"item[{index}]",
            combo.itemText(index),
            (lambda text, i=index: combo.setItemText(i, text)) if fixed else None,
        )
        for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            value = combo.itemData(index, role)
            if isinstance(value, str):
                yield from _slot(
                    combo,
                    f"item[{index}].{role.name}",
                    value,
                    (lambda text, i=index, r=role: combo.setItemData(i, text, r))
                    if not data_items
                    else None,
                )


def _spin_box(box: QAbstractSpinBox, where: str) -> Iterator[TextSlot]:
    yield from _slot(box, "specialValue", box.specialValueText(), box.setSpecialValueText)
    if isinstance(box, (QSpinBox, QDoubleSpinBox)):
        yield from _slot(box, "prefix", box.prefix(), box.setPrefix)
        yield from _slot(box, "suffix", box.suffix(), box.setSuffix)
    if isinstance(box, QDateTimeEdit):
        return  # its display format comes from the locale, not the catalog


def _items(view: QAbstractItemView, where: str) -> Iterator[TextSlot]:
    """Texts of item widgets (set by our code); model-backed views compute theirs."""
    if isinstance(view, QListWidget):
        items = [view.item(row) for row in range(view.count())]
    elif isinstance(view, QTableWidget):
        items = [
            view.item(row, column)
            for row in range(view.rowCount())
            for column in range(view.columnCount())
        ]
        items += [view.horizontalHeaderItem(column) for column in range(view.columnCount())]
        items += [view.verticalHeaderItem(row) for row in range(view.rowCount())]
    elif isinstance(view, QTreeWidget):
        items = [view.headerItem()]
        stack = [view.topLevelItem(i) for i in range(view.topLevelItemCount())]
        while stack:
            item = stack.pop()
            items.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
    else:
        return
    for number, item in enumerate(items):
        if item is None:
            continue
        columns = range(item.columnCount()) if isinstance(view, QTreeWidget) else (None,)
        for column in columns:
            for role in ITEM_ROLES:
                value = item.data(column, role) if column is not None else item.data(role)
                if isinstance(value, str):
                    yield from _slot(
                        view,
                        f"item[{number}].{role.name}",
                        value,
                        _item_setter(item, column, role),
                    )


def _item_setter(item: object, column: int | None, role: Qt.ItemDataRole) -> Callable[[str], None]:
    def replace(text: str) -> None:
        if column is None:
            item.setData(role, text)  # type: ignore[attr-defined]
        else:
            item.setData(column, role, text)  # type: ignore[attr-defined]

    return replace


def action_slots(action: QAction, where: str) -> Iterator[TextSlot]:
    yield from _slot(action, "text", action.text(), action.setText)
    # Qt derives an action's tooltip and icon text from its text unless they are set.
    plain = action.text().replace("&", "").replace("…", "")
    if action.toolTip() and action.toolTip() != plain:
        yield from _slot(action, "toolTip", action.toolTip(), action.setToolTip)
    yield from _slot(action, "statusTip", action.statusTip(), action.setStatusTip)
    yield from _slot(action, "whatsThis", action.whatsThis(), action.setWhatsThis)


def widget_slots(widget: QWidget) -> Iterator[TextSlot]:
    """Every interface text of one widget (not its children)."""
    where = _describe(widget)
    yield from _common(widget, where)
    yield from _own_text(widget, where)
    if isinstance(widget, QAbstractItemView):
        yield from _items(widget, where)


def columns(model: QAbstractItemModel) -> int:
    """How many columns a model has (a list model hides ``columnCount``: one)."""
    if isinstance(model, QAbstractListModel):
        return 1
    return model.columnCount(QModelIndex())


def model_texts(model: QAbstractItemModel, where: str) -> Iterator[TextSlot]:
    """Headers and the first rows of a model: read-only (models translate on demand)."""
    for section in range(columns(model)):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield from _slot(None, f"header[{section}]", value, None, where)
    for row in range(min(model.rowCount(QModelIndex()), MODEL_ROWS_READ)):
        for column in range(columns(model)):
            index = model.index(row, column, QModelIndex())
            for role in ITEM_ROLES:
                value = model.data(index, role)
                if isinstance(value, str):
                    yield from _slot(None, f"cell[{row},{column}]", value, None, where)


def all_widgets() -> list[QWidget]:
    """Every widget of the application, shown or not (hidden pages change language too)."""
    app = QApplication.instance()
    return list(app.allWidgets()) if isinstance(app, QApplication) else []


def all_actions(widgets: Iterable[QWidget]) -> list[QAction]:
    seen: dict[int, QAction] = {}
    for widget in widgets:
        for action in widget.actions():
            seen.setdefault(id(action), action)
        if isinstance(widget, QMenu):
            action = widget.menuAction()
            seen.setdefault(id(action), action)
    return list(seen.values())


def text_slots(widgets: Iterable[QWidget]) -> Iterator[TextSlot]:
    """Slots of ``widgets`` and of the actions they hold."""
    widgets = list(widgets)
    for widget in widgets:
        yield from widget_slots(widget)
    for action in all_actions(widgets):
        yield from action_slots(action, f"QAction({action.text()!r})")
