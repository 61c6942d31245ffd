"""Choose the resident a record is about: search as you type, quick add, or anonymous.

Reused by every screen that records something about a resident (conversations,
enrollments, surveys). With the field empty, the residents this user talked to
today and the ones added most recently come first, because at a door the
person is usually one of them. Searches run on the database queue; a newer
search cancels an older one still waiting, so results never arrive out of order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from babel import Locale, UnknownLocaleError
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core.records import Kind
from ocpsc_field.core.validation import validate
from ocpsc_field.i18n import _, ngettext, render
from ocpsc_field.store import conversations as convo
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.language import switcher
from ocpsc_field.ui.language_walk import ITEMS_ARE_DATA
from ocpsc_field.ui.models import (
    ResidentTableModel,
    display_name,
    display_phone,
    format_number,
    language_name,
)
from ocpsc_field.ui.pages.common import set_text, wrapped
from ocpsc_field.ui.pages.residents import resident_table
from ocpsc_field.ui.rtl import follow_content
from ocpsc_field.ui.tasks import DatabaseQueue, Task
from ocpsc_field.ui.widgets.form_parts import (
    EnterField,
    ErrorLabel,
    PromptButton,
    field_label,
    name_combo,
)

DEBOUNCE_MS = 150
SUGGESTIONS = 8
VISIBLE_ROWS = 4
# Languages most spoken in California's outreach work, most common first.
CALIFORNIA_LANGUAGES = (
    "en", "es", "zh-Hans", "zh-Hant", "vi", "tl", "ko", "hy", "fa", "ar", "ru", "uk", "km",
    "pa", "hmn", "ja", "lo", "th", "hi", "ur", "ps", "am", "ti", "so", "pt", "fr", "zap",
)  # fmt: skip


def language_label(tag: str) -> str:
    """The language's name in the UI language, and in itself when that differs."""
    name = language_name(tag)
    try:
        own = Locale.parse(tag, sep="-").get_display_name(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError, TypeError):
        own = None
    if own and own.casefold() != name.casefold():
        return _("{language} ({own_name})").format(language=name, own_name=own)
    return name


class LanguageBox(QComboBox):
    """A language chosen by name; typing the first letters jumps to it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_combo(self, name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for tag in CALIFORNIA_LANGUAGES:
            self.addItem(language_label(tag), tag)
        # Names are said in the interface language: said again when it changes.
        self.setProperty(ITEMS_ARE_DATA, True)
        switcher().language_changed.connect(self._relabel)

    def _relabel(self, _interface_language: str) -> None:
        for index in range(self.count()):
            self.setItemText(index, language_label(self.itemData(index)))

    def language(self) -> str | None:
        return self.currentData()

    def set_language(self, tag: str | None) -> None:
        if not tag:
            return
        index = self.findData(tag)
        if index < 0:
            self.addItem(language_label(tag), tag)
            index = self.count() - 1
        self.setCurrentIndex(index)


class SuggestionField(EnterField):
    """A search field whose results list is driven from the keyboard without leaving it.

    Up and Down move the highlight in ``results``; Enter goes to ``take_enter``
    (to pick the highlighted result) and otherwise on to the form.
    """

    def __init__(self, results: QAbstractItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results = results
        follow_content(self)  # a Latin name typed in an Arabic window reads left to right

    def keyPressEvent(self, event: QKeyEvent) -> None:
        rows = self.results.model().rowCount() if self.results.isVisible() else 0
        steps = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: VISIBLE_ROWS,
            Qt.Key.Key_PageUp: -VISIBLE_ROWS,
        }
        if event.key() in steps and rows:
            current = self.results.currentIndex().row()
            row = max(0, min(rows - 1, current + steps[event.key()]))
            self.results.setCurrentIndex(self.results.model().index(row, 0))
            return
        super().keyPressEvent(event)


class Panels(QWidget):
    """One of several panels at a time; unlike a QStackedWidget, as tall as the one shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._panels: list[QWidget] = []

    def addWidget(self, panel: QWidget) -> None:
        panel.setVisible(not self._panels)
        self._panels.append(panel)
        self._layout.addWidget(panel)

    def setCurrentWidget(self, panel: QWidget) -> None:
        panel.show()  # before hiding the others, so focus has somewhere to go
        for other in self._panels:
            if other is not panel:
                other.hide()

    def currentWidget(self) -> QWidget | None:
        return next((panel for panel in self._panels if not panel.isHidden()), None)


class SuggestionModel(ResidentTableModel):
    """Resident suggestions; the ones seen today say so next to the name."""

    def _display(self, row: dict[str, Any], column: int) -> str | None:
        text = super()._display(row, column)
        if column == self.COL_NAME and row.get("seen_at"):
            return _("{name} (seen today)").format(name=text)
        return text


