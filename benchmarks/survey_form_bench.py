"""Survey form benchmark: building and typing into the 300-question survey's real widgets.

The survey and its complete answers are those of ``survey_logic_bench`` (304
questions in 13 sections, a roster of 8). Measured offscreen, with the real
``LiveForm`` widgets: building the form from a complete draft and showing
it; a key typed into a number that other questions depend on (count,
calculations, a skip, a check) and into a free-text answer nothing reads;
a yes/no that hides or shows six questions; and the roster's count going
from 8 to 9 and back, typed over (an entry built or taken away). Each is the time from
the key press until the form shows the result, events processed. Target: a
keystroke well under the 100 ms at which typing feels slow.

    python -m benchmarks.survey_form_bench [--runs 30] [--write docs/PERFORMANCE.md]
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget  # noqa: E402

from benchmarks.report import write_section  # noqa: E402
from benchmarks.store_bench import machine  # noqa: E402
from benchmarks.survey_logic_bench import answers, definition  # noqa: E402
from ocpsc_field.core.survey_logic import FormLogic  # noqa: E402
from ocpsc_field.i18n import set_language  # noqa: E402
from ocpsc_field.ui.survey_live import LiveForm  # noqa: E402

MARK_BEGIN = "<!-- survey-form-bench:begin -->"
MARK_END = "<!-- survey-form-bench:end -->"


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(app: QApplication, action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    app.processEvents()
    return time.perf_counter() - start


def _build(app: QApplication, logic: FormLogic) -> tuple[QWidget, LiveForm]:
    holder = QWidget()
    holder.resize(1000, 800)
    layout = QVBoxLayout(holder)
    live = LiveForm(logic.definition, logic, copy.deepcopy(answers()), "en", layout, holder)
    holder.show()
    app.processEvents()
    return holder, live


def _editor(live: LiveForm, name: str) -> QWidget:
    block = live.tree.block(name)
    assert block is not None and block.widget is not None
    target = block.widget.focus_target()
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--write", help="update this PERFORMANCE.md")
    args = parser.parse_args()
    set_language("en")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    logic = FormLogic(definition())
    questions = logic.definition.question_count()

    builds: list[float] = []
    for _run in range(max(3, args.runs // 5)):
        start = time.perf_counter()
        holder, live = _build(app, logic)
        builds.append(time.perf_counter() - start)
        holder.deleteLater()
        app.processEvents()
    holder, live = _build(app, logic)
    widgets = len(holder.findChildren(QWidget))

    number = _editor(live, "s6_count2")
    number_keys = []
    for _run in range(args.runs):
        number_keys.append(_timed(app, lambda: QTest.keyClick(number, Qt.Key.Key_5)))
        number_keys.append(_timed(app, lambda: QTest.keyClick(number, Qt.Key.Key_Backspace)))

    text = _editor(live, "s6_why2")
    text_keys = []
    for _run in range(args.runs):
        text_keys.append(_timed(app, lambda: QTest.keyClick(text, Qt.Key.Key_A)))

    gate = live.tree.block("s9_gate3")
    assert gate is not None and gate.widget is not None
    buttons = gate.widget.buttons  # type: ignore[attr-defined]
    skips = []
    for _run in range(args.runs):
        skips.append(_timed(app, lambda: buttons["no"].click()))
        skips.append(_timed(app, lambda: buttons["yes"].click()))

    size = _editor(live, "size")
    size.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(size, "8")
    def count_to(digit: Qt.Key) -> None:
        size.selectAll()  # type: ignore[attr-defined]
        QTest.keyClick(size, digit)  # the number typed over: 8 -> 9 -> 8

    counts = []
    for _run in range(max(3, args.runs // 3)):
        counts.append(_timed(app, lambda: count_to(Qt.Key.Key_9)))
        counts.append(_timed(app, lambda: count_to(Qt.Key.Key_8)))
    roster = live.tree.repeat("members")
    assert roster is not None and len(roster.instances) == 8

    rows = [
        ("build and show the form from a complete draft", _median_ms(builds)),
        ("a digit typed into a number others depend on", _median_ms(number_keys)),
        ("a letter typed into a free-text answer", _median_ms(text_keys)),
        ("a yes/no that hides or shows six questions", _median_ms(skips)),
        ("the roster's count changed (an entry built or removed)", _median_ms(counts)),
    ]
    table = "\n".join(f"| {what} | {ms:.1f} |" for what, ms in rows)
    section = (
        f"{MARK_BEGIN}\nMeasured {date.today().isoformat()} on {machine()}; Qt offscreen.\n\n"
        f"The {questions}-question survey of the survey logic benchmark, every question "
        f"answered, as a form of {widgets} widgets; median of {args.runs} runs (builds: "
        f"{len(builds)}). Each time runs from the key press (or click) until the form shows "
        "the result, with the events it causes processed.\n\n"
        "| step | ms |\n|---|---|\n"
        f"{table}\n\nTarget: a keystroke well under 100 ms. After a change only the items "
        "the logic's dependency index names (and the texts that show their answers) are "
        "updated; adding or removing an entry builds or drops only that entry's widgets.\n\n"
        "Command: `python -m benchmarks.survey_form_bench --write docs/PERFORMANCE.md`.\n"
        f"{MARK_END}"
    )
    print(section)
    if args.write:
        write_section(Path(args.write), section, MARK_BEGIN, MARK_END, "Survey form")


if __name__ == "__main__":
    main()
