"""Field-level merge of one op into a record's state, by hybrid logical clock.

Pure functions over plain values, so every rule is tested without a database:
- each field keeps the clock ``[hlc, seq, device]`` of the write that set it;
  an incoming value replaces it only with a later HLC (ties cannot happen
  across devices, because the HLC ends with the device id);
- when two devices set one field to different values, the losing value is
  reported as ``Lost`` so HQ can keep it as a conflict for review. A value
  the incoming device had already downloaded (its cursor passed the seq of
  that value) is an informed overwrite, not a conflict;
- append-only kinds never conflict;
- tombstones win: only an explicit restore with a later HLC than the delete
  lifts one, and edits to other fields never do.
Out-of-order ops need nothing special: an update that arrives before its
create leaves a placeholder row, and the create later fills only the fields
that no later write has set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ocpsc_field.core.hlc import Timestamp

DELETED = "deleted"  # the tombstone is merged like a field, under this clock name


@dataclass
class RecordState:
    """What HQ holds for one record: field values in wire form and their clocks."""

    values: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
    clocks: dict[str, list[Any]] = field(default_factory=dict)
    complete: bool = False
    rev: int = 0

    @property
    def echo_device(self) -> str | None:
        """The device whose own writes make up this whole record, if only one did:
        that device already holds exactly this state, so it need not download it."""
        devices = {clock[2] for clock in self.clocks.values()}
        return devices.pop() if len(devices) == 1 else None


@dataclass(frozen=True)
class Change:
    """One validated op from ``device``. ``restore`` is True for an undo of a delete."""

    op: str
    values: dict[str, Any]
    hlc: str
    device: str
    rev: int = 0
    restore: bool = False
    seen_through: int = 0  # the device's download cursor for this kind's stream


@dataclass(frozen=True)
class Lost:
    """A value that lost to another device's value for the same field."""

    field: str
    losing_value: Any
    winning_value: Any
    losing_hlc: str
    winning_hlc: str
    losing_device: str
    winning_device: str


@dataclass
class Outcome:
    changed: set[str] = field(default_factory=set)
    lost: list[Lost] = field(default_factory=list)

    @property
    def modified(self) -> bool:
        return bool(self.changed)


def _later(a: str, b: str) -> bool:
    return Timestamp.parse(a) > Timestamp.parse(b)


def merge(state: RecordState, change: Change, seq: int, *, append_only: bool = False) -> Outcome:
    """Apply ``change``, which HQ logs as ``seq``, to ``state`` in place; say which
    fields changed and which values lost."""
    outcome = Outcome()
    if change.op == "create" and not state.complete:
        state.complete = True
        outcome.changed.add("complete")
    incoming: dict[str, Any] = dict(change.values)
    if change.op == "delete":
        incoming = {DELETED: True}
    elif change.restore:
        incoming[DELETED] = False
    for name, value in incoming.items():
        clock = state.clocks.get(name)
        current = state.deleted if name == DELETED else state.values.get(name)
        if clock is None or _later(change.hlc, clock[0]):
            other = clock is not None and clock[2] != change.device
            if (
                other
                and not append_only
                and name != DELETED
                and current != value
                and (clock[1] or 0) > change.seen_through
            ):
                outcome.lost.append(
                    Lost(name, current, value, clock[0], change.hlc, clock[2], change.device)
                )
            if name == DELETED:
                state.deleted = bool(value)
            else:
                state.values[name] = value
            state.clocks[name] = [change.hlc, seq, change.device]
            outcome.changed.add(name)
        elif (
            change.hlc != clock[0]
            and clock[2] != change.device
            and not append_only
            and name != DELETED
            and current != value
        ):
            outcome.lost.append(
                Lost(name, value, current, change.hlc, clock[0], change.device, clock[2])
            )
    if outcome.changed:
        state.rev = max(state.rev + 1, change.rev)
    return outcome
