"""A small TCP proxy for tests and benchmarks: cut, delay and throttle a link to HQ.

It listens on loopback only and forwards each connection to one target. Faults:

* ``cut_request_after`` / ``cut_response_after``: close a connection once that
  many bytes went up (client to HQ) or down (HQ to client) on it, mid-request
  or mid-response. ``cuts`` says how many connections get cut (None: all).
* ``delay``: seconds added to each chunk in each direction (one-way latency;
  a round trip costs twice this).
* ``up_rate`` / ``down_rate``: bytes per second, per direction, per connection.

Run it by hand for a benchmark or a demo::

    python -m ocpsc_field.sync.proxy --target 127.0.0.1:8765 --port 9000 \\
        --delay 0.25 --up-kbit 256 --cut-response-after 4000
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import struct
import threading
import time
from dataclasses import dataclass

CHUNK = 4096


@dataclass
class Faults:
    cut_request_after: int | None = None
    cut_response_after: int | None = None
    cuts: int | None = None  # how many connections to cut; None = every one
    delay: float = 0.0
    up_rate: float | None = None  # bytes per second
    down_rate: float | None = None


class Proxy:
    """A loopback TCP proxy in front of ``target`` (host, port). Use as a context manager."""

    def __init__(self, target: tuple[str, int], faults: Faults | None = None, port: int = 0):
        self.target = target
        self.faults = faults or Faults()
        self.listener = socket.create_server(("127.0.0.1", port))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.cut = 0
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, name="proxy-accept", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Proxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self.listener.close()
        with self._lock:
            for sock in list(self._sockets):
                _close(sock)
        self._thread.join(5)

    def __enter__(self) -> Proxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                self.connections += 1
                cut_this = self.faults.cuts is None or self.cut < self.faults.cuts
                if cut_this and (
                    self.faults.cut_request_after is not None
                    or self.faults.cut_response_after is not None
                ):
                    self.cut += 1
                else:
                    cut_this = False
                self._sockets.update((client, upstream))
            pair = (client, upstream)
            up_limit = self.faults.cut_request_after if cut_this else None
            down_limit = self.faults.cut_response_after if cut_this else None
            for source, sink, limit, rate in (
                (client, upstream, up_limit, self.faults.up_rate),
                (upstream, client, down_limit, self.faults.down_rate),
            ):
                threading.Thread(
                    target=self._pump,
                    args=(source, sink, limit, rate, pair),
                    name="proxy-pump",
                    daemon=True,
                ).start()

    def _pump(
        self,
        source: socket.socket,
        sink: socket.socket,
        limit: int | None,
        rate: float | None,
        pair: tuple[socket.socket, socket.socket],
    ) -> None:
        passed = 0
        try:
            while True:
                data = source.recv(CHUNK)
                if not data:
                    sink.shutdown(socket.SHUT_WR)
                    return
                if limit is not None and passed + len(data) >= limit:
                    data = data[: max(0, limit - passed)]
                    if data:
                        sink.sendall(data)
                    self._drop(pair)
                    return
                if self.faults.delay:
                    time.sleep(self.faults.delay)
                if rate:
                    time.sleep(len(data) / rate)
                sink.sendall(data)
                passed += len(data)
        except OSError:
            self._drop(pair)

    def _drop(self, pair: tuple[socket.socket, socket.socket]) -> None:
        with self._lock:
            for sock in pair:
                self._sockets.discard(sock)
                _close(sock, reset=True)


def _close(sock: socket.socket, *, reset: bool = False) -> None:
    if reset:  # an abrupt cut, like a dropped link: RST rather than a tidy FIN
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    # shutdown wakes a pump blocked in recv() on this socket; close alone would not.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="A loopback TCP proxy that cuts, delays, throttles"
    )
    parser.add_argument("--target", required=True, help="HOST:PORT to forward to")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (127.0.0.1)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per chunk, each way")
    parser.add_argument("--up-kbit", type=float, help="upload limit in kbit/s")
    parser.add_argument("--down-kbit", type=float, help="download limit in kbit/s")
    parser.add_argument("--cut-request-after", type=int, help="cut after N bytes up")
    parser.add_argument("--cut-response-after", type=int, help="cut after N bytes down")
    parser.add_argument("--cuts", type=int, help="cut only this many connections")
    args = parser.parse_args(argv)
    host, _sep, port = args.target.rpartition(":")
    faults = Faults(
        cut_request_after=args.cut_request_after,
        cut_response_after=args.cut_response_after,
        cuts=args.cuts,
        delay=args.delay,
        up_rate=args.up_kbit * 125 if args.up_kbit else None,
        down_rate=args.down_kbit * 125 if args.down_kbit else None,
    )
    with Proxy((host or "127.0.0.1", int(port)), faults, port=args.port) as proxy:
        print(proxy.url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
