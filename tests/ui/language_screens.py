"""Opening every main screen of the app on a demo profile, for the language tests.

Each ``open_*`` function drives the real widgets to one screen and returns
the widgets to inspect; ``close`` puts things back. The pseudo-locale test
walks each screen for text that did not come through the catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from babel import Locale
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from ocpsc_field import i18n
from ocpsc_field.core.records import Kind
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.language_walk import TextSlot, model_texts, text_slots
from ocpsc_field.ui.tasks import DatabaseQueue

DEMO_RESIDENTS = 25
_WORD = re.compile(r"[^\W\d_]+")
_MARKED = re.compile(
    re.escape(i18n.PSEUDO_OPEN)
    + r"[^"
    + i18n.PSEUDO_OPEN
    + i18n.PSEUDO_CLOSE
    + r"]*"
    + re.escape(i18n.PSEUDO_CLOSE)
)
# Key names in shortcuts come from Qt's QKeySequence, in Qt's catalog.
_SHORTCUT = re.compile(r"\b(?:(?:Ctrl|Shift|Alt|Meta)\+)+(?:\w+|[^\s\w])|\bF\d{1,2}\b")


def on_queue(qtbot: Any, queue: DatabaseQueue, job: Any) -> Any:
    outcome: dict[str, Any] = {}
    queue.run(
        job,
        success=lambda result: outcome.update(result=result),
        failure=lambda error: outcome.update(error=error),
    )
    qtbot.waitUntil(lambda: "result" in outcome or "error" in outcome, timeout=20000)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def settle(qtbot: Any, queue: DatabaseQueue) -> None:
    qtbot.wait(300)  # longer than the search boxes' debounce
    qtbot.waitUntil(lambda: not queue.busy, timeout=20000)
    qtbot.wait(20)


# -- what counts as data -------------------------------------------------------------
def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def data_words(opened: OpenProfile, extra: Iterable[str] = ()) -> frozenset[str]:
    """Every word found in the profile's records, and in what Babel and Qt say for
    the formatting locale (month, day and language names), plus ``extra``."""
    words: set[str] = set()
    for kind in Kind:
        for record in opened.records.iter_all(kind):
            for text in _strings(dict(record)):
                words.update(_WORD.findall(text))
    locale = Locale.parse(i18n.babel_locale_name())
    for names in (
        locale.languages,
        locale.territories,
        locale.scripts,
        locale.months["format"]["wide"],
        locale.months["format"]["abbreviated"],
        locale.days["format"]["wide"],
        locale.days["format"]["abbreviated"],
        locale.list_patterns["standard"],
    ):
        for text in names.values():
            words.update(_WORD.findall(str(text)))
    words.update(_WORD.findall(str(locale.time_formats["short"])))
    words.update({"AM", "PM"})
    for language in i18n.available_languages(include_pseudo=True):
        words.update(_WORD.findall(language.endonym))
    for text in extra:
        words.update(_WORD.findall(text))
    return frozenset(words)


def unmarked_words(text: str) -> list[str]:
    """Words of ``text`` outside every ``⟦…⟧`` message, and outside shortcuts."""
    previous = None
    while previous != text:
        previous, text = text, _MARKED.sub(" ", text)
    return _WORD.findall(_SHORTCUT.sub(" ", text))


# -- walking ----------------------------------------------------------------------------
def visible_windows() -> list[QWidget]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return [widget for widget in app.topLevelWidgets() if widget.isVisible()]


def screen_slots(windows: Iterable[QWidget]) -> Iterator[TextSlot]:
    """Every interface text of the windows, their children, actions and item views."""
    widgets: list[QWidget] = []
    for window in windows:
        widgets.append(window)
        widgets.extend(window.findChildren(QWidget))
    yield from text_slots(widgets)
    for widget in widgets:
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from model_texts(widget.model(), type(widget).__name__)


def is_data(word: str, allowed: frozenset[str]) -> bool:
    """A data word, or two run together (names in Chinese or Japanese have no space)."""
    return word in allowed or any(
        word[:cut] in allowed and word[cut:] in allowed for cut in range(1, len(word))
    )


def untranslated(windows: Iterable[QWidget], allowed: frozenset[str]) -> dict[str, str]:
    """``{where: text}`` for each text with a word that is neither catalog text nor data."""
    found = {}
    for slot in screen_slots(windows):
        if any(not is_data(word, allowed) for word in unmarked_words(slot.text)):
            found[slot.where] = slot.text
    return found


def first_resident(opened: OpenProfile) -> str:
    return next(iter(opened.records.iter_all(Kind.RESIDENT)))["id"]


def sample_csv(folder: Path) -> Path:
    path = folder / "residents.csv"
    path.write_text(
        "Given name,Family name,Phone,ZIP\r\nAmara,Okafor,(916) 555-0142,95823\r\n",
        encoding="utf-8",
    )
    return path


def key(qtbot: Any, widget: QWidget, key_code: Qt.Key, modifier: Any = None) -> None:
    if modifier is None:
        qtbot.keyClick(widget, key_code)
    else:
        qtbot.keyClick(widget, key_code, modifier)
