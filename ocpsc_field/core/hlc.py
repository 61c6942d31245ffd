"""Hybrid logical clock timestamps for ordering edits across devices.

Laptop clocks drift, and a field device may be offline for weeks. An HLC
timestamp never goes backwards on one device and stays close to wall time,
so "the later edit wins" means what people expect. The text form sorts
lexically in timestamp order: ``<13-digit ms>-<4-digit counter>-<device>``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:04d}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        wall, counter, device = text.split("-", 2)
        return cls(int(wall), int(counter), device)


def tick(last: Timestamp | None, now_ms: int, device: str) -> Timestamp:
    """The next local timestamp: wall time if it moved on, else the last one plus one."""
    if last is None or now_ms > last.wall_ms:
        return Timestamp(now_ms, 0, device)
    return Timestamp(last.wall_ms, last.counter + 1, device)


def receive(last: Timestamp | None, remote: Timestamp, now_ms: int, device: str) -> Timestamp:
    """Advance the local clock past a timestamp seen from another device."""
    wall = max(now_ms, remote.wall_ms, last.wall_ms if last else 0)
    counters = [-1]
    if last is not None and last.wall_ms == wall:
        counters.append(last.counter)
    if remote.wall_ms == wall:
        counters.append(remote.counter)
    return Timestamp(wall, max(counters) + 1, device)
