"""Survey logic benchmark: how long the form logic takes on a 300-question survey.

The survey has 13 sections of 23 questions (skip logic chains, constraints,
conditional required, a cascading choice filter, calculations) and a household
roster repeat of 4 questions answered for 8 people, with totals over it: 304
questions in all. Measured: reading the definition's logic once
(``FormLogic``), evaluating it for a complete response (what the form does
after an answer changes) and the full check on save. Target: an evaluation
in a few milliseconds, so skip logic follows typing without a visible lag.

    python -m benchmarks.survey_logic_bench [--runs 50] [--write docs/PERFORMANCE.md]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.report import write_section
from benchmarks.store_bench import machine
from ocpsc_field.core.survey import parse_definition
from ocpsc_field.core.survey_logic import FormLogic, response_problems

MARK_BEGIN = "<!-- survey-logic-bench:begin -->"
MARK_END = "<!-- survey-logic-bench:end -->"
SECTIONS = 13
MEMBERS = 8
TODAY = date(2026, 11, 21)


def _label(name: str) -> dict[str, str]:
    return {"en": name.replace("_", " ")}


def _section(number: int) -> dict[str, Any]:
    """26 questions: yes/no gates, numbers with constraints, cascading selects, sums."""
    p = f"s{number}_"
    children: list[dict[str, Any]] = [
        {"type": "yes_no", "name": f"{p}open", "label": _label("open"), "required": True}
    ]
    for index in range(6):
        gate = f"{p}gate{index}"
        children += [
            {
                "type": "yes_no",
                "name": gate,
                "label": _label(gate),
                "relevant": f"${{{p}open}} = 'yes'",
            },
            {
                "type": "integer",
                "name": f"{p}count{index}",
                "label": _label("count"),
                "relevant": f"${{{gate}}} = 'yes'",
                "required": f"${{{p}open}} = 'yes'",
                "constraint": ". >= 0 and . <= 100",
            },
            {
                "type": "text",
                "name": f"{p}why{index}",
                "label": _label("why"),
                "relevant": f"${{{p}count{index}}} > 50 and ${{{gate}}} = 'yes'",
                "constraint": "string-length(.) <= 200 and not(regex(., '^\\s*$'))",
            },
        ]
    children += [
        {
            "type": "select_one",
            "name": f"{p}county",
            "label": _label("county"),
            "choices": [{"name": f"c{c}", "label": _label(f"c{c}")} for c in range(5)],
        },
        {
            "type": "select_one",
            "name": f"{p}city",
            "label": _label("city"),
            "choice_filter": f"county = ${{{p}county}}",
            "choices": [
                {"name": f"t{t}", "label": _label(f"t{t}"), "columns": {"county": f"c{t % 5}"}}
                for t in range(40)
            ],
        },
        {
            "type": "calculate",
            "name": f"{p}total",
            "calculation": " + ".join(f"coalesce(${{{p}count{i}}}, 0)" for i in range(6)),
        },
        {
            "type": "calculate",
            "name": f"{p}band",
            "calculation": (
                f"if(${{{p}total}} > 300, 'high', if(${{{p}total}} > 100, 'mid', 'low'))"
            ),
        },
        {
            "type": "date",
            "name": f"{p}date",
            "label": _label("date"),
            "constraint": ". <= today()",
        },
        {
            "type": "integer",
            "name": f"{p}check",
            "label": _label("check"),
            "constraint": f". = ${{{p}total}}",
        },
        {
            "type": "note",
            "name": f"{p}note",
            "label": _label("note"),
            "relevant": f"${{{p}band}} = 'high'",
        },
    ]
    return {"type": "group", "name": f"s{number}", "label": _label("s"), "children": children}


def definition() -> Any:
    roster = {
        "type": "repeat",
        "name": "members",
        "label": _label("members"),
        "repeat_count": "${size}",
        "children": [
            {"type": "text", "name": "member_name", "label": _label("name"), "required": True},
            {
                "type": "integer",
                "name": "age",
                "label": _label("age"),
                "constraint": ". >= 0 and . < 120",
            },
            {
                "type": "yes_no",
                "name": "works",
                "label": _label("works"),
                "relevant": "${age} >= 16",
            },
            {
                "type": "integer",
                "name": "hours",
                "label": _label("hours"),
                "relevant": "${works} = 'yes'",
            },
            {
                "type": "calculate",
                "name": "member_label",
                "calculation": "concat(position(..), '. ', ${member_name})",
            },
        ],
    }
    items = [
        {"type": "integer", "name": "size", "label": _label("size"), "required": True},
        roster,
        {"type": "calculate", "name": "household_hours", "calculation": "sum(${hours})"},
        {"type": "calculate", "name": "people", "calculation": "count(${members})"},
        *(_section(number) for number in range(SECTIONS)),
    ]
    return parse_definition(
        {
            "format_version": 2,
            "form_id": "bench",
            "version": "1",
            "default_language": "en",
            "languages": ["en"],
            "title": _label("bench"),
            "items": items,
        }
    )


def answers() -> dict[str, Any]:
    filled: dict[str, Any] = {
        "size": MEMBERS,
        "members": [
            {"member_name": f"Person {n}", "age": 10 + 7 * n, "works": "yes", "hours": 20}
            for n in range(MEMBERS)
        ],
    }
    for number in range(SECTIONS):
        p = f"s{number}_"
        filled[f"{p}open"] = "yes"
        for index in range(6):
            filled[f"{p}gate{index}"] = "yes"
            filled[f"{p}count{index}"] = 30 + 10 * index
            filled[f"{p}why{index}"] = "Because the family asked for it."
        filled.update(
            {
                f"{p}county": "c2",
                f"{p}city": "t7",
                f"{p}date": "2026-11-01",
                f"{p}check": sum(30 + 10 * i for i in range(6)),
            }
        )
    return filled


def _median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--write", help="update this PERFORMANCE.md")
    args = parser.parse_args()
    survey = definition()
    response = answers()
    logic = FormLogic(survey)
    state = logic.evaluate(response, today=TODAY)
    instances = len(state.relevance)
    questions = survey.question_count()
    assert response_problems(survey, response, today=TODAY, logic=logic) == {}
    build = _median_ms(lambda: FormLogic(survey), args.runs)
    evaluate = _median_ms(lambda: logic.evaluate(response, today=TODAY), args.runs)
    save = _median_ms(
        lambda: response_problems(survey, response, today=TODAY, logic=logic), args.runs
    )
    rows = [
        ("read the logic (`FormLogic`)", build),
        ("evaluate a complete response", evaluate),
        ("check on save (`response_problems`)", save),
    ]
    table = "\n".join(f"| {what} | {ms:.2f} |" for what, ms in rows)
    section = (
        f"{MARK_BEGIN}\nMeasured {date.today().isoformat()} on {machine()}.\n\n"
        f"A survey of {questions} questions: {instances} items to evaluate, counting groups, "
        f"calculations and each of the {MEMBERS} people of its roster; every question "
        f"answered; median of {args.runs} runs.\n\n"
        "| step | ms |\n|---|---|\n"
        f"{table}\n\nTarget: an evaluation in a few milliseconds.\n\n"
        "Command: `python -m benchmarks.survey_logic_bench --write docs/PERFORMANCE.md`.\n"
        f"{MARK_END}"
    )
    print(section)
    if args.write:
        write_section(Path(args.write), section, MARK_BEGIN, MARK_END, "Survey logic")


if __name__ == "__main__":
    main()
