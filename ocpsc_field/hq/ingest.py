"""Apply one batch of journal ops: every (device, op_id) exactly once, the batch all or nothing.

One database transaction per exchange, in this order, so concurrent
exchanges neither duplicate nor deadlock:
1. lock the device row: two exchanges of one device (a resend racing the
   original) run one after the other, and the second sees the first's receipts;
2. ops with an ``applied`` receipt are answered ``duplicate`` and skipped. An
   op rejected before is checked again: a fixed op is resent under its op_id;
3. lock the stored rows of the records the ops name; refuse ops outside the
   device's organization, and survey responses that do not fit the survey
   version they name (``survey_checks``);
4. write the receipts (the unique (device, op_id) constraint backs up step 1)
   and recompute the device's gaps from them;
5. take sequence numbers, merge field by field, write rows, change log and
   conflicts, and commit. On PostgreSQL the numbers were claimed before the
   transaction began, so exchanges from many devices write at the same time;
   elsewhere the counter is taken here, always last (see ``sequence``).
A crash at any point rolls the whole batch back, so a resend starts clean.
"""

from __future__ import annotations

import copy
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db import (
    DataError,
    IntegrityError,
    OperationalError,
    connection,
    models,
    transaction,
)
from django.utils import timezone

from ocpsc_field.core.clock import parse_iso_utc
from ocpsc_field.core.records import APPEND_ONLY_KINDS, Kind
from ocpsc_field.hq import bulk, scope, sequence, survey_checks
from ocpsc_field.hq.checks import Prepared, Rejection, prepare, validation_today
from ocpsc_field.hq.merge import Change, Lost, RecordState, merge
from ocpsc_field.hq.models import RECORD_MODELS, ChangeLog, Conflict, Device
from ocpsc_field.hq.models import Receipt as ReceiptRow
from ocpsc_field.hq.values import field_values, to_column
from ocpsc_field.sync.protocol import (
    APPLIED,
    DUPLICATE,
    REJECTED,
    ExchangeRequest,
    Reason,
    Receipt,
)

ATTEMPTS = 4
HQ_DEVICE = "hq"  # the device name in clocks for edits made at HQ
UNSTORABLE = Rejection(
    Reason.MALFORMED, "HQ could not store this record: one of its values is too long or too large."
)


_LOG_COLUMNS = (
    "seq",
    "kind",
    "record_id",
    "op",
    "organization_id",
    "device_id",
    "op_id",
    "user_id",
    "hlc",
    "at",
)
_RECEIPT_COLUMNS = (
    "device_id",
    "op_id",
    "state",
    "reason",
    "message",
    "kind",
    "record_id",
    "received_at",
)
# Every column of each record table, for inserting new rows from plain values.
_RECORD_COLUMNS: dict[Kind, list[str]] = {
    kind: [field.attname for field in model._meta.concrete_fields]
    for kind, model in RECORD_MODELS.items()
}


class DeviceRevoked(Exception):
    """The device was revoked while its exchange waited for its turn."""


@dataclass
class _Target:
    """One record touched by the batch: its stored row (if any) and merged state."""

    kind: Kind
    row: models.Model | None
    state: RecordState
    seq: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    lost: list[Lost] = field(default_factory=list)


def apply_batch(device_id: str, request: ExchangeRequest) -> tuple[Device, list[Receipt]]:
    """Apply the request's ops for ``device_id``; the device as saved and a receipt per op."""
    today = validation_today()
    prepared = {op.op_id: prepare(op, today) for op in request.ops}
    try:
        return _with_retries(device_id, request, prepared)
    except DataError:
        # A value the database refuses slipped past validation. Apply the ops
        # one by one, so only the op that cannot be stored is rejected and the
        # ones behind it are not held up.
        receipts = []
        for op in request.ops:
            single = replace(request, ops=[op])
            try:
                device, answered = _with_retries(device_id, single, {op.op_id: prepared[op.op_id]})
            except DataError:
                device, answered = _with_retries(device_id, single, {op.op_id: UNSTORABLE})
            receipts.extend(answered)
        return device, receipts


def _with_retries(
    device_id: str, request: ExchangeRequest, prepared: dict[int, Prepared | Rejection]
) -> tuple[Device, list[Receipt]]:
    with sequence.claimed(len(prepared)) as claim:
        for attempt in range(ATTEMPTS):
            try:
                with transaction.atomic():
                    return _apply(device_id, request, prepared, claim)
            except (IntegrityError, OperationalError) as error:
                if attempt == ATTEMPTS - 1 or not _retryable(error):
                    raise
                time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))
    raise AssertionError("unreachable")


def _retryable(error: Exception) -> bool:
    """A lost race (unique key taken meanwhile, deadlock, lock timeout): run the batch again."""
    if isinstance(error, IntegrityError):
        return True
    state = getattr(error.__cause__, "sqlstate", None)
    return state in ("40001", "40P01") or "locked" in str(error)


