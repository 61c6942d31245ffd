"""Switching the interface language while the app runs: every text follows, nothing typed is lost.

The strongest check compares a window switched at run time with a window
built fresh in the same language: they must show exactly the same interface
texts. The typed-data checks drive a half-filled conversation and a resident
search through en -> es -> ar -> en.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ocpsc_field import i18n
from ocpsc_field.store.demo import fill_demo
from ocpsc_field.store.session import OpenProfile, open_profile
from ocpsc_field.ui.language import start_language, switch_language
from ocpsc_field.ui.language_choice import SETTINGS_FILE, saved_language, start_language_tag
from ocpsc_field.ui.language_walk import text_slots
from ocpsc_field.ui.main_window import PAGE_KEYS, MainWindow
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.unlock_dialog import UnlockDialog
from tests.ui.language_screens import DEMO_RESIDENTS, settle


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory, _profile_template: Path) -> Path:
    folder = tmp_path_factory.mktemp("switch") / "demo"
    shutil.copytree(_profile_template, folder)
    from tests.conftest import PASSPHRASE

    with open_profile(folder, PASSPHRASE) as opened:
        fill_demo(opened, residents=DEMO_RESIDENTS, seed=5)
    return folder


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path, passphrase: str) -> Iterator[OpenProfile]:
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    with open_profile(folder, passphrase) as opened:
        yield opened


@pytest.fixture
def queue(demo: OpenProfile) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


@pytest.fixture(autouse=True)
def back_to_english(qapp) -> Iterator[None]:
    start_language("en")
    yield
    start_language("en")


def said_in(tag: str, msgid: str) -> str:
    """What ``tag``'s catalog says for ``msgid`` (English where it has no translation yet)."""
    return i18n.load_translations(i18n.language(tag)).gettext(msgid)


