"""One full sync with HQ: push the journal in byte-sized batches, pull the streams.

Each exchange is one round trip (ops up; receipts and download pages down)
and its results are stored in one local transaction (``sync.local``). The
network and the store are kept apart: the engine calls ``store(step)`` for
every database step, so the CLI runs the steps directly and the app runs them
on its database thread while the network waits on a worker thread.

Correctness does not depend on the network: an op leaves the journal only
when a receipt for it has been stored, and a resend always reuses the op's id,
so a cut request, a lost answer or a killed process is repaired by syncing
again, and HQ answers ``duplicate`` for what it already has.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store import journal, settings
from ocpsc_field.store.session import CONFLICTS_OPEN, OpenProfile
from ocpsc_field.sync import bundle_device, local
from ocpsc_field.sync import enrollment as keys
from ocpsc_field.sync.profile_lock import SyncLocked, sync_lock
from ocpsc_field.sync.protocol import (
    EXCHANGE_PATH,
    MAX_BODY_BYTES,
    MAX_OPS_PER_BATCH,
    ORGANIZATION_STREAMS,
    ErrorCode,
    ExchangeRequest,
    ExchangeResponse,
    ProtocolError,
    WireOp,
    encode_body,
)
from ocpsc_field.sync.transport import Refused, Transport, TransportError, Unreachable

T = TypeVar("T")
Store = Callable[[Callable[[OpenProfile], T]], T]

MIN_BATCH_BYTES = 4 * 1024
START_BATCH_BYTES = 64 * 1024
MAX_BATCH_BYTES = 4 * 1024 * 1024
OUTER_ATTEMPTS = 4  # an exchange cut off mid-way is tried this often, smaller each time


@dataclass
class SyncProgress:
    """Where a running sync is, for a progress bar: records and bytes."""

    sent: int = 0
    to_send: int = 0
    downloaded: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0


@dataclass
class SyncResult:
    acknowledged: int = 0  # applied or duplicate: gone from the journal
    duplicates: int = 0  # HQ already had them (a resend after a lost answer)
    rejected: int = 0
    downloaded: int = 0
    pending: int = 0  # ops still waiting to be sent (not counting quarantined)
    quarantined: int = 0
    wipe: bool = False
    exchanges: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    refused_streams: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.pending == 0 and self.quarantined == 0


class SyncFailed(Exception):
    """The sync stopped; ``str()`` is a sentence for the user; ``code`` is stable."""

    def __init__(self, message: str, code: str, pending: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.pending = pending


class Cancelled(Exception):
    """The user stopped the sync; what was stored so far stays stored."""


class SyncBusy(SyncFailed):
    """Another window or program is syncing this profile; this sync changed nothing."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "A sync of this profile is already running in another window or program. "
                "Try again when it finishes."
            ),
            "busy",
        )


def direct(opened: OpenProfile) -> Store:
    """Run store steps on the calling thread (the CLI and tests)."""

    def run(step: Callable[[OpenProfile], T]) -> T:
        return step(opened)

    return run


def unreachable_message(pending: int) -> str:
    if pending == 0:
        return _("HQ could not be reached. Nothing is waiting to be sent.")
    return ngettext(
        "HQ could not be reached. Your {count} record is safe on this laptop and will be "
        "sent next time.",
        "HQ could not be reached. Your {count} records are safe on this laptop and will be "
        "sent next time.",
        pending,
    ).format(count=pending)


def refusal_message(refused: Refused) -> str:
    messages = {
        ErrorCode.DEVICE_REVOKED: _(
            "HQ has revoked this laptop's access, so nothing was sent. Ask your coordinator "
            "to enroll it again."
        ),
        ErrorCode.UNAUTHORIZED: _(
            "HQ does not recognise this laptop any more. Enroll it again with a new code "
            "from your coordinator."
        ),
        ErrorCode.USER_INACTIVE: _(
            "HQ has turned off the account this laptop is enrolled for. Ask your coordinator."
        ),
        ErrorCode.PROTOCOL_UNSUPPORTED: _(
            "HQ does not speak this version of the app's sync. Update the app."
        ),
    }
    return messages.get(
        refused.code,
        _("HQ refused the sync ({code}). Ask your coordinator.").format(code=refused.code),
    )


