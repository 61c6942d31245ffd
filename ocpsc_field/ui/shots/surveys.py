"""Screenshots of the Surveys page, the "Stronger Together" form and a form with logic.

    shoot(shooter, opened, queue)
    python -m ocpsc_field.ui.shots.surveys [folder]   # these shots alone

The page with its card, a draft in progress and the demo responses; choosing
the resident who answers; the form in English and in Spanish, partly filled
with the keyboard; and Ctrl+S with required questions left empty. Then a
household visit form with logic (``shots.survey_visit``): a titled group, a
roster with two entries, an inline constraint message, the respondent's
language switched to Spanish, Chinese and Arabic, and the question before
removing an entry. Each is shot at 1280x800, at 200% font scale and
right-to-left.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ocpsc_field.core.records import Kind
from ocpsc_field.store.session import OpenProfile, init_profile, open_profile
from ocpsc_field.ui.screenshots import (
    PASSPHRASE,
    Shooter,
    main_window,
    settle,
    type_text,
    wait_until,
)
from ocpsc_field.ui.shots.survey_visit import VISIT_SURVEY
from ocpsc_field.ui.survey_form import SurveyForm
from ocpsc_field.ui.tasks import DatabaseQueue

CTRL = Qt.KeyboardModifier.ControlModifier


@contextmanager
def _variant(name: str) -> Iterator[str]:
    """One look (plain, 200% font, right-to-left); yields the file name suffix."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = QFont(app.font())
    try:
        if name == "200pct":
            large = QFont(base)
            large.setPointSizeF(base.pointSizeF() * 2)
            app.setFont(large)
        elif name == "rtl":
            app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        yield f"-{name}" if name else ""
    finally:
        app.setFont(base)
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _to(form: SurveyForm, name: str) -> QWidget:
    widget = form.blocks[name].widget
    assert widget is not None
    target = widget.focus_target()
    target.setFocus(Qt.FocusReason.TabFocusReason)
    form.scroll.ensureWidgetVisible(form.blocks[name])
    return target


def _fill_some(form: SurveyForm, queue: DatabaseQueue) -> None:
    """A few answers typed the way a user would, leaving required ones for later."""
    type_text(_to(form, "organization_name"), "Westminster Neighbors Network")
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    type_text(_focused(), "Outreach coordinator")
    languages = form.blocks["languages_served"].widget
    assert languages is not None
    for name in ("en", "vi"):
        languages.buttons[name].setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(_focused(), Qt.Key.Key_Space)
    people = form.blocks["people_has"].widget
    assert people is not None
    for name in ("volunteers", "bilingual_staff"):
        people.buttons[name].setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(_focused(), Qt.Key.Key_Space)
    settle(queue)


def _open_form(window: QWidget, queue: DatabaseQueue, search: str) -> SurveyForm:
    page = window.surveys_page  # type: ignore[attr-defined]
    page.cards[0].resident_button.click()
    settle(queue)
    type_text(_focused(), search)
    settle(queue)
    QTest.keyClick(_focused(), Qt.Key.Key_Return)
    wait_until(lambda: page.form is not None and page.form.isVisible(), "the survey form")
    settle(queue)
    form: SurveyForm = page.form
    return form


def _shoot_variant(
    shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, suffix: str
) -> None:
    window = main_window(opened, queue)
    window.activateWindow()
    window.show_page("surveys")
    page = window.surveys_page
    wait_until(lambda: bool(page.cards), "the survey cards")
    settle(queue)

    # A draft in progress, so the card shows one.
    page.cards[0].anonymous_button.click()
    wait_until(lambda: page.form is not None and page.form.isVisible(), "the survey form")
    type_text(_focused(), "Fresno Rural Families Alliance")
    settle(queue)
    page.form.close_form()
    settle(queue)
    shooter.save(window, f"surveys-page{suffix}")

    page.cards[0].resident_button.click()
    settle(queue)
    type_text(_focused(), "nguyen")
    settle(queue)
    shooter.save(window, f"surveys-choose-respondent{suffix}")
    QTest.keyClick(_focused(), Qt.Key.Key_Escape)
    settle(queue)

    form = _open_form(window, queue, "garcia lopez")  # prefers Spanish
    language = form.language
    language.setCurrentIndex(language.findData("en"))
    _fill_some(form, queue)
    form.scroll.verticalScrollBar().setValue(0)
    settle(queue)
    shooter.save(window, f"surveys-form-en{suffix}")

    language.setCurrentIndex(language.findData("es"))
    form.scroll.verticalScrollBar().setValue(0)
    settle(queue)
    shooter.save(window, f"surveys-form-es{suffix}")

    if not suffix:
        # Vietnamese diacritics and Chinese characters, to check the fonts have the glyphs.
        for tag in ("vi", "zh-Hans"):
            language.setCurrentIndex(language.findData(tag))
            form.scroll.ensureWidgetVisible(form.blocks["people_has"])
            settle(queue)
            shooter.save(window, f"surveys-form-{tag.lower()}")

    language.setCurrentIndex(language.findData("en"))
    QTest.keyClick(_focused(), Qt.Key.Key_S, CTRL)
    settle(queue)
    shooter.save(window, f"surveys-form-required-error{suffix}")

    form.discard()
    settle(queue)
    form.close_form()
    settle(queue)
    # Leave the demo profile as it was: no drafts for the next look or workflow.
    store = page.store
    queue.run(lambda: [store.discard_draft(draft.id) for draft in store.list_drafts()])
    settle(queue)
    window.close()
    window.deleteLater()
    settle(queue)