def make_window(qtbot, queue: DatabaseQueue, demo: OpenProfile) -> MainWindow:
    window = MainWindow(demo, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    return window


_DECORATION = re.compile(r"\s*[(（]&?[A-Z0-9][)）]|&|…|[:：]$")
_NAMED = re.compile(r"\((?:'[^']*'|\"[^\"]*\")\)")


def _plain(text: str) -> str:
    return _DECORATION.sub("", text).strip()


def catalog_sources(tag: str) -> dict[str, set[str]]:
    """Each translation of ``tag``'s catalog, undecorated, to its English sources.

    Code derives accessible names from labels ("&New resident…" -> "New
    resident") and also has messages of their own ("New resident"); the same
    English can reach a widget either way, and a translator may word the two
    differently. Comparing by source keeps the check about language, not about
    which path the text took.
    """
    translation = i18n.load_translations(i18n.language(tag))
    sources: dict[str, set[str]] = {}
    for singular, plural in i18n.template_entries():
        if plural is None:
            sources.setdefault(_plain(translation.gettext(singular)), set()).add(_plain(singular))
    return sources


def shown_texts(window: QWidget, tag: str = "en") -> Counter[str]:
    """Every interface text of a window and its children, by kind of widget and property."""
    sources = catalog_sources(tag)
    widgets = [window, *window.findChildren(QWidget)]
    return Counter(
        f"{_NAMED.sub('', slot.where)}: "
        + " | ".join(sorted(sources.get(_plain(slot.text), {slot.text})))
        for slot in text_slots(widgets)
    )


def differences(now: Counter[str], expected: Counter[str]) -> str:
    """What differs, after pairing texts of one widget property that share an English source."""
    extra, missing = list((now - expected).elements()), list((expected - now).elements())
    for text in list(extra):
        where, _sep, said = text.partition(": ")
        for other in missing:
            other_where, _sep, other_said = other.partition(": ")
            if other_where == where and set(said.split(" | ")) & set(other_said.split(" | ")):
                extra.remove(text)
                missing.remove(other)
                break
    if not extra and not missing:
        return ""
    return "\n".join(
        ["shown but not expected:", *sorted(extra), "expected but not shown:", *sorted(missing)]
    )


def visit_every_page(qtbot, queue: DatabaseQueue, window: MainWindow) -> None:
    for key in PAGE_KEYS:
        window.show_page(key)
        settle(qtbot, queue)
    window.show_page("today")
    settle(qtbot, queue)


@pytest.mark.parametrize("tag", ["es", "ar", "zh-Hant"])
def test_a_switched_window_shows_what_a_fresh_one_shows(qtbot, queue, demo, tag):
    switched = make_window(qtbot, queue, demo)
    visit_every_page(qtbot, queue, switched)
    switch_language(tag)
    settle(qtbot, queue)
    fresh = make_window(qtbot, queue, demo)
    visit_every_page(qtbot, queue, fresh)
    switched_texts, fresh_texts = shown_texts(switched, tag), shown_texts(fresh, tag)
    assert differences(switched_texts, fresh_texts) == ""
    assert said_in(tag, "Residents") in [
        window.text() for window in fresh.nav.findItems("*", Qt.MatchFlag.MatchWildcard)
    ]


def test_switching_back_to_english_restores_every_text(qtbot, queue, demo):
    english = make_window(qtbot, queue, demo)
    visit_every_page(qtbot, queue, english)
    before = shown_texts(english)
    for tag in ("es", "ar", "en"):
        switch_language(tag)
        settle(qtbot, queue)
    after = shown_texts(english)
    assert after == before, differences(after, before)


def test_typed_work_survives_en_es_ar_en(qtbot, queue, demo):
    window = make_window(qtbot, queue, demo)
    window.find_resident()
    search = window.residents_page.search
    qtbot.keyClicks(search, "garc")
    settle(qtbot, queue)
    window.log_conversation()  # Ctrl+N: a conversation half filled in
    settle(qtbot, queue)
    form = window.conversations_page.form
    qtbot.keyClicks(form.picker.search, "nguy")
    qtbot.keyClick(form.notes, Qt.Key.Key_End)
    qtbot.keyClicks(form.notes, "Asked about CalFresh; call after 5 pm.")
    settle(qtbot, queue)
    typed = (form.picker.search.text(), form.notes.toPlainText(), search.text())
    nav = window.nav

    for tag in ("es", "ar", "en"):
        assert switch_language(tag) == tag
        settle(qtbot, queue)
        assert (form.picker.search.text(), form.notes.toPlainText(), search.text()) == typed
        assert window.conversations_page.isVisible()
        assert nav.item(PAGE_KEYS.index("residents")).text() == said_in(tag, "Residents")
        assert window.windowTitle() == said_in(tag, "OCPSC Field")
        menus = [action.text() for action in window.menuBar().actions()]
        assert said_in(tag, "&File") in menus
        header = window.residents_page.table.model().headerData(
            0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
        )
        assert header == said_in(tag, "Name")
        user = said_in(tag, "Signed in as {user}").format(user=demo.actor.user)
        assert window.user_label.text() == user
        rtl = tag == "ar"
        expected = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        assert QApplication.layoutDirection() == expected
        assert window.layoutDirection() == expected
        assert nav.isRightToLeft() == rtl
    assert form.dirty  # still the same unsaved conversation, not a reset form


def test_settings_switches_and_keeps_the_choice(qtbot, queue, demo, monkeypatch):
    window = make_window(qtbot, queue, demo)
    window.show_page("settings")
    page = window.pages["settings"]
    box = page.language_box
    assert [box.itemText(i) for i in range(3)] == ["English", "Español", "简体中文"]
    box.setCurrentIndex(box.findData("vi"))
    qtbot.mouseClick(page.language_button, Qt.MouseButton.LeftButton)
    settle(qtbot, queue)
    assert i18n.current_language() == "vi"
    assert page.language_button.text() == said_in("vi", "&Use this language")
    assert saved_language(demo.folder) == "vi"
    assert json.loads((demo.folder / SETTINGS_FILE).read_text("utf-8")) == {"language": "vi"}
    monkeypatch.delenv("OCPSC_LANG", raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert start_language_tag(demo.folder) == "vi"  # the saved choice beats the system's
    monkeypatch.setenv("OCPSC_LANG", "es")
    assert start_language_tag(demo.folder) == "es"  # a developer's override beats both


def test_first_start_offers_the_language_and_keeps_it(qtbot, queue, tmp_path, monkeypatch):
    folder = tmp_path / "new-profile"
    dialog = UnlockDialog(folder, queue)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.language_box is not None
    qtbot.keyClicks(dialog.passphrase, "a long enough passphrase")
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("es"))
    assert i18n.current_language() == "es"
    assert dialog.windowTitle() == said_in("es", "Create a profile")
    assert dialog.ok_button.text() == said_in("es", "Create profile")
    assert dialog.passphrase.text() == "a long enough passphrase"
    qtbot.keyClicks(dialog.repeat, "a long enough passphrase")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.opened is not None, timeout=30000)
    dialog.opened.close()
    monkeypatch.delenv("OCPSC_LANG", raising=False)
    assert start_language_tag(folder) == "es"


def test_a_damaged_settings_file_is_no_choice(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text("{not json", encoding="utf-8")
    assert saved_language(tmp_path) is None
    (tmp_path / SETTINGS_FILE).write_text('{"language": "xx-unknown"}', encoding="utf-8")
    assert saved_language(tmp_path) is None
