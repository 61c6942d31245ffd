"""Offline bundles on the field laptop: save unsent records for a coordinator, apply receipts.

:func:`export_bundle` seals the pending journal ops (the very ops a sync would
send) to HQ's public key and signs them with this laptop's key. Exporting
changes nothing in the journal: the ops stay pending until HQ's receipts come
back, by the next sync or by a receipts file (:func:`apply_receipts_file`), so
a lost USB stick loses nothing and a resend is answered ``duplicate``.

Both functions take the profile's :class:`Database` and do no network I/O, so
the app can run them on its database thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.text import N_, Message
from ocpsc_field.store import settings
from ocpsc_field.store.db import Database
from ocpsc_field.store.repository import RecordRepository
from ocpsc_field.sync import bundle_device, bundle_format, bundle_receipts, local
from ocpsc_field.sync import enrollment as keys
from ocpsc_field.sync.bundle_format import MAX_BUNDLE_BYTES, BundleHeader
from ocpsc_field.sync.bundle_io import BundleFailed, read_file, write_atomically
from ocpsc_field.sync.protocol import APPLIED, DUPLICATE, REJECTED, ExchangeResponse

MAX_OPS_PER_BUNDLE = 20_000
LAST_EXPORT = "bundle.last_export"  # JSON: when, op ids and count of the last bundle saved

NOT_ENROLLED = Message(
    N_(
        "This laptop is not enrolled with HQ yet, so HQ could not open a bundle from it. "
        "Enroll it first."
    )
)
NO_HQ_KEY = Message(
    N_(
        "This laptop does not have HQ's bundle key yet. Sync it once with a connection; "
        "after that it can save bundles offline."
    )
)
NOTHING_TO_SEND = Message(N_("Nothing is waiting to be sent, so no bundle was saved."))


@dataclass(frozen=True)
class Exported:
    """A saved bundle: where, what its header says, and what did not fit in it."""

    path: Path
    header: BundleHeader
    size: int
    remaining: int  # pending ops after op_id_to that did not fit; export again with ``after``


def suggested_name(database: Database) -> str:
    """A file name that tells bundles on one USB stick apart, with no personal information."""
    user = "".join(ch for ch in settings.get(database, keys.USERNAME) or "" if ch.isalnum())
    stamp = now_iso()[:19].replace("-", "").replace(":", "")
    return f"{user or 'laptop'}-{stamp}{bundle_format.SUFFIX}"


def export_bundle(
    database: Database, out: Path, *, after: int = 0, overwrite: bool = False
) -> Exported:
    """Seal the pending ops after op id ``after`` into ``out`` (a file, or a folder to
    name one in); BundleFailed if it cannot. The journal is not changed."""
    enrollment = keys.enrolled(database)
    if enrollment is None:
        raise BundleFailed(NOT_ENROLLED, "not_enrolled")
    hq = bundle_device.hq_keys(database)
    if hq is None:
        raise BundleFailed(NO_HQ_KEY, "no_hq_key")
    outbox = local.read_outbox(database, after=after, limit=MAX_OPS_PER_BUNDLE)
    ops = outbox.ops
    if not ops:
        raise BundleFailed(NOTHING_TO_SEND, "nothing_to_send")
    active = hq.active_key
    signing = bundle_device.signing_key(database)
    while True:
        sealed = bundle_format.seal(
            ops,
            device_id=enrollment.device_id,
            user=enrollment.username,
            created_at=now_iso(),
            hq_key_id=active.key_id,
            hq_public_key=active.public_key,
            device_private_key=signing,
        )
        if len(sealed) <= MAX_BUNDLE_BYTES or len(ops) == 1:
            break
        ops = ops[: len(ops) // 2]  # too large for one upload: the rest go in the next one
    target = out / suggested_name(database) if out.is_dir() else out
    write_atomically(target, sealed, overwrite=overwrite)
    header = bundle_format.parse(sealed).header
    remaining = outbox.more + len(outbox.ops) - len(ops)
    settings.put(
        database,
        LAST_EXPORT,
        json.dumps(
            {
                "at": header.created_at,
                "op_id_from": header.op_id_from,
                "op_id_to": header.op_id_to,
                "record_count": header.record_count,
            }
        ),
    )
    return Exported(target, header, len(sealed), remaining)


def last_export(database: Database) -> dict[str, object] | None:
    """When this laptop last saved a bundle and what it held, for the Sync page."""
    raw = settings.get(database, LAST_EXPORT)
    return json.loads(raw) if raw else None


@dataclass(frozen=True)
class ReceiptsApplied:
    """What a receipts file changed: ops cleared, ops quarantined, and what still waits."""

    matched: int  # receipts in the file for this laptop
    cleared: int
    quarantined: int
    not_waiting: int  # receipts for ops this laptop no longer had
    pending: int  # ops still waiting to be sent (quarantined ones not counted)
    issued_at: str


def apply_receipts_file(
    database: Database, repository: RecordRepository, path: Path
) -> ReceiptsApplied:
    """Clear the ops HQ has and quarantine the ones it refused, in one transaction, once
    HQ's signature on the file checks out; BundleFailed (and no change) otherwise."""
    data = read_file(path)
    enrollment = keys.enrolled(database)
    if enrollment is None:
        raise BundleFailed(NOT_ENROLLED, "not_enrolled")
    hq = bundle_device.hq_keys(database)
    try:
        verified = bundle_receipts.read(data, hq.signing_keys() if hq else {})
    except bundle_receipts.ReceiptsError as problem:
        raise BundleFailed(problem.message, problem.code) from None
    mine = verified.for_device(enrollment.device_id)
    receipts = list(mine.receipts) if mine else []
    with database.transaction():
        waiting = _journal_states([receipt.op_id for receipt in receipts], database)
        usable = [
            receipt
            for receipt in receipts
            if receipt.op_id in waiting
            and (receipt.state != REJECTED or waiting[receipt.op_id] == "pending")
        ]
        local.apply_exchange(
            database, repository, ExchangeResponse(receipts=usable, streams={}, protocol=1)
        )
        pending = int(database.scalar("SELECT count(*) FROM journal WHERE state = 'pending'") or 0)
    return ReceiptsApplied(
        matched=len(receipts),
        cleared=sum(1 for r in usable if r.state in (APPLIED, DUPLICATE)),
        quarantined=sum(1 for r in usable if r.state == REJECTED),
        not_waiting=sum(1 for r in receipts if r.op_id not in waiting),
        pending=pending,
        issued_at=verified.issued_at,
    )


def _journal_states(op_ids: list[int], database: Database) -> dict[int, str]:
    states: dict[int, str] = {}
    for start in range(0, len(op_ids), 500):
        chunk = op_ids[start : start + 500]
        for row in database.query(
            f"SELECT op_id, state FROM journal WHERE op_id IN ({', '.join('?' for _ in chunk)})",
            chunk,
        ):
            states[row["op_id"]] = row["state"]
    return states