def _to_entry(form: SurveyForm, name: str, position: tuple[int, ...]) -> QWidget:
    block = form.block(name, position)
    assert block is not None and block.widget is not None
    target = block.widget.focus_target()
    target.setFocus(Qt.FocusReason.TabFocusReason)
    return target


def _shoot_logic(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, suffix: str) -> None:
    """The household visit: a group, two roster entries, a constraint, languages."""
    window = main_window(opened, queue)
    window.activateWindow()
    window.show_page("surveys")
    page = window.surveys_page
    wait_until(lambda: len(page.cards) == 2, "the survey cards")
    card = next(c for c in page.cards if c.survey.form_id == VISIT_SURVEY["form_id"])
    card.anonymous_button.click()
    wait_until(lambda: page.form is not None and page.form.isVisible(), "the survey form")
    form: SurveyForm = page.form
    type_text(_focused(), "Rosa")
    county = form.block("county")
    assert county is not None and county.widget is not None
    county.widget.buttons["orange"].setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(_focused(), Qt.Key.Key_Space)
    type_text(_to_entry(form, "bedrooms", ()), "30")
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)  # finished: the constraint speaks
    for name, age in (("Ana", "34"), ("Leo", "9")):
        QTest.keyClick(_focused(), Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
        type_text(_focused(), name)
        QTest.keyClick(_focused(), Qt.Key.Key_Tab)
        type_text(_focused(), age)
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    settle(queue)
    form.scroll.verticalScrollBar().setValue(0)
    settle(queue)
    shooter.save(window, f"surveys-logic-form{suffix}")
    people = form.repeat("people")
    assert people is not None
    form.scroll.ensureWidgetVisible(people.instances[1])
    settle(queue)
    shooter.save(window, f"surveys-logic-roster{suffix}")

    languages = ("es", "zh-Hant", "ar") if not suffix else ("es",)
    for tag in languages:
        form.language.setCurrentIndex(form.language.findData(tag))
        form.scroll.verticalScrollBar().setValue(0)
        settle(queue)
        shooter.save(window, f"surveys-logic-form-{tag.lower()}{suffix}")
    form.language.setCurrentIndex(form.language.findData("en"))

    _to_entry(form, "person_name", (2,))
    QTest.keyClick(_focused(), Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    form.scroll.ensureWidgetVisible(people.instances[1])
    settle(queue)
    shooter.save(window, f"surveys-logic-remove-entry{suffix}")

    form.discard()
    settle(queue)
    form.close_form()
    settle(queue)
    store = page.store
    queue.run(lambda: [store.discard_draft(draft.id) for draft in store.list_drafts()])
    settle(queue)
    window.close()
    window.deleteLater()
    settle(queue)


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    """The page, the respondent chooser and the forms, in every look."""
    for name in ("", "200pct", "rtl"):
        with _variant(name) as suffix:
            _shoot_variant(shooter, opened, queue, suffix)
    record = dict(VISIT_SURVEY)
    queue.run(lambda: opened.records.put_reference(Kind.SURVEY, record))
    settle(queue)
    try:
        for name in ("", "200pct", "rtl"):
            with _variant(name) as suffix:
                _shoot_logic(shooter, opened, queue, suffix)
    finally:
        # Leave the demo profile as it was for the shots that follow.
        gone = {**record, "deleted": True}
        queue.run(lambda: opened.records.put_reference(Kind.SURVEY, gone))
        settle(queue)


def shoot_empty(shooter: Shooter, queue: DatabaseQueue, folder: Path) -> None:
    """A fresh profile: the empty state that says surveys come from HQ."""
    holder: dict[str, OpenProfile] = {}

    def job() -> OpenProfile:
        init_profile(folder, PASSPHRASE, user="new-canvasser")
        return open_profile(folder, PASSPHRASE)

    queue.run(job, success=lambda opened: holder.update(opened=opened))
    wait_until(lambda: "opened" in holder, "the empty profile")
    empty = holder["opened"]
    for name in ("", "200pct", "rtl"):
        with _variant(name) as suffix:
            window = main_window(empty, queue)
            window.show_page("surveys")
            settle(queue)
            shooter.save(window, f"surveys-empty{suffix}")
            window.close()
            window.deleteLater()
            settle(queue)
    queue.run(empty.close)
    settle(queue)


def main(argv: list[str] | None = None) -> int:
    """Only these shots, on a fresh demo profile (quicker than every screen)."""
    from ocpsc_field.ui.screenshots import shoot_on_demo

    return shoot_on_demo(shoot, argv)


if __name__ == "__main__":
    raise SystemExit(main())
