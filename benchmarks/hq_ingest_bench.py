"""HQ ingest: records per second from many devices at once, on PostgreSQL.

    python -m benchmarks.hq_ingest_bench --write docs/PERFORMANCE.md

Starts a real ``ocpsc-hq serve`` (gunicorn) on a fresh PostgreSQL database at
127.0.0.1:5432, enrolls N devices in one organization, and has every device
push its contact logs in exchanges of ``--batch`` ops at the same time, each
from its own thread and HTTP session, as field laptops coming back online
would. Counts at HQ are checked afterwards: every record arrived once.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.report import write_section
from benchmarks.store_bench import machine
from tests.hq.harness import Device, Server

POSTGRES_ADMIN_URL = os.environ.get(
    "OCPSC_HQ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)
MARK_BEGIN = "<!-- hq-ingest-bench:begin -->"
MARK_END = "<!-- hq-ingest-bench:end -->"


def contact_log(index: int) -> dict:
    return {
        "occurred_at": "2026-11-20T18:00:00.000Z",
        "anonymous_household": True,
        "channel": ("door", "phone", "event")[index % 3],
        "language": ("es", "en", "vi", "zh-Hans")[index % 4],
        "outcome": ("reached", "not_home", "refused")[index % 3],
        "notes": f"Benchmark conversation {index}",
    }


def push(device: Device, records: int, batch: int, latencies: list[float]) -> None:
    ops = [device.create("contact_log", contact_log(i)) for i in range(records)]
    for start in range(0, records, batch):
        began = time.perf_counter()
        answer = device.exchange(ops[start : start + batch])
        latencies.append(time.perf_counter() - began)
        states = {receipt["state"] for receipt in answer["receipts"]}
        if states != {"applied"}:
            raise RuntimeError(f"unexpected receipts: {states}")


def run(devices: int, records: int, batch: int, workers: int) -> dict:
    import psycopg

    admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    name = f"ocpsc_hq_bench_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    with tempfile.TemporaryDirectory(prefix="hq-ingest-") as tmp:
        server = Server("postgresql", Path(tmp), f"{base}/{name}").start(workers=workers)
        try:
            organization = server.organization("Bench")
            team = [server.device(organization) for _ in range(devices)]
            latencies: list[float] = []
            threads = [
                threading.Thread(target=push, args=(device, records, batch, latencies))
                for device in team
            ]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
            counts = server.counts(organization)
        finally:
            server.stop()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    total = devices * records
    stored = counts.get("records", counts).get("contact_log")
    ordered = sorted(latencies)
    return {
        "devices": devices,
        "records": total,
        "batch": batch,
        "workers": workers,
        "seconds": elapsed,
        "per_second": total / elapsed,
        "stored": stored,
        "p50_ms": ordered[len(ordered) // 2] * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95) - 1] * 1000,
    }


def render(result: dict) -> str:
    return "\n".join(
        [
            MARK_BEGIN,
            f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()}; HQ and PostgreSQL 15 "
            "on the same machine, with the devices.",
            "",
            "| devices | contact logs | ops per exchange | gunicorn workers | wall s | "
            "records/s | exchange p50 ms | exchange p95 ms | stored at HQ | target |",
            "|---|---|---|---|---|---|---|---|---|---|",
            f"| {result['devices']} | {result['records']:,} | {result['batch']} | "
            f"{result['workers']} | {result['seconds']:.1f} | {result['per_second']:,.0f} | "
            f"{result['p50_ms']:.0f} | {result['p95_ms']:.0f} | {result['stored']:,} | "
            ">= 2,000 records/s |",
            "",
            "Command: `python -m benchmarks.hq_ingest_bench --write docs/PERFORMANCE.md`.",
            MARK_END,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--records", type=int, default=1000, help="contact logs per device")
    parser.add_argument("--batch", type=int, default=250, help="ops per exchange")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--write", metavar="PATH")
    args = parser.parse_args(argv)
    result = run(args.devices, args.records, args.batch, args.workers)
    section = render(result)
    print(section)
    if result["stored"] != result["records"]:
        print("HQ does not hold exactly the records sent", file=sys.stderr)
        return 1
    if args.write:
        write_section(Path(args.write), section, MARK_BEGIN, MARK_END, "HQ ingest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
