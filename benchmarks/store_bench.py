"""Store benchmark: saving a conversation and searching residents on a large profile.

    make bench                      # 200,000 residents, writes docs/PERFORMANCE.md
    python -m benchmarks.store_bench --residents 20000   # quicker, prints only

The profile is built once and cached under benchmarks/.cache (it is encrypted
like any profile). Timings are wall-clock per operation, including the
transaction commit with synchronous=FULL, i.e. what a user waits for.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import report
from ocpsc_field.core.records import Kind
from ocpsc_field.store import migrations
from ocpsc_field.store.demo import fill_demo
from ocpsc_field.store.session import init_profile, open_profile

PASSPHRASE = "benchmark passphrase"
CACHE = Path(__file__).resolve().parent / ".cache"
MARK_BEGIN = "<!-- store-bench:begin -->"
MARK_END = "<!-- store-bench:end -->"


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def summary(samples_s: list[float]) -> dict[str, float]:
    ms = [sample * 1000 for sample in samples_s]
    return {
        "n": len(ms),
        "p50": statistics.median(ms),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "max": max(ms),
    }


def build_profile(residents: int, seed: int) -> tuple[Path, float]:
    folder = CACHE / f"profile-{residents}-seed{seed}-v{migrations.LATEST}"
    timing = folder.with_name(folder.name + ".build-seconds")
    if (folder / "profile.json").exists() and timing.exists():
        with open_profile(folder, PASSPHRASE) as opened:
            if opened.records.count(Kind.RESIDENT) >= residents:
                return folder, float(timing.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    init_profile(folder, PASSPHRASE, user="bench")
    with open_profile(folder, PASSPHRASE) as opened:
        fill_demo(
            opened,
            residents=residents,
            seed=seed,
            conversations_per_resident=0.5,
            enrollments_per_resident=0.1,
            surveys_per_resident=0.02,
            progress=lambda stage, done, total: (
                print(f"  {stage}: {done}/{total}", file=sys.stderr) if done % 20000 == 0 else None
            ),
        )
    elapsed = time.perf_counter() - started
    timing.write_text(f"{elapsed:.1f}")
    return folder, elapsed


def bench_save(opened, rng: random.Random, count: int) -> list[float]:
    resident_ids = [
        row[0]
        for row in opened.database.execute(
            "SELECT id FROM resident ORDER BY random() LIMIT ?", (count,)
        ).fetchall()
    ]
    program_ids = [row["id"] for row in opened.records.iter_all(Kind.PROGRAM)]
    samples = []
    for resident_id in resident_ids:
        data = {
            "occurred_at": datetime.now(UTC),
            "resident_id": resident_id,
            "channel": rng.choice(["door", "phone", "event"]),
            "language": "es",
            "outcome": "reached",
            "programs_discussed": rng.sample(program_ids, 2),
            "notes": "Benchmark conversation",
        }
        started = time.perf_counter()
        result = opened.records.create(Kind.CONTACT_LOG, data)
        samples.append(time.perf_counter() - started)
        assert result.ok, result.errors
    return samples


def search_terms(opened, rng: random.Random, count: int) -> list[tuple[str, str]]:
    rows = opened.database.query(
        "SELECT given_name, family_name, phone, address_line FROM resident "
        "ORDER BY random() LIMIT ?",
        (count,),
    )
    terms = []
    for index, row in enumerate(rows):
        family, given = row["family_name"] or "", row["given_name"] or ""
        choice = index % 5
        if choice == 0:
            terms.append(("family name", family))
        elif choice == 1:
            terms.append(("part of a name (3 chars)", (given + "xxx")[:3]))
        elif choice == 2:
            terms.append(("given + family", f"{given} {family}"))
        elif choice == 3 and row["phone"]:
            terms.append(("phone fragment", row["phone"][-7:]))
        else:
            terms.append(("short name prefix (1-2 chars)", (family or given)[:2]))
    rng.shuffle(terms)
    return terms


def bench_search(opened, terms: list[tuple[str, str]]) -> tuple[list[float], dict[str, list]]:
    samples: list[float] = []
    by_type: dict[str, list[float]] = {}
    for label, text in terms:
        started = time.perf_counter()
        opened.residents.search(text, limit=50)
        elapsed = time.perf_counter() - started
        samples.append(elapsed)
        by_type.setdefault(label, []).append(elapsed)
    return samples, by_type


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    from sqlcipher3 import dbapi2

    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; SQLite {dbapi2.sqlite_version}"
    )


def render(results: dict, residents: int, build_s: float) -> str:
    def row(name: str, stats: dict, target: str) -> str:
        return (
            f"| {name} | {stats['n']} | {stats['p50']:.2f} | {stats['p95']:.2f} | "
            f"{stats['p99']:.2f} | {stats['max']:.2f} | {target} |"
        )

    lines = [
        MARK_BEGIN,
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()}.",
        "",
        f"Profile: {residents:,} residents (SQLCipher, WAL, synchronous=FULL), built by "
        f"`ocpsc_field.store.demo` in {build_s:.0f} s (built once, then cached).",
        "",
        "| operation | samples | p50 ms | p95 ms | p99 ms | max ms | target |",
        "|---|---|---|---|---|---|---|",
        row("save a conversation + journal op (one transaction)", results["save"], "p95 < 10"),
        row("resident search, all query types", results["search"], "p95 < 50"),
    ]
    for label, stats in results["search_by_type"].items():
        lines.append(row(f"  search: {label}", stats, ""))
    lines.append(row("open profile (scrypt KDF + unlock)", results["open"], ""))
    lines += [
        "",
        "Command: `make bench` (or `python -m benchmarks.store_bench --write "
        "docs/PERFORMANCE.md`).",
        MARK_END,
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    report.write_section(path, section, MARK_BEGIN, MARK_END, "Store")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200_000)
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", metavar="PATH", help="update this Markdown file's section")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    folder, build_s = build_profile(args.residents, args.seed)
    open_samples = []
    for _ in range(5):
        started = time.perf_counter()
        opened = open_profile(folder, PASSPHRASE)
        open_samples.append(time.perf_counter() - started)
        opened.close()
    work = CACHE / "run"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(folder, work)  # saves go to a copy, so runs are repeatable
    with open_profile(work, PASSPHRASE) as opened:
        terms = search_terms(opened, rng, args.searches)
        bench_search(opened, terms[:50])  # warm the page cache like a session in use
        search, by_type = bench_search(opened, terms)
        save = bench_save(opened, rng, args.saves)
    shutil.rmtree(work, ignore_errors=True)
    results = {
        "save": summary(save),
        "search": summary(search),
        "open": summary(open_samples),
        "search_by_type": {label: summary(s) for label, s in sorted(by_type.items())},
    }
    section = render(results, args.residents, build_s)
    print(section)
    if args.write:
        write_section(Path(args.write), section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