class QuickAdd(QFrame):
    """A new resident in four fields, without leaving the form. Enter adds, Esc goes back."""

    added = Signal(dict)
    cancelled = Signal()
    edited = Signal()

    def __init__(self, queue: DatabaseQueue, opened: OpenProfile, parent: QWidget | None = None):
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self._saving = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Quick add a resident"))
        self.given = QLineEdit(self)
        self.family = QLineEdit(self)
        self.language = LanguageBox(_("Preferred language"), self)
        self.phone = QLineEdit(self)
        self.errors: dict[str, ErrorLabel] = {}
        grid = QGridLayout(self)
        grid.addWidget(wrapped(_("Add a new resident. Only the given name is required."), self),
                       0, 0, 1, 2)  # fmt: skip
        fields = (
            ("given_name", _("Given name"), self.given),
            ("family_name", _("Family name"), self.family),
            ("preferred_language", _("Preferred language"), self.language),
            ("phone", _("Phone"), self.phone),
        )
        for position, (key, text, widget) in enumerate(fields):
            widget.setAccessibleName(text)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self.edited)
            row, column = 1 + (position // 2) * 3, position % 2
            grid.addWidget(field_label(text, widget, self), row, column)
            grid.addWidget(widget, row + 1, column)
            self.errors[key] = ErrorLabel(self)
            grid.addWidget(self.errors[key], row + 2, column)
        self.language.currentIndexChanged.connect(lambda _index: self.edited.emit())
        self.add_button = QPushButton(_("Add resident"), self)
        self.add_button.setAccessibleName(_("Add resident"))
        self.add_button.setAutoDefault(True)
        self.add_button.clicked.connect(self.add)
        self.cancel_button = QPushButton(_("Back to search"), self)
        self.cancel_button.setAccessibleName(_("Back to search"))
        self.cancel_button.setAutoDefault(True)
        self.cancel_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 7, 0, 1, 2)

    def start(self, typed: str, language: str | None) -> None:
        """Prefill from what was typed in the search: digits are a phone, words a name."""
        for widget in (self.given, self.family, self.phone):
            widget.clear()
        for label in self.errors.values():
            label.show_message("")
        words = typed.split()
        if typed.strip() and sum(ch.isdigit() for ch in typed) * 2 >= len(typed.strip()):
            self.phone.setText(typed.strip())
        elif words:
            self.given.setText(words[0])
            self.family.setText(" ".join(words[1:]))
        self.language.set_language(language or i18n.current_language())
        self.given.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict[str, Any]:
        return {
            "given_name": self.given.text(),
            "family_name": self.family.text(),
            "preferred_language": self.language.language(),
            "phone": self.phone.text(),
        }

    def restore(self, values: dict[str, Any]) -> None:
        self.given.setText(values.get("given_name") or "")
        self.family.setText(values.get("family_name") or "")
        self.language.set_language(values.get("preferred_language"))
        self.phone.setText(values.get("phone") or "")

    def add(self) -> None:
        if self._saving:
            return
        values = self.values()
        checked = validate(Kind.RESIDENT, values)
        self._show_errors(checked.errors)
        if not checked.ok:
            self._focus_first_error(checked.errors)
            return
        self._saving = True
        records = self._opened.records
        self._queue.run(
            lambda: records.create(Kind.RESIDENT, values),
            success=self._saved,
            failure=self._failed,
            owner=self,
        )

    def _saved(self, result: Any) -> None:
        self._saving = False
        if not result.ok:
            self._show_errors(result.errors)
            return
        self.added.emit(result.record)

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.errors["given_name"].show_message(
            _("The resident could not be saved. What you typed is still here; try again.")
        )

    def _show_errors(self, errors: dict[str, Any]) -> None:
        for key, label in self.errors.items():
            label.show_message(render(errors[key]) if key in errors else "")

    def _focus_first_error(self, errors: dict[str, Any]) -> None:
        widgets = {"given_name": self.given, "family_name": self.family, "phone": self.phone,
                   "preferred_language": self.language}  # fmt: skip
        for key, widget in widgets.items():
            if key in errors:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add()  # never reaches the form: adding the resident comes first
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


