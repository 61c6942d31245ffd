"""Sync benchmark: time and bytes on the wire to push contact logs to a real HQ.

Starts ``ocpsc-hq serve`` on SQLite in a temporary folder, and for 1,000 and
then 10,000 conversations syncs a freshly enrolled profile twice: on a direct
loopback link (LAN) and on a rural link (500 ms round trip, 256 kbit/s up,
1 Mbit/s down). Both go through a metering link in front of HQ that counts the
bytes on the wire. The floor for a link is ``bytes up / up rate + bytes down /
down rate + round trips x RTT``: what a one-request-at-a-time client cannot
beat on it.

The rural link here is a delay line: each chunk waits its turn on the
bottleneck (serialization at the given rate) and then the one-way delay, so
chunks in flight overlap as on a real link. (``ocpsc_field.sync.proxy``, the
fault-injection proxy of the tests, sleeps the delay for every 4 KB chunk in
turn, which is harsher than a real link for large bodies.)

    python -m benchmarks.sync_bench [--sizes 1000 10000] [--write docs/PERFORMANCE.md]
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

from benchmarks import report
from benchmarks.store_bench import machine
from ocpsc_field.core.demo_data import DemoGenerator
from ocpsc_field.core.records import Kind
from ocpsc_field.store.session import init_profile, open_profile
from ocpsc_field.sync import enrollment
from ocpsc_field.sync.engine import run_sync
from ocpsc_field.sync.proxy import Proxy
from ocpsc_field.sync.transport import Transport

PASSPHRASE = "benchmark passphrase"
HQ = str(Path(sys.executable).with_name("ocpsc-hq"))
MARK_BEGIN = "<!-- sync-bench:begin -->"
MARK_END = "<!-- sync-bench:end -->"
RURAL = {"rtt": 0.5, "up": 256_000 / 8, "down": 1_000_000 / 8}  # seconds, bytes per second


class MeteredLink(Proxy):
    """A loopback link that counts bytes each way and, optionally, delays and throttles."""

    def __init__(
        self,
        target: tuple[str, int],
        *,
        rtt: float = 0.0,
        up_rate: float | None = None,
        down_rate: float | None = None,
    ) -> None:
        super().__init__(target)
        self.rtt = rtt
        self.rates = {True: up_rate, False: down_rate}
        self.bytes = {True: 0, False: 0}  # True: up (laptop to HQ)

    @property
    def up(self) -> int:
        return self.bytes[True]

    @property
    def down(self) -> int:
        return self.bytes[False]

    def _pump(self, source, sink, limit, rate, pair) -> None:  # noqa: ANN001, ARG002
        upward = source is pair[0]
        rate = self.rates[upward]
        line: queue.Queue = queue.Queue()

        def deliver() -> None:
            try:
                while True:
                    item = line.get()
                    if item is None:
                        sink.shutdown(socket.SHUT_WR)
                        return
                    due, data = item
                    wait = due - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    sink.sendall(data)
            except OSError:
                self._drop(pair)

        sender = threading.Thread(target=deliver, name="link-deliver", daemon=True)
        sender.start()
        free_at = 0.0
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                with self._lock:
                    self.bytes[upward] += len(data)
                start = max(time.monotonic(), free_at)
                free_at = start + (len(data) / rate if rate else 0.0)
                line.put((free_at + self.rtt / 2, data))
        except OSError:
            pass
        line.put(None)


@dataclass
class Run:
    link: str
    records: int
    seconds: float
    up: int
    down: int
    round_trips: int
    floor: float | None

    @property
    def per_record(self) -> float:
        return self.up / self.records

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor if self.floor else None


class Hq:
    """A real ``ocpsc-hq serve`` on SQLite in ``folder``."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("OCPSC_HQ_")}
        self.env["OCPSC_HQ_DATA_DIR"] = str(folder)
        self.log = (folder / "serve.log").open("ab")
        self.process = subprocess.Popen(
            [HQ, "serve", "--port", str(self.port), "--workers", "2"],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("ocpsc-hq did not answer /health")

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [HQ, "manage", *args], env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


def one_run(hq: Hq, folder: Path, count: int, link_name: str) -> Run:
    """A fresh profile, enrolled and up to date with HQ, then ``count`` conversations
    synced over the named link."""
    name = f"{link_name}-{count}"
    init_profile(folder / name, PASSPHRASE)
    with open_profile(folder / name, PASSPHRASE) as opened:
        hq.manage("create_organization", f"Bench {name}")
        hq.manage("create_user", f"bench-{name}", "--org", f"Bench {name}", "--role", "canvasser")
        code = hq.manage("issue_enrollment_code", f"bench-{name}").strip().splitlines()[-1]
        enrollment.enroll(opened.database, hq.url, code)
        run_sync(opened)  # reference data (programs, resources) first, not measured
        generator = DemoGenerator(seed=count)
        programs = [row["id"] for row in opened.records.iter_all(Kind.PROGRAM)]
        resources = [row["id"] for row in opened.records.iter_all(Kind.RESOURCE)]
        items = [generator.contact_log(None, programs, resources) for _ in range(count)]
        assert all(result.ok for result in opened.records.create_many(Kind.CONTACT_LOG, items))
        rural = link_name == "rural"
        link = MeteredLink(
            ("127.0.0.1", hq.port),
            rtt=RURAL["rtt"] if rural else 0.0,
            up_rate=RURAL["up"] if rural else None,
            down_rate=RURAL["down"] if rural else None,
        )
        with link:
            transport = Transport(link.url, token=enrollment.token(opened.database))
            started = time.perf_counter()
            result = run_sync(opened, transport=transport)
            seconds = time.perf_counter() - started
            transport.close()
        if result.acknowledged != count or not result.complete:
            raise RuntimeError(f"{name}: only {result.acknowledged} of {count} acknowledged")
        trips = transport.stats.requests
        floor = (
            link.up / RURAL["up"] + link.down / RURAL["down"] + trips * RURAL["rtt"]
            if rural
            else None
        )
        return Run(link_name, count, seconds, link.up, link.down, trips, floor)


def render(runs: list[Run]) -> str:
    lines = [
        MARK_BEGIN,
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()}; HQ: `ocpsc-hq serve` "
        "(2 workers) on SQLite, same machine.",
        "",
        "| link | conversations | wall s | bytes up | bytes down | round trips "
        "| bytes up per conversation | floor s | wall / floor |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        floor = f"{run.floor:.1f}" if run.floor else "n/a"
        ratio = f"{run.ratio:.2f}x" if run.ratio else "n/a"
        lines.append(
            f"| {run.link} | {run.records:,} | {run.seconds:.1f} | {run.up:,} | {run.down:,} "
            f"| {run.round_trips} | {run.per_record:.0f} | {floor} | {ratio} |"
        )
    lines += [
        "",
        "Conversations are demo ones (`DemoGenerator.contact_log`) for anonymous "
        "households, so they carry no resident id; each run is a fresh, enrolled profile "
        "that already has HQ's reference data. "
        "LAN: loopback, no limits. Rural: 500 ms round trip, 256 kbit/s up, 1 Mbit/s down. "
        "The rural link is the benchmark's delay line (each chunk is serialized at the "
        "rate, then delayed; chunks in flight overlap), not `ocpsc_field.sync.proxy`, which "
        "sleeps the delay once per 4 KB chunk in turn. "
        "Bytes are counted on the wire (HTTP headers included) by the metering link; a "
        "round trip is one HTTP request. Floor = bytes up / 256 kbit/s + bytes down / "
        "1 Mbit/s + round trips x 0.5 s. Targets: wall within 1.5x of the floor on the "
        "rural link; about 150 bytes or less per conversation.",
        "",
        "Command: `make bench` (or `python -m benchmarks.sync_bench --write docs/PERFORMANCE.md`).",
        MARK_END,
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    report.write_section(path, section, MARK_BEGIN, MARK_END, "Sync")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--links", nargs="+", default=["lan", "rural"], choices=["lan", "rural"])
    parser.add_argument("--write", metavar="PATH", help="update this Markdown file's section")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="ocpsc-sync-bench-"))
    (folder / "hq").mkdir()
    hq = Hq(folder / "hq")
    runs: list[Run] = []
    try:
        for count in args.sizes:
            for link in args.links:
                run = one_run(hq, folder, count, link)
                print(
                    f"{link} {count}: {run.seconds:.1f} s, {run.up:,} B up, {run.down:,} B down, "
                    f"{run.round_trips} round trips, {run.per_record:.0f} B/conversation"
                    + (f", floor {run.floor:.1f} s ({run.ratio:.2f}x)" if run.floor else ""),
                    flush=True,
                )
                runs.append(run)
    finally:
        hq.stop()
        shutil.rmtree(folder, ignore_errors=True)
    section = render(runs)
    print(section)
    if args.write:
        write_section(Path(args.write), section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
