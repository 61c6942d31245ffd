"""The sync wire format, shared by the field app and HQ.

A journal op travels as a plain JSON object; HQ applies each ``(device,
op_id)`` once. This module holds only the shapes both sides must agree on,
so ``ocpsc_field.hq`` can import it without the store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

PROTOCOL_VERSION = 1
OPS = ("create", "update", "delete")
RECEIPT_STATES = ("applied", "duplicate", "rejected")


@dataclass(frozen=True)
class WireOp:
    """One journal op as sent to HQ."""

    op_id: int
    kind: str
    record_id: str
    op: str
    rev: int
    hlc: str
    fields: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WireOp:
        if data.get("op") not in OPS:
            raise ValueError(f"unknown op {data.get('op')!r}")
        return cls(
            op_id=int(data["op_id"]),
            kind=str(data["kind"]),
            record_id=str(data["record_id"]),
            op=str(data["op"]),
            rev=int(data["rev"]),
            hlc=str(data["hlc"]),
            fields=dict(data.get("fields") or {}),
        )


@dataclass(frozen=True)
class Receipt:
    """HQ's answer for one op."""

    op_id: int
    state: str
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.state not in RECEIPT_STATES:
            raise ValueError(f"unknown receipt state {self.state!r}")