def _apply(
    device_id: str,
    request: ExchangeRequest,
    prepared: dict[int, Prepared | Rejection],
    claim: sequence.Claim | None,
) -> tuple[Device, list[Receipt]]:
    device = Device.objects.select_for_update().select_related("user").get(pk=device_id)
    if device.revoked:
        raise DeviceRevoked(device_id)
    prior = {
        row.op_id: row for row in ReceiptRow.objects.filter(device=device, op_id__in=list(prepared))
    }
    answers: dict[int, Receipt] = {}
    rejections: dict[int, Rejection] = {}
    fresh: list[Prepared] = []
    for op_id in sorted(prepared):
        checked = prepared[op_id]
        if op_id in prior and prior[op_id].state == ReceiptRow.State.APPLIED:
            answers[op_id] = Receipt(op_id, DUPLICATE)
        elif isinstance(checked, Rejection):
            rejections[op_id] = checked
        else:
            fresh.append(checked)
    rows = _lock_rows(fresh)
    rejections.update(scope.refusals(fresh, rows, device.organization_id))
    fresh = [op for op in fresh if op.wire.op_id not in rejections]
    rejections.update(survey_checks.refusals(fresh, rows))
    fresh = [op for op in fresh if op.wire.op_id not in rejections]
    for op in fresh:
        answers[op.wire.op_id] = Receipt(op.wire.op_id, APPLIED)
    for op_id, rejection in rejections.items():
        answers[op_id] = Receipt(
            op_id, REJECTED, rejection.reason.value, rejection.message, rejection.errors or None
        )
    cursors = {**device.cursors, **request.cursors}
    _write_receipts(device, request, prior, answers)
    _save_device(device, request)
    first_seq = sequence.take(claim, len(fresh))  # a claim ends with this transaction
    if fresh:
        targets = _merge_all(device, fresh, rows, cursors, first_seq)
        _write_records(device, targets)
        _write_log(device, fresh, targets, first_seq)
    return device, [answers[op.op_id] for op in request.ops]


def _lock_rows(ops: Sequence[Prepared]) -> dict[tuple[Kind, str], models.Model]:
    wanted: dict[Kind, set[str]] = defaultdict(set)
    for op in ops:
        wanted[op.kind].add(op.wire.record_id)
    rows: dict[tuple[Kind, str], models.Model] = {}
    for kind, ids in sorted(wanted.items()):  # one lock order for every writer
        query = RECORD_MODELS[kind].objects.select_for_update().filter(pk__in=ids).order_by("pk")
        rows.update(((kind, row.pk), row) for row in query)
    return rows


def _moment(text: str | None, now: datetime) -> datetime:
    """When the device wrote the op; never in the future, whatever its clock says."""
    try:
        return min(parse_iso_utc(text), now) if text else now
    except ValueError:
        return now


def _merge_all(
    device: Device,
    ops: Sequence[Prepared],
    rows: dict[tuple[Kind, str], models.Model],
    cursors: dict[str, int],
    first_seq: int,
) -> dict[tuple[Kind, str], _Target]:
    now = timezone.now()
    targets: dict[tuple[Kind, str], _Target] = {}
    for index, op in enumerate(ops):
        key = (op.kind, op.wire.record_id)
        target = targets.get(key)
        if target is None:
            target = targets[key] = _target(op.kind, rows.get(key))
        seq = first_seq + index
        change = Change(
            op=op.wire.op,
            values=op.values,
            hlc=op.wire.hlc,
            device=device.id,
            rev=op.wire.rev,
            restore=op.restore,
            seen_through=cursors.get(op.kind.value, 0),
        )
        was_complete = target.state.complete
        outcome = merge(target.state, change, seq, append_only=op.kind in APPEND_ONLY_KINDS)
        target.lost.extend(outcome.lost)
        if not outcome.modified:
            continue
        at = _moment(op.wire.at, now)
        target.seq = seq
        target.updated_at = max(target.updated_at or at, at)
        if op.wire.op == "create" and not was_complete or target.created_at is None:
            target.created_at = at
    return targets


def _target(kind: Kind, row: models.Model | None) -> _Target:
    if row is None:
        return _Target(kind, None, RecordState())
    state = RecordState(
        values=field_values(kind, row),
        deleted=row.deleted,
        clocks=copy.deepcopy(row.clocks),
        complete=row.complete,
        rev=row.rev,
    )
    return _Target(kind, row, state, created_at=row.created_at, updated_at=row.updated_at)