class SyncEngine:
    """Runs one full sync. ``cancel`` is checked between exchanges."""

    def __init__(
        self,
        store: Store,
        *,
        transport: Transport | None = None,
        progress: Callable[[SyncProgress], None] | None = None,
        page_size: int = 500,
        batch_bytes: int | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.transport = transport
        self.progress = progress
        self.page_size = page_size
        self.batch_bytes = batch_bytes
        self.cancel = cancel or threading.Event()
        self.ratio = 0.2  # compressed / raw, learned from each batch

    def run(self) -> SyncResult:
        """Sync once, holding the profile's sync lock throughout (``SyncBusy`` if taken)."""
        folder = self.store(lambda opened: opened.folder)
        try:
            with sync_lock(folder):
                return self._run_locked()
        except SyncLocked:
            raise SyncBusy() from None

    def _run_locked(self) -> SyncResult:
        state = self.store(_load_state)
        if state is None:
            raise SyncFailed(
                _("This laptop is not enrolled with HQ yet. Enroll it first."), "not_enrolled"
            )
        url, token, device_id, streams, saved_bytes, pending = state
        own = self.transport is None
        transport = self.transport or Transport(url, token=token)
        transport.token = token
        target = self.batch_bytes or saved_bytes or START_BATCH_BYTES
        result = SyncResult()
        progress = SyncProgress(to_send=pending)
        try:
            self._loop(transport, device_id, list(streams), target, result, progress)
        except Refused as refused:
            left = self.store(_pending_count)
            raise SyncFailed(refusal_message(refused), refused.code, left) from None
        except (Unreachable, TransportError, ProtocolError):
            left = self.store(_pending_count)
            raise SyncFailed(unreachable_message(left), "unreachable", left) from None
        finally:
            if own:
                transport.close()
        result.pending, result.quarantined = self.store(_left)
        if not result.pending:
            self.store(lambda opened: local.mark_success(opened.database))
        return result

    # -- the loop -------------------------------------------------------------------
    def _loop(
        self,
        transport: Transport,
        device_id: str,
        streams: list[str],
        target: int,
        result: SyncResult,
        progress: SyncProgress,
    ) -> None:
        to_read = set(streams)
        after = 0
        device_key = self.store(lambda opened: bundle_device.key_to_register(opened.database))
        while True:
            if self.cancel.is_set():
                raise Cancelled()
            outbox = self.store(lambda opened, a=after: local.read_outbox(opened.database, after=a))
            failures = 0
            while True:
                batch = self._fit(outbox.ops, target)
                more = outbox.more + len(outbox.ops) - len(batch)
                reading = self._streams_to_read(to_read, pushing_more=more > 0)
                if not batch and not reading:
                    return
                cursors = self.store(lambda opened, r=reading: local.cursors(opened.database, r))
                request = ExchangeRequest(
                    device_id,
                    list(batch),
                    cursors=cursors,
                    page_size=self.page_size,
                    pending=progress.to_send - progress.sent,
                    device_key=device_key,
                )
                timeouts = transport.stats.timeouts
                try:
                    response = self._exchange(transport, request, batch)
                    break
                except Unreachable as error:
                    # The link broke off mid-exchange: try again with a smaller batch (the
                    # same op ids, so whatever HQ already applied comes back "duplicate").
                    failures += 1
                    if not error.cut or failures >= OUTER_ATTEMPTS or self.cancel.is_set():
                        raise
                    target = max(MIN_BATCH_BYTES, target // 4)
                    self.store(lambda opened, t=target: _save_target(opened, t))
            if transport.stats.timeouts > timeouts:
                target = max(MIN_BATCH_BYTES, target // 2)
            elif batch:
                target = min(MAX_BATCH_BYTES, target * 2)
            applied = self.store(lambda opened, r=response, t=target: _apply(opened, r, t))
            result.exchanges += 1
            result.acknowledged += applied.acknowledged
            result.duplicates += applied.duplicates
            result.rejected += applied.rejected
            result.downloaded += applied.downloaded
            result.wipe = result.wipe or response.wipe
            result.refused_streams.update(response.refused_streams)
            result.bytes_sent = transport.stats.bytes_sent
            result.bytes_received = transport.stats.bytes_received
            for name, page in response.streams.items():
                if not page.has_more:
                    to_read.discard(name)
            for name in reading:
                if name in response.refused_streams or name not in response.streams:
                    to_read.discard(name)
            if batch:
                after = batch[-1].op_id
            progress.sent += len(batch)
            progress.downloaded += applied.downloaded
            progress.bytes_sent = transport.stats.bytes_sent
            progress.bytes_received = transport.stats.bytes_received
            if self.progress:
                self.progress(progress)

    def _streams_to_read(self, to_read: set[str], *, pushing_more: bool) -> list[str]:
        """Reference streams at once; the organization's only once this laptop's edits are
        sent (so the cursor says what they were based on), residents before enrollments."""
        reading = [name for name in sorted(to_read) if name not in ORGANIZATION_STREAMS]
        if not pushing_more:
            if "resident" in to_read:
                reading.append("resident")
            elif "enrollment" in to_read:
                reading.append("enrollment")
        return reading

    def _fit(self, ops: list[WireOp], target: int) -> list[WireOp]:
        """The longest prefix of ``ops`` whose compressed size should stay under ``target``."""
        budget = min(target, MAX_BODY_BYTES // 2) / max(self.ratio, 0.01)
        used = 0
        chosen: list[WireOp] = []
        for op in ops[:MAX_OPS_PER_BATCH]:
            size = len(encode_body(op.to_json(), compress=False)) + 1
            if chosen and used + size > budget:
                break
            chosen.append(op)
            used += size
        return chosen

    def _exchange(
        self, transport: Transport, request: ExchangeRequest, batch: list[WireOp]
    ) -> ExchangeResponse:
        data = request.to_json()
        if batch:
            raw = len(encode_body(data, compress=False))
            packed = len(encode_body(data))
            self.ratio = max(0.01, packed / max(raw, 1))
        answer = transport.post(EXCHANGE_PATH, data)
        response = ExchangeResponse.from_json(answer)
        sent = {op.op_id for op in batch}
        if {receipt.op_id for receipt in response.receipts} - sent:
            raise ProtocolError("HQ answered for ops that were not sent")
        return response


def _load_state(opened: OpenProfile) -> tuple[str, str, str, tuple[str, ...], int, int] | None:
    found = keys.enrolled(opened.database)
    token = keys.token(opened.database)
    if found is None or token is None:
        return None
    saved = int(settings.get(opened.database, keys.BATCH_BYTES) or 0)
    pending = int(
        opened.database.scalar("SELECT count(*) FROM journal WHERE state = 'pending'") or 0
    )
    return found.server_url, token, found.device_id, found.streams, saved, pending


def _apply(opened: OpenProfile, response: ExchangeResponse, target: int) -> local.Applied:
    with opened.database.transaction():
        applied = local.apply_exchange(opened.database, opened.records, response)
        settings.put(opened.database, keys.BATCH_BYTES, str(target))
        if response.conflicts_open is not None:
            settings.put(opened.database, CONFLICTS_OPEN, str(response.conflicts_open))
        bundle_device.remember_exchange(opened.database, response)
    return applied


def _save_target(opened: OpenProfile, target: int) -> None:
    settings.put(opened.database, keys.BATCH_BYTES, str(target))


def _pending_count(opened: OpenProfile) -> int:
    return journal.pending_count(opened.database)


def _left(opened: OpenProfile) -> tuple[int, int]:
    quarantined = journal.quarantined_count(opened.database)
    return journal.pending_count(opened.database) - quarantined, quarantined


def run_sync(opened: OpenProfile, **options: Any) -> SyncResult:
    """One full sync on the calling thread."""
    return SyncEngine(direct(opened), **options).run()
