"""Switching the interface language while the app runs: no restart, nothing typed lost.

Why a walker and not a ``retranslate_ui()`` in every widget class: the
interface is built in code by many screens, and each builds its text once
with ``_()``. Re-running every constructor would lose what is typed;
teaching forty screens to rebuild their text would spread the job across
forty files and forget some. Instead ``switch_language``:

1. indexes the language being left (``ShownText``): every translation of
   every template message, with placeholders as patterns;
2. activates the new catalog, Qt's own ``qtbase`` catalog (standard dialogs,
   context menus), the default ``QLocale`` and the layout direction;
3. walks every widget and action of the application (``language_walk``) and
   replaces each interface text that the index recognises with the same
   message in the new language, placeholders refilled with their values;
4. asks item views to fetch headers and cells again (our models translate
   when asked), and emits ``language_changed`` so screens whose text comes
   from data (counts, statuses, sync state) can read it again.

Typed text is never touched: the walker lists only interface properties,
and text that is not in the catalog (names, record contents) is never
recognised. Qt's internal strings are translated only for languages that
ship a ``qtbase_<lang>.qm`` (see ``QT_CATALOG_LANGUAGES``); the others show
English for the few Qt texts our code cannot set: the line-edit and
text-edit context menus (Undo, Redo, Cut, Copy, Paste, Delete, Select All),
the scroll bar context menu and the date-edit calendar's tooltips.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from ocpsc_field import i18n
from ocpsc_field.ui.language_text import Reading, ShownText
from ocpsc_field.ui.language_walk import all_widgets, columns, text_slots

QT_CATALOG_LANGUAGES = frozenset(
    language.tag for language in i18n.LANGUAGES if language.qt_catalog is not None
)


class LanguageSwitcher(QObject):
    """One per application: the Qt side of the active language, and the change signal."""

    language_changed = Signal(str)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._qt_translators: list[QTranslator] = []
        self._remembered: Remembered = {}

    # -- Qt's side of a language ----------------------------------------------------
    def apply_qt(self, tag: str) -> bool:
        """Qt catalog, default locale and direction for ``tag``; True if Qt has a catalog."""
        language = i18n.language(tag)
        for translator in self._qt_translators:
            self._app.removeTranslator(translator)
        self._qt_translators = []
        loaded = False
        if language.qt_catalog is not None:
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            translator = QTranslator(self)
            if translator.load(f"qtbase_{language.qt_catalog}", folder):
                self._app.installTranslator(translator)
                self._qt_translators.append(translator)
                loaded = True
        QLocale.setDefault(QLocale(language.babel_locale))
        direction = (
            Qt.LayoutDirection.RightToLeft if language.rtl else Qt.LayoutDirection.LeftToRight
        )
        self._app.setLayoutDirection(direction)
        for window in self._app.topLevelWidgets():
            # A window built with a forced direction follows the application again.
            if window.testAttribute(Qt.WidgetAttribute.WA_SetLayoutDirection):
                window.unsetLayoutDirection()
        return loaded

    # -- switching ----------------------------------------------------------------------
    def switch(self, tag: str) -> str:
        """Show the whole interface in ``tag``'s language; returns the tag now in use."""
        leaving = ShownText(i18n.active_translations(), i18n.template_entries())
        now = i18n.set_language(tag)
        self.apply_qt(now)
        # Qt's own widgets retranslate on LanguageChange; deliver it now, not later.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        retranslate(leaving, all_widgets(), self._remembered)
        self.language_changed.emit(now)
        return now


# What each text the switcher set says, by (owner, which text): the next switch
# says the same message again rather than guessing it back from its translation
# (two English messages may share one translation, "Name" and "Given name").
Remembered = dict[tuple[int, str], tuple[str, Reading]]


def retranslate(
    leaving: ShownText, widgets: list[QWidget], remembered: Remembered | None = None
) -> int:
    """Say every recognised interface text of ``widgets`` in the active language."""
    translation = i18n.active_translations()
    remembered = {} if remembered is None else remembered
    changed = 0
    for slot in list(text_slots(widgets)):
        if slot.replace is None:
            continue
        key = (id(slot.owner), slot.key)
        known = remembered.get(key)
        reading = known[1] if known is not None and known[0] == slot.text else None
        reading = reading or leaving.read(slot.text)
        new = reading.render(translation) if reading is not None else None
        if new is None:
            continue
        remembered[key] = (new, reading)
        if new != slot.text:
            slot.replace(new)
            changed += 1
    for widget in widgets:
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            _refetch(widget)
    return changed


def _refetch(view: QAbstractItemView) -> None:
    """Make a view ask its model again: headers and cells are translated on demand.

    Cells are only repainted (painting asks the model); pages whose rows change
    size read their data again on ``language_changed``.
    """
    model = view.model()
    width = columns(model)
    if width:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, width - 1)
    view.viewport().update()


class PlaceholderFit(QObject):
    """Keeps a line edit at least as wide as its placeholder, in whatever language.

    A placeholder cannot wrap: an example longer than its field ("Year-month-day,
    like 1980-04-23" in a longer language) would be cut off. A child of the
    field, so the connection ends with it.
    """

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        self.fit()
        switcher().language_changed.connect(self.fit)

    @Slot()
    @Slot(str)
    def fit(self, _tag: str = "") -> None:
        text = self._edit.placeholderText()
        if text:
            metrics = self._edit.fontMetrics()
            padding = metrics.averageCharWidth() * 3  # the frame and the text margins
            self._edit.setMinimumWidth(metrics.horizontalAdvance(text) + padding)


def switcher() -> LanguageSwitcher:
    """The application's switcher, made on first use."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "a QApplication must exist first"
    existing = app.findChild(LanguageSwitcher)
    if isinstance(existing, LanguageSwitcher):
        return existing
    return LanguageSwitcher(app)


def start_language(tag: str) -> str:
    """Activate ``tag`` before any window exists (catalogs, Qt catalog, direction)."""
    now = i18n.set_language(tag)
    switcher().apply_qt(now)
    return now


def switch_language(tag: str) -> str:
    """Switch every open window to ``tag``'s language now."""
    return switcher().switch(tag)
