"""UI benchmark: the real residents page, offscreen, on the cached 200,000-resident profile.

    python -m benchmarks.ui_bench --write docs/PERFORMANCE.md
    python -m benchmarks.ui_bench --residents 20000      # quicker, prints only

Measures what a user waits for, end to end: the key event, the query on the
database thread, the result crossing back to the GUI thread, the model reset
and a synchronous repaint of the page. The profile is the one
``benchmarks.store_bench`` builds and caches (``build_profile``).

* **First rows**: from ``show()`` of a new ``ResidentsPage`` to its first page
  of rows (and the count) painted.
* **Per keystroke**: realistic names (given and family name of residents drawn
  from the profile, half typed with their accents, half without) typed one
  character at a time. The search box waits 150 ms after a key before
  searching, so that typing fast runs one search, not one per key; that wait is
  left out: right after each key the benchmark calls ``run_search()``, which is
  what the timer calls when it fires, and the clock runs from just before the
  key is sent until the updated rows are painted. Every key runs a search, the
  worst case (real typing skips some).
* **Next page**: Ctrl+End in the table, until the next 200 rows are in the
  model and painted.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks import report
from benchmarks.store_bench import PASSPHRASE, build_profile, machine, summary  # noqa: E402
from ocpsc_field.i18n import set_language  # noqa: E402
from ocpsc_field.store.db import fold  # noqa: E402
from ocpsc_field.store.resident_list import ResidentSort  # noqa: E402
from ocpsc_field.store.session import OpenProfile, open_profile  # noqa: E402
from ocpsc_field.ui.pages.residents import ResidentsPage  # noqa: E402
from ocpsc_field.ui.screenshots import type_text  # noqa: E402
from ocpsc_field.ui.tasks import DatabaseQueue  # noqa: E402

MARK_BEGIN = "<!-- ui-bench:begin -->"
MARK_END = "<!-- ui-bench:end -->"
PAGE_SIZE = (1100, 760)  # the page's share of a 1280x800 window
TIMEOUT_S = 60.0


def wait_for(app: QApplication, done: Callable[[], bool], what: str) -> None:
    """Run a real event loop (it sleeps between events, as the app's does) until ``done``.

    Polled every millisecond: a busy loop of ``processEvents`` would compete with
    the database thread for the GIL and slow down what is being measured.
    """
    if done():
        return
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(lambda: loop.quit() if done() else None)
    deadline = time.perf_counter() + TIMEOUT_S
    poll.start()
    while not done():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        loop.exec()
    poll.stop()


def on_queue(app: QApplication, queue: DatabaseQueue, job: Callable[[], Any]) -> Any:
    outcome: dict[str, Any] = {}
    queue.run(job, success=lambda result: outcome.update(result=result))
    wait_for(app, lambda: "result" in outcome, "a database job")
    return outcome["result"]


class Watch:
    """Counts the page's ``shown`` signals, so a wait can start before the work does."""

    def __init__(self, page: ResidentsPage) -> None:
        self.shown = 0
        page.shown.connect(self._shown)

    def _shown(self) -> None:
        self.shown += 1


def first_rows(app: QApplication, queue: DatabaseQueue, opened: OpenProfile, runs: int) -> list:
    samples = []
    for _ in range(runs):
        page = ResidentsPage(queue, opened)
        page.resize(*PAGE_SIZE)
        watch = Watch(page)
        started = time.perf_counter()
        page.show()
        wait_for(app, lambda watch=watch: watch.shown >= 1, "the first rows")
        page.repaint()
        samples.append(time.perf_counter() - started)
        assert page.model.rowCount() > 0
        wait_for(app, lambda: not queue.busy, "the filter choices")
        page.close()
        page.deleteLater()
        app.processEvents()
    return samples


def names_to_type(
    app: QApplication, queue: DatabaseQueue, opened: OpenProfile, keystrokes: int, seed: int
) -> list[str]:
    rows = on_queue(
        app,
        queue,
        lambda: opened.database.query(
            "SELECT given_name, family_name FROM resident WHERE deleted = 0 "
            "ORDER BY random() LIMIT 200"
        ),
    )
    rng = random.Random(seed)
    names: list[str] = []
    total = 0
    for index, row in enumerate(rows):
        name = " ".join(part for part in (row["given_name"], row["family_name"]) if part)
        # Half as written, half as people often type them: no accents, lower case.
        typed = name if index % 2 else fold(name)
        typed = typed[: rng.randint(max(3, len(typed) // 2), len(typed))]
        names.append(typed)
        total += len(typed)
        if total >= keystrokes:
            break
    return names


def keystrokes(app: QApplication, page: ResidentsPage, queue: DatabaseQueue, names: list[str]):
    watch = Watch(page)
    samples: list[float] = []
    for name in names:
        page.search.clear()
        page.run_search()
        wait_for(app, lambda: not queue.busy, "the cleared search")
        for char in name:
            before = watch.shown
            started = time.perf_counter()
            type_text(page.search, char)
            page.run_search()  # what the debounce timer does when it fires
            wait_for(app, lambda before=before: watch.shown > before, "the results")
            page.repaint()
            samples.append(time.perf_counter() - started)
    return samples


def next_pages(app: QApplication, page: ResidentsPage, queue: DatabaseQueue, pages: int) -> list:
    page.search.clear()
    page.run_search()
    wait_for(app, lambda: not queue.busy, "the full list")
    samples = []
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))  # as after Down from the search box
    for _ in range(pages):
        before = page.model.rowCount()
        started = time.perf_counter()
        QTest.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        wait_for(app, lambda before=before: page.model.rowCount() > before, "the next page")
        page.repaint()
        samples.append(time.perf_counter() - started)
    return samples


def filter_changes(app: QApplication, page: ResidentsPage, queue: DatabaseQueue) -> list:
    """Choosing a filter: from the choice to the new rows painted, one sample each."""
    filters = page.filters
    page.search.clear()
    wait_for(app, lambda: filters.program.count() > 1, "the program choices")
    changes = [
        (
            "choose a county (Fresno)",
            lambda: filters.county.setCurrentIndex(filters.county.findData("Fresno")),
        ),
        ("choose a program (the first in the list)", lambda: filters.program.setCurrentIndex(1)),
        ("tick Follow-up due (first time)", lambda: filters.follow_up.setChecked(True)),
        ("tick Follow-up due again (set kept)", lambda: filters.follow_up.setChecked(True)),
    ]
    samples = []
    watch = Watch(page)
    for label, change in changes:
        filters.clear()
        wait_for(app, lambda: not queue.busy, "the cleared filters")
        before = watch.shown
        started = time.perf_counter()
        change()
        wait_for(app, lambda before=before: watch.shown > before, label)
        page.repaint()
        samples.append((label, (time.perf_counter() - started) * 1000, page.model.total))
    filters.clear()
    wait_for(app, lambda: not queue.busy, "the cleared filters")
    return samples


def set_sort(app: QApplication, page: ResidentsPage, queue: DatabaseQueue, sort, county=None):
    page.filters.set_sort(sort)
    index = page.filters.county.findData(county) if county else 0
    page.filters.county.setCurrentIndex(index)
    page.run_search()
    wait_for(app, lambda: not queue.busy, "the new order")


def progress(label: str, stats: dict) -> None:
    print(f"  {label}: p50 {stats['p50']:.1f} ms, p95 {stats['p95']:.1f} ms", file=sys.stderr)


def render(results: dict, residents: int, keystroke_count: int) -> str:
    def row(name: str, stats: dict, target: str) -> str:
        return (
            f"| {name} | {stats['n']} | {stats['p50']:.1f} | {stats['p95']:.1f} | "
            f"{stats['max']:.1f} | {target} |"
        )

    lines = [
        MARK_BEGIN,
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()}.",
        "",
        f"Profile: {residents:,} residents (the cached `store_bench` profile). The real "
        "`ResidentsPage`, offscreen, 1100x760 px (its share of a 1280x800 window). Times are "
        "from the user's action to the updated rows painted (`repaint()`), including the "
        "query on the database thread and the hop back to the GUI thread.",
        "",
        "| what the user waits for | samples | p50 ms | p95 ms | max ms | target |",
        "|---|---|---|---|---|---|",
        row("first rows after showing the page (new page each time)", results["first"], "< 1000"),
        row("keystroke to results, newest first", results["type_newest"], "p95 < 100"),
        row("keystroke to results, sorted by name", results["type_name"], "p95 < 100"),
        row(
            "keystroke to results, Los Angeles County, by name",
            results["type_county"],
            "p95 < 100",
        ),
        row("next 200 rows while scrolling (Ctrl+End), newest first", results["scroll"], ""),
        row("next 200 rows while scrolling, sorted by county", results["scroll_county"], ""),
        "",
        "Choosing a filter (one sample each, from the choice to the rows painted):",
        "",
        "| filter | ms | residents listed |",
        "|---|---|---|",
        *(f"| {label} | {ms:.0f} | {count:,} |" for label, ms, count in results["filters"]),
        "",
        f"Keystrokes: {keystroke_count} in each of the three typing rows: names of residents "
        "drawn from the profile (half with their accents, half without; a random part of "
        "each, at least three characters), one character at a time. The "
        "150 ms debounce is not counted: after each key the benchmark calls `run_search()` "
        "at once, as the debounce timer does when it fires, so every key runs a search.",
        "",
        "Command: `python -m benchmarks.ui_bench --write docs/PERFORMANCE.md`.",
        MARK_END,
    ]
    return "\n".join(lines)


INTRO = """`benchmarks/ui_bench.py` drives the real residents page (`ResidentsPage`, its
lazy `LazyResidentModel` and `store.resident_list`) offscreen on the cached
profile above, and times what a user waits for: from the action (showing the
page, a key typed in the search box, a filter chosen, Ctrl+End in the list) to
the new rows painted. How the list stays fast: filters become sets of rowids
read from covering indexes only and kept in an in-memory temporary table until
the data changes (`store.resident_sets`); pages walk the sort column's index
and stop after 200 rows, following a keyset cursor, so a deep page costs what
the first one does; the model holds only the pages scrolled to, measures
column widths on the rows on screen only, and works out each cell's text once.

The first use of the follow-up and program filters reads conversations and
enrollments row by row (no covering index for them yet), hence their first
times below; the sets are then kept until something is written."""


def write_section(path: Path, section: str) -> None:
    report.write_section(path, section, MARK_BEGIN, MARK_END, "Residents list (UI)", INTRO)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200_000)
    parser.add_argument("--keystrokes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", metavar="PATH", help="update this Markdown file's section")
    args = parser.parse_args(argv)
    folder, _build_s = build_profile(args.residents, args.seed)
    set_language("en")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    queue = DatabaseQueue()
    opened = on_queue(app, queue, lambda: open_profile(folder, PASSPHRASE))
    try:
        results: dict[str, Any] = {"first": summary(first_rows(app, queue, opened, 10))}
        progress("first rows", results["first"])
        page = ResidentsPage(queue, opened)
        page.resize(*PAGE_SIZE)
        page.show()
        wait_for(app, lambda: not queue.busy, "the page")
        names = names_to_type(app, queue, opened, args.keystrokes, args.seed)
        keystrokes(app, page, queue, names[:3])  # warm up, like a session in use
        results["type_newest"] = summary(keystrokes(app, page, queue, names))
        progress("type_newest", results["type_newest"])
        set_sort(app, page, queue, ResidentSort.NAME)
        results["type_name"] = summary(keystrokes(app, page, queue, names))
        progress("type_name", results["type_name"])
        set_sort(app, page, queue, ResidentSort.NAME, county="Los Angeles")
        results["type_county"] = summary(keystrokes(app, page, queue, names))
        progress("type_county", results["type_county"])
        set_sort(app, page, queue, ResidentSort.NEWEST)
        results["filters"] = filter_changes(app, page, queue)
        for label, ms, _count in results["filters"]:
            print(f"  {label}: {ms:.0f} ms", file=sys.stderr)
        results["scroll"] = summary(next_pages(app, page, queue, 25))
        progress("scroll", results["scroll"])
        set_sort(app, page, queue, ResidentSort.COUNTY)
        results["scroll_county"] = summary(next_pages(app, page, queue, 25))
        progress("scroll_county", results["scroll_county"])
        page.close()
    finally:
        queue.shutdown()
        opened.close()
    section = render(results, args.residents, sum(len(name) for name in names))
    print(section)
    if args.write:
        write_section(Path(args.write), section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
