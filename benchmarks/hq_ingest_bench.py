"""HQ ingest: records per second from many devices at once, on PostgreSQL.

    python -m benchmarks.hq_ingest_bench --write docs/PERFORMANCE.md

Each run starts a real ``ocpsc-hq serve`` (gunicorn) on a fresh PostgreSQL
database at 127.0.0.1:5432, enrolls N devices in one organization, and has
every device push its contact logs in exchanges of ``--batch`` ops at the
same time, each from its own thread and HTTP session, as field laptops coming
back online would. The clock runs from the first request to the last answer;
every answer must carry an ``applied`` receipt for each op. Afterwards HQ
must hold every record once and a stored ``applied`` receipt for every op.

The devices share the machine's cores with HQ and PostgreSQL, so their work
is kept small: each device's ops are made and its request bodies are
gzip-compressed before the clock starts (a laptop has its batch ready when it
comes online), and only sending, receiving and checking the answers is timed.
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
from ocpsc_field.sync.protocol import (
    EXCHANGE_PATH,
    ExchangeRequest,
    decode_body,
    encode_body,
)
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


def bodies(device: Device, records: int, batch: int) -> list[tuple[bytes, int]]:
    """The device's exchanges as compressed request bodies, with their op counts."""
    ops = [device.create("contact_log", contact_log(i)) for i in range(records)]
    made = []
    for start in range(0, records, batch):
        chunk = ops[start : start + batch]
        made.append((encode_body(ExchangeRequest(device.id, chunk).to_json()), len(chunk)))
    return made


def push(device: Device, exchanges: list[tuple[bytes, int]], latencies: list[float]) -> None:
    headers = {
        "Authorization": f"Bearer {device.token}",
        "Content-Encoding": "gzip",
        "Accept-Encoding": "gzip",
        "Content-Type": "application/json",
    }
    for body, count in exchanges:
        began = time.perf_counter()
        response = device.session.post(
            device.server.url + EXCHANGE_PATH, data=body, headers=headers, timeout=120
        )
        answer = decode_body(response.content, None) if response.ok else None
        latencies.append(time.perf_counter() - began)
        if answer is None:
            raise RuntimeError(f"HQ answered {response.status_code}: {response.text[:200]}")
        receipts = answer["receipts"]
        if len(receipts) != count or {r["state"] for r in receipts} != {"applied"}:
            raise RuntimeError(f"unexpected receipts: { ({r['state'] for r in receipts}) }")


def _stored_receipts(database_url: str) -> int:
    """Applied receipts HQ holds; no sequence-number claim may be left open."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=3) as connection:
        receipts = connection.execute("SELECT count(*) FROM hq_receipt WHERE state = 'applied'")
        claims = connection.execute("SELECT count(*) FROM hq_sequenceclaim")
        if claims.fetchone()[0]:
            raise RuntimeError("sequence-number claims were left open after every exchange ended")
        return int(receipts.fetchone()[0])


def run(devices: int, records: int, batch: int, workers: int, threads: int) -> dict:
    import psycopg

    load = os.getloadavg()[0]  # other work on the machine takes cores from the run
    admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    name = f"ocpsc_hq_bench_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    database_url = f"{base}/{name}"
    with tempfile.TemporaryDirectory(prefix="hq-ingest-") as tmp:
        server = Server("postgresql", Path(tmp), database_url)
        server.start(workers=workers, threads=threads)
        try:
            organization = server.organization("Bench")
            team = [server.device(organization) for _ in range(devices)]
            prepared = [bodies(device, records, batch) for device in team]
            latencies: list[float] = []
            failures: list[BaseException] = []

            def device_pushes(device: Device, exchanges: list[tuple[bytes, int]]) -> None:
                try:
                    push(device, exchanges, latencies)
                except BaseException as error:  # noqa: BLE001 - reported after the run
                    failures.append(error)

            threads_ = [
                threading.Thread(target=device_pushes, args=pair)
                for pair in zip(team, prepared, strict=True)
            ]
            began = time.perf_counter()
            for thread in threads_:
                thread.start()
            for thread in threads_:
                thread.join()
            elapsed = time.perf_counter() - began
            if failures:
                raise RuntimeError(f"a device's push failed: {failures[0]}")
            counts = server.counts(organization)
            receipts = _stored_receipts(database_url)
        finally:
            server.stop()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    total = devices * records
    ordered = sorted(latencies)
    return {
        "devices": devices,
        "records": total,
        "batch": batch,
        "workers": workers,
        "threads": threads,
        "load": load,
        "seconds": elapsed,
        "per_second": total / elapsed,
        "stored": counts["records"]["contact_log"],
        "receipts": receipts,
        "p50_ms": ordered[len(ordered) // 2] * 1000,
        "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000,
    }


def _row(result: dict) -> str:
    return (
        f"| {result['devices']} | {result['records']:,} | {result['batch']} | "
        f"{result['workers']} × {result['threads']} | {result['load']:.1f} | "
        f"{result['seconds']:.1f} | "
        f"{result['per_second']:,.0f} | {result['p50_ms']:.0f} | {result['p95_ms']:.0f} | "
        f"{result['stored']:,} | {result['receipts']:,} |"
    )


def render(results: list[dict]) -> str:
    rates = [result["per_second"] for result in results]
    return "\n".join(
        [
            MARK_BEGIN,
            f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()}; HQ and PostgreSQL 15 "
            "on the same machine, with the devices. Target: at least 2,000 records/s.",
            "",
            "| devices | contact logs | ops per exchange | gunicorn workers × threads | "
            "load before | wall s | records/s | exchange p50 ms | exchange p95 ms | "
            "stored at HQ | applied receipts stored |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
            *(_row(result) for result in results),
            "",
            f"{len(results)} runs, each on a fresh database and server: "
            f"{min(rates):,.0f}–{max(rates):,.0f} records/s.",
            "",
            "The clock covers sending every exchange, HQ's whole work on it (parse, validate, "
            "merge, write records, change log and receipts, commit) and reading and checking "
            "each receipt. Each device's ops and gzip-compressed request bodies are made before "
            "the clock starts, so the 20 device threads, which share the two cores with HQ and "
            "PostgreSQL, take as little of them as they can. *Load before* is the machine's "
            "one-minute load average when the run started: other programs running on the "
            "same two cores slow a run down.",
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
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--runs", type=int, default=3, help="runs, each on a fresh database")
    parser.add_argument("--write", metavar="PATH")
    args = parser.parse_args(argv)
    results = []
    for _ in range(max(1, args.runs)):
        results.append(run(args.devices, args.records, args.batch, args.workers, args.threads))
        print(_row(results[-1]), flush=True)
    section = render(results)
    print(section)
    if any(result["stored"] != result["records"] for result in results):
        print("HQ does not hold exactly the records sent", file=sys.stderr)
        return 1
    if any(result["receipts"] != result["records"] for result in results):
        print("HQ does not hold an applied receipt for every op sent", file=sys.stderr)
        return 1
    if args.write:
        write_section(Path(args.write), section, MARK_BEGIN, MARK_END, "HQ ingest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