class ResidentPicker(QWidget):
    """Search, suggestions, quick add and "anonymous household", in one field.

    ``chosen`` carries the resident's id, or None for an anonymous household;
    ``cleared`` means nobody is chosen any more; ``edited`` fires on any input,
    so forms can save a draft.
    """

    chosen = Signal(object)
    cleared = Signal()
    edited = Signal()

    def __init__(
        self,
        queue: DatabaseQueue,
        opened: OpenProfile,
        parent: QWidget | None = None,
        *,
        allow_anonymous: bool = True,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self._pending: Task | None = None
        self._pick_when_ready = False
        self._shown_text: str | None = None
        self.resident: dict[str, Any] | None = None
        self.anonymous = False
        # Asked for the preferred language to offer when adding a resident on the spot.
        self.language_hint: Callable[[], str | None] = lambda: None
        self.setAccessibleName(_("Resident"))

        self.model = SuggestionModel(self)
        self.results = resident_table(self.model, _("Residents found"), self)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.hideColumn(ResidentTableModel.COL_COUNTY)
        self.results.horizontalHeader().setStretchLastSection(False)  # scroll, never cut
        self.results.setMaximumHeight(round(self.fontMetrics().height() * (VISIBLE_ROWS * 1.7 + 2)))
        self.results.clicked.connect(self._pick)
        self.search = SuggestionField(self.results, self)
        self.search.setAccessibleName(_("Find the resident"))
        self.search.setPlaceholderText(_("Type part of a name or phone number"))
        self.search.setClearButtonEnabled(True)
        self.search.take_enter = self._enter
        self.search.textEdited.connect(self._typed)
        self.results.selectionModel().currentChanged.connect(self._highlighted)
        self.summary = wrapped("", self)

        self.quick_add_button = PromptButton(_("&Quick add"), self)
        self.quick_add_button.setAccessibleName(_("Quick add a new resident"))
        self.quick_add_button.clicked.connect(self.start_quick_add)
        self.anonymous_button = PromptButton(_("&Anonymous household"), self)
        self.anonymous_button.setAccessibleName(_("Anonymous household"))
        self.anonymous_button.setAccessibleDescription(
            _("Log the conversation without naming anyone.")
        )
        self.anonymous_button.clicked.connect(self.set_anonymous)
        self.anonymous_button.setVisible(allow_anonymous)

        finder = QWidget(self)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.quick_add_button)
        row.addWidget(self.anonymous_button)
        column = QVBoxLayout(finder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.summary)
        column.addWidget(self.results)

        self.quick_add = QuickAdd(queue, opened, self)
        self.quick_add.added.connect(self._added)
        self.quick_add.cancelled.connect(self._back_to_search)
        self.quick_add.edited.connect(self.edited)

        chosen = QFrame(self)
        chosen.setFrameShape(QFrame.Shape.StyledPanel)
        self.chosen_label = wrapped("", chosen)
        font = self.chosen_label.font()
        font.setBold(True)
        self.chosen_label.setFont(font)
        self.change_button = QPushButton(_("Change"), chosen)
        self.change_button.setAccessibleName(_("Choose someone else"))
        self.change_button.setAutoDefault(True)
        self.change_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.change_button.clicked.connect(self.clear)
        line = QHBoxLayout(chosen)
        line.addWidget(self.chosen_label, 1)
        line.addWidget(self.change_button)

        self.pages = Panels(self)
        self.pages.setAccessibleName(_("Resident"))
        for page in (finder, self.quick_add, chosen):
            self.pages.addWidget(page)
        self._finder, self._chosen = finder, chosen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        # Focusable itself so a label's Alt+letter reaches it; the proxy takes the focus.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.search)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh_suggestions)

    # -- what is chosen ---------------------------------------------------------------------
    @property
    def resident_id(self) -> str | None:
        return self.resident["id"] if self.resident else None

    def set_resident(self, row: dict[str, Any]) -> None:
        self.resident, self.anonymous = dict(row), False
        parts = [display_name(row), language_name(row.get("preferred_language"))]
        # A phone number never breaks across lines.
        phone = display_phone(row.get("phone")).replace(" ", "\u00a0")
        text = _("{name} · {language}").format(name=parts[0], language=parts[1])
        if phone:
            text = _("{name} · {language} · {phone}").format(
                name=parts[0], language=parts[1], phone=phone
            )
        self._show_chosen(text)
        self.chosen.emit(self.resident_id)

    def set_anonymous(self) -> None:
        self.resident, self.anonymous = None, True
        self._show_chosen(_("Anonymous household: nobody is named in this conversation."))
        self.chosen.emit(None)

    def _show_chosen(self, text: str) -> None:
        set_text(self.chosen_label, text)
        self._chosen.setAccessibleName(text)
        focused = QApplication.focusWidget()
        had_focus = focused is not None and (focused is self or self.isAncestorOf(focused))
        self.pages.setCurrentWidget(self._chosen)
        self.setFocusProxy(self.change_button)
        if had_focus:
            self.change_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Nobody chosen: back to the search, with fresh suggestions."""
        was_chosen = self.resident is not None or self.anonymous
        self.resident, self.anonymous = None, False
        self.search.clear()
        self.pages.setCurrentWidget(self._finder)
        self.setFocusProxy(self.search)
        self.refresh_suggestions()
        if was_chosen:
            self.cleared.emit()
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- drafts -----------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Everything typed or chosen here, for a draft."""
        state: dict[str, Any] = {"resident": self.resident, "anonymous": self.anonymous}
        if self.pages.currentWidget() is self.quick_add:
            state["quick_add"] = self.quick_add.values()
        elif self.search.text():
            state["search"] = self.search.text()
        return state

    def restore_state(self, state: dict[str, Any]) -> None:
        if state.get("resident"):
            self.set_resident(state["resident"])
        elif state.get("anonymous"):
            self.set_anonymous()
        elif state.get("quick_add"):
            self.clear()
            self.pages.setCurrentWidget(self.quick_add)
            self.setFocusProxy(self.quick_add.given)
            self.quick_add.restore(state["quick_add"])
        else:
            self.clear()
            self.search.setText(state.get("search") or "")
            self.refresh_suggestions()

    # -- searching --------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self._timer.start()
        self.edited.emit()

    def refresh_suggestions(self) -> None:
        """Search now for the current text (the debounce timer calls this)."""
        self._timer.stop()
        if self._pending is not None:
            self._pending.cancel()
        text = self.search.text()
        database, user, search = (
            self._opened.database,
            self._opened.actor.user,
            self._opened.residents.search,
        )

        def job() -> list[dict[str, Any]]:
            if text.strip():
                return search(text, limit=SUGGESTIONS)
            today = date.today()
            start, end = convo.local_day_bounds(today, today)
            seen = convo.residents_seen(database, user, start, end, limit=SUGGESTIONS)
            known = {row["id"] for row in seen}
            recent = [row for row in search("", limit=SUGGESTIONS) if row["id"] not in known]
            return (seen + recent)[:SUGGESTIONS]

        self._pending = self._queue.run(
            job, success=lambda rows: self._show(text, rows), owner=self
        )

    def _show(self, text: str, rows: list[dict[str, Any]]) -> None:
        self._pending = None
        self._shown_text = text
        self.model.set_rows(rows)
        self.results.setVisible(bool(rows))
        if rows:
            self.results.setCurrentIndex(self.model.index(0, 0))
        set_text(self.summary, self._summary(text, len(rows)))
        if self._pick_when_ready:
            self._pick_when_ready = False
            if rows:
                self._pick(self.model.index(0, 0))

    @staticmethod
    def _summary(text: str, count: int) -> str:
        if not text.strip():
            if not count:
                return _("No residents on this laptop yet. Press Alt+Q to add one.")
            return _("Residents seen today and added most recently. Type to find others.")
        if not count:
            return _("No residents match “{text}”. Press Alt+Q to add them.").format(
                text=text.strip()
            )
        if count >= SUGGESTIONS:
            return _("The first {count} matches. Type more to narrow them down.").format(
                count=format_number(count)
            )
        return ngettext("{count} resident matches.", "{count} residents match.", count).format(
            count=format_number(count)
        )

    def _highlighted(self, current: QModelIndex, _previous: QModelIndex) -> None:
        text = current.siblingAtColumn(0).data() if current.isValid() else ""
        self.search.setAccessibleDescription(text or "")

    def _enter(self) -> bool:
        """Enter in the search picks the highlighted resident, waiting for a search in flight.

        With nothing typed, Enter is not used here: it belongs to the form.
        """
        if not self.search.text().strip():
            return False
        searching = self._timer.isActive() or self._pending is not None
        if searching or self._shown_text != self.search.text():
            self._pick_when_ready = True
            self.refresh_suggestions()
            return True
        index = self.results.currentIndex()
        if index.isValid():
            self._pick(index)
            return True
        return False

    def _pick(self, index: QModelIndex) -> None:
        row = self.model.data(index, ResidentTableModel.RowRole)
        if row:
            self.set_resident(row)

    # -- quick add --------------------------------------------------------------------------
    def start_quick_add(self) -> None:
        self.pages.setCurrentWidget(self.quick_add)
        self.setFocusProxy(self.quick_add.given)
        self.quick_add.start(self.search.text(), self.language_hint())
        self.edited.emit()

    def _added(self, record: dict[str, Any]) -> None:
        self.set_resident(record)
        self.edited.emit()

    def _back_to_search(self) -> None:
        self.pages.setCurrentWidget(self._finder)
        self.setFocusProxy(self.search)
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()
