"""Offline bundle benchmark: size and time of each step, laptop to HQ and back.

Starts ``ocpsc-hq serve`` on SQLite in a temporary folder. For each size, a
fresh enrolled laptop logs that many conversations and saves them in a bundle;
a coordinator's laptop collects it and uploads it over loopback (HQ verifies,
decrypts and applies it through the sync ingest path); the coordinator
downloads the team's receipts and the laptop applies them. Every step is
timed on its own, end to end, with the real profiles and the real server.

    python -m benchmarks.bundle_bench [--sizes 1000 10000] [--write docs/PERFORMANCE.md]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import report
from benchmarks.store_bench import machine
from benchmarks.sync_bench import Hq
from ocpsc_field.core.demo_data import DemoGenerator
from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.store.session import init_profile, open_profile
from ocpsc_field.sync import bundle, bundle_relay, enrollment
from ocpsc_field.sync.engine import run_sync

PASSPHRASE = "benchmark passphrase"
MARK_BEGIN = "<!-- bundle-bench:begin -->"
MARK_END = "<!-- bundle-bench:end -->"


@dataclass
class Run:
    records: int
    size: int
    export: float
    collect: float
    upload: float
    receipts_download: float
    receipts_apply: float

    @property
    def per_record(self) -> float:
        return self.size / self.records


def _enroll(hq: Hq, opened, name: str, organization: str, role: str) -> None:
    hq.manage("create_user", name, "--org", organization, "--role", role)
    code = hq.manage("issue_enrollment_code", name).strip().splitlines()[-1]
    enrollment.enroll(opened.database, hq.url, code)


def _timed(step):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = step()
    return value, time.perf_counter() - started


def one_run(hq: Hq, folder: Path, count: int) -> Run:
    organization = f"Bench bundles {count}"
    hq.manage("create_organization", organization)
    for name in ("field", "coordinator"):
        init_profile(folder / f"{name}-{count}", PASSPHRASE)
    with (
        open_profile(folder / f"field-{count}", PASSPHRASE) as field,
        open_profile(folder / f"coordinator-{count}", PASSPHRASE) as coordinator,
    ):
        _enroll(hq, field, f"field-{count}", organization, "canvasser")
        _enroll(hq, coordinator, f"coordinator-{count}", organization, "coordinator")
        run_sync(field)  # reference data first, not measured
        generator = DemoGenerator(seed=count)
        programs = [row["id"] for row in field.records.iter_all(Kind.PROGRAM)]
        resources = [row["id"] for row in field.records.iter_all(Kind.RESOURCE)]
        items = [generator.contact_log(None, programs, resources) for _ in range(count)]
        assert all(result.ok for result in field.records.create_many(Kind.CONTACT_LOG, items))

        made, export = _timed(lambda: bundle.export_bundle(field.database, folder / "usb"))
        paths = [made.path]
        _collected, collect = _timed(lambda: bundle_relay.collect(coordinator.database, paths))
        store = bundle_relay.direct(coordinator)
        uploaded, upload = _timed(lambda: bundle_relay.upload(store))
        applied = uploaded.uploaded[0][1]["report"]["applied"]
        if applied != count:
            raise RuntimeError(f"HQ applied {applied} of {count}")
        saved, download = _timed(lambda: bundle_relay.download_receipts(store, folder / "usb"))
        _done, apply = _timed(
            lambda: bundle.apply_receipts_file(field.database, field.records, saved.path)
        )
        if journal.pending_count(field.database):
            raise RuntimeError("the receipts did not clear the laptop")
        saved.path.unlink()
        made.path.unlink()
        return Run(count, made.size, export, collect, upload, download, apply)


def render(runs: list[Run]) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    lines = [
        MARK_BEGIN,
        f"Measured {stamp} on {machine()}; HQ: `ocpsc-hq serve` (2 workers) on SQLite, "
        "same machine, loopback.",
        "",
        "| conversations | bundle bytes | bytes per conversation | export s | collect s "
        "| upload and apply s | receipts download s | receipts apply s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run.records:,} | {run.size:,} | {run.per_record:.0f} | {run.export:.2f} "
            f"| {run.collect:.2f} | {run.upload:.2f} | {run.receipts_download:.2f} "
            f"| {run.receipts_apply:.2f} |"
        )
    lines += [
        "",
        "Export seals the laptop's pending ops (X25519 + AES-256-GCM, Ed25519 signature) and "
        "writes the file atomically; collect reads the header and queues the sealed bytes in "
        "the coordinator's encrypted profile; upload and apply is one request: HQ checks the "
        "signature, decrypts and applies the ops through the sync ingest path, and answers "
        "with the report; the receipts file is signed at HQ and applied on the laptop in one "
        "transaction. Conversations are demo ones for anonymous households.",
        "",
        "Command: `python -m benchmarks.bundle_bench --write docs/PERFORMANCE.md`.",
        MARK_END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--write", metavar="PATH", help="update this Markdown file's section")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="ocpsc-bundle-bench-"))
    (folder / "hq").mkdir()
    (folder / "usb").mkdir()
    hq = Hq(folder / "hq")
    runs = []
    try:
        for count in args.sizes:
            run = one_run(hq, folder, count)
            print(
                f"{count}: {run.size:,} B ({run.per_record:.0f} B each), "
                f"export {run.export:.2f} s, upload {run.upload:.2f} s, "
                f"receipts {run.receipts_apply:.2f} s",
                flush=True,
            )
            runs.append(run)
    finally:
        hq.stop()
        shutil.rmtree(folder, ignore_errors=True)
    section = render(runs)
    print(section)
    if args.write:
        report.write_section(Path(args.write), section, MARK_BEGIN, MARK_END, "Offline bundles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
