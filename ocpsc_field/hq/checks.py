"""Checks on one op that need no database: shape, kind, record id, clock, and validation.

The fields go through ``core.validation.validate``, the same engine the app
runs before saving, so a record the app accepted is accepted here. Dates are
checked against tomorrow in UTC: a device in California may already be a
day behind or ahead of HQ's date, and a valid local "today" must pass.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ocpsc_field.core.clock import today_utc
from ocpsc_field.core.hlc import Timestamp
from ocpsc_field.core.records import APPEND_ONLY_KINDS, ENVELOPE_FIELDS, REFERENCE_KINDS, Kind
from ocpsc_field.core.text import Message
from ocpsc_field.core.validation import validate
from ocpsc_field.sync.protocol import MalformedOp, Reason, WireOp

_UUID_LENGTH = 36


@dataclass(frozen=True)
class Rejection:
    """Why an op is refused: a reason code, an English message, and per-field errors."""

    reason: Reason
    message: str
    errors: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Prepared:
    """An op that passed every check that needs no database."""

    wire: WireOp
    kind: Kind
    values: dict[str, Any]
    restore: bool = False


def validation_today() -> date:
    return today_utc() + timedelta(days=1)


def _message_json(message: Message) -> dict[str, Any]:
    """The message as the device needs it to show it in its user's language;
    a counted message adds its English plural and the parameter holding the count."""
    data = {"msgid": message.msgid, "params": dict(message.params), "text": message.render()}
    if message.plural is not None:
        data["msgid_plural"] = message.plural
        data["count_param"] = message.count_param
    return data


def _is_uuid(text: str) -> bool:
    try:
        return len(text) == _UUID_LENGTH and str(uuid.UUID(text)) == text
    except ValueError:
        return False


def prepare(op: WireOp | MalformedOp, today: date) -> Prepared | Rejection:
    """Check one op; the result is ready to merge, or the reason it never will be."""
    if isinstance(op, MalformedOp):
        return Rejection(Reason.MALFORMED, f"This change could not be read: {op.problem}.")
    try:
        kind = Kind(op.kind)
    except ValueError:
        return Rejection(Reason.UNKNOWN_KIND, f"HQ does not know the record kind '{op.kind}'.")
    if kind in REFERENCE_KINDS:
        return Rejection(
            Reason.REFERENCE_DATA,
            "Programs, surveys, resources and organizations are published by HQ; "
            "changes to them made on a device are not accepted.",
        )
    if not _is_uuid(op.record_id):
        return Rejection(Reason.MALFORMED, "The record id is not a lowercase UUID.")
    try:
        Timestamp.parse(op.hlc)
    except ValueError:
        return Rejection(Reason.MALFORMED, "The change's clock time (hlc) cannot be read.")
    if op.op == "delete":
        return Prepared(op, kind, {})
    if op.op == "create":
        checked = validate(kind, op.fields, today=today)
        restore = False
    else:
        restore, rejection = _restore_flag(op)
        if rejection is not None:
            return rejection
        edits = {name for name in op.fields if name not in ENVELOPE_FIELDS}
        if kind in APPEND_ONLY_KINDS and edits:
            return Rejection(
                Reason.APPEND_ONLY,
                "Conversations cannot be edited once saved. "
                "Log a correction that points to the original instead.",
            )
        checked = validate(kind, op.fields, today=today, partial=True)
    if not checked.ok:
        errors = {name: _message_json(message) for name, message in checked.errors.items()}
        names = ", ".join(sorted(errors))
        return Rejection(Reason.INVALID, f"Some fields are not valid: {names}.", errors)
    return Prepared(op, kind, dict(checked.values), restore)


def _restore_flag(op: WireOp) -> tuple[bool, Rejection | None]:
    if "deleted" not in op.fields:
        return False, None
    if op.fields["deleted"] is False:
        return True, None
    return False, Rejection(
        Reason.MALFORMED, "An update can only set deleted to false (a restore); send a delete op."
    )