def _write_records(device: Device, targets: dict[tuple[Kind, str], _Target]) -> None:
    new: dict[Kind, list[dict[str, object]]] = defaultdict(list)
    changed: dict[Kind, list[models.Model]] = defaultdict(list)
    received_at = timezone.now()
    for (kind, record_id), target in targets.items():
        if not target.seq:
            continue
        state = target.state
        columns: dict[str, object] = {
            name: to_column(kind, name, value) for name, value in state.values.items()
        }
        columns.update(
            deleted=state.deleted,
            clocks=state.clocks,
            complete=state.complete,
            rev=state.rev,
            seq=target.seq,
            echo_device=state.echo_device,
            created_at=target.created_at,
            updated_at=target.updated_at,
        )
        if target.row is None:
            columns.update(
                id=record_id,
                owner_id=device.organization_id,
                created_by=device.user.get_username(),
                origin_device=device.id,
                received_at=received_at,
            )
            new[kind].append(columns)
        else:
            for name, value in columns.items():
                setattr(target.row, name, value)
            changed[kind].append(target.row)
    for kind, items in new.items():
        names = _RECORD_COLUMNS[kind]
        bulk.insert_values(RECORD_MODELS[kind], names, [[c.get(n) for n in names] for c in items])
    for kind, items in changed.items():
        bulk.update(RECORD_MODELS[kind], items, skip=("owner", "received_at"))


def _device_id(name: str) -> str | None:
    return None if name == HQ_DEVICE else name


def _write_log(
    device: Device,
    ops: Sequence[Prepared],
    targets: dict[tuple[Kind, str], _Target],
    first_seq: int,
) -> None:
    at = timezone.now()
    organization, user = device.organization_id, device.user_id
    bulk.insert_values(
        ChangeLog,
        _LOG_COLUMNS,
        [
            (
                first_seq + index,
                op.kind.value,
                op.wire.record_id,
                op.wire.op,
                organization,
                device.id,
                op.wire.op_id,
                user,
                op.wire.hlc,
                at,
            )
            for index, op in enumerate(ops)
        ],
    )
    Conflict.objects.bulk_create(
        [
            Conflict(
                kind=kind.value,
                record_id=record_id,
                organization_id=device.organization_id,
                field=lost.field,
                losing_value=lost.losing_value,
                winning_value=lost.winning_value,
                losing_hlc=lost.losing_hlc,
                winning_hlc=lost.winning_hlc,
                losing_device_id=_device_id(lost.losing_device),
                winning_device_id=_device_id(lost.winning_device),
            )
            for (kind, record_id), target in targets.items()
            for lost in target.lost
        ],
        batch_size=500,
    )


def _write_receipts(
    device: Device,
    request: ExchangeRequest,
    prior: dict[int, ReceiptRow],
    answers: dict[int, Receipt],
) -> None:
    ops = {op.op_id: op for op in request.ops}
    now = timezone.now()
    new: list[tuple[object, ...]] = []
    redone: list[ReceiptRow] = []
    for op_id, answer in answers.items():
        if answer.state == DUPLICATE:
            continue
        state = ReceiptRow.State.APPLIED if answer.state == APPLIED else ReceiptRow.State.REJECTED
        reason, message = answer.reason or "", answer.message or ""
        row = prior.get(op_id)
        if row is not None:
            row.state, row.reason, row.message = state, reason, message
            redone.append(row)
            continue
        op = ops[op_id]
        kind = str(getattr(op, "kind", ""))[:32]
        record_id = str(getattr(op, "record_id", ""))[:36]
        new.append((device.id, op_id, state.value, reason, message, kind, record_id, now))
    bulk.insert_values(ReceiptRow, _RECEIPT_COLUMNS, new)
    ReceiptRow.objects.bulk_update(redone, ["state", "reason", "message"], batch_size=500)


_GAPS_SQL = """
    SELECT previous + 1, op_id - 1 FROM (
        SELECT op_id, LAG(op_id) OVER (ORDER BY op_id) AS previous
        FROM hq_receipt WHERE device_id = %s AND op_id > %s
    ) AS received
    WHERE previous IS NOT NULL AND op_id > previous + 1
    ORDER BY op_id
"""


def _save_device(device: Device, request: ExchangeRequest) -> None:
    """Note the contact, the cursors and backlog, and which op ids never arrived."""
    floor = device.contiguous_through
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(op_id), MAX(op_id) FROM hq_receipt WHERE device_id = %s AND op_id > %s",
            [device.id, floor],
        )
        lowest, highest = cursor.fetchone()
        cursor.execute(_GAPS_SQL, [device.id, floor])
        inner = [[int(first), int(last)] for first, last in cursor.fetchall()]
    if highest is not None:
        gaps = ([[floor + 1, int(lowest) - 1]] if lowest > floor + 1 else []) + inner
        device.contiguous_through = gaps[0][0] - 1 if gaps else int(highest)
        device.last_op_id = max(device.last_op_id, int(highest))
        device.gaps = gaps
    device.last_seen = timezone.now()
    device.cursors = {**device.cursors, **request.cursors}
    if request.pending is not None:
        device.backlog = request.pending
    device.save(
        update_fields=[
            "contiguous_through",
            "last_op_id",
            "gaps",
            "last_seen",
            "cursors",
            "backlog",
        ]
    )
