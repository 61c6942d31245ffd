"""The coordinator's relay: collect bundles, upload them to HQ, bring back team receipts.

Collecting reads only a bundle's clear header (the coordinator cannot open
the records) and queues the sealed bytes in the coordinator's encrypted
profile. Uploading sends the queue one bundle per request over the same
:class:`Transport` as sync, with its backoff and ``Retry-After``; a bundle
leaves the queue only when HQ's report for it is stored, so a cut link or a
closed laptop resumes with the bundles not yet confirmed, and HQ answers a
resend with duplicates. As in the sync engine, every database step goes
through ``store(step)``, so the app can run them on its database thread.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ocpsc_field.core.text import N_, Message
from ocpsc_field.i18n import ngettext, render
from ocpsc_field.store import relay
from ocpsc_field.store.db import Database
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import bundle_device, bundle_format, bundle_receipts
from ocpsc_field.sync import enrollment as keys
from ocpsc_field.sync.bundle_format import BundleError, BundleHeader
from ocpsc_field.sync.bundle_io import BundleFailed, read_file, write_atomically
from ocpsc_field.sync.engine import Cancelled, refusal_message
from ocpsc_field.sync.protocol import (
    BUNDLE_RECEIPTS_PATH,
    BUNDLES_PATH,
    PROTOCOL_VERSION,
    ErrorCode,
    ProtocolError,
)
from ocpsc_field.sync.transport import Refused, Transport, TransportError, Unreachable

T = TypeVar("T")
Store = Callable[[Callable[[OpenProfile], T]], T]

# Refusals about one bundle: it stays in the list, marked, and the rest go on.
_BUNDLE_REFUSALS = {
    bundle_format.NOT_A_BUNDLE,
    bundle_format.UNSUPPORTED,
    bundle_format.TRUNCATED,
    bundle_format.DAMAGED,
    bundle_format.TAMPERED,
    bundle_format.UNKNOWN_HQ_KEY,
    bundle_format.WRONG_HQ_KEY,
    bundle_format.UNKNOWN_DEVICE,
    bundle_format.TOO_LARGE,
    bundle_format.OUT_OF_SCOPE,
    bundle_format.SENDER_REVOKED,
    ErrorCode.BATCH_TOO_LARGE.value,
}


@dataclass(frozen=True)
class Collected:
    """One file offered to the relay: its header if it is a bundle, else why not."""

    path: Path
    bundle_id: str | None = None
    header: BundleHeader | None = None
    size: int = 0
    new: bool = False  # False: this very bundle was collected before
    problem: str | None = None  # for people, when the file is not a usable bundle


def collect(database: Database, paths: Sequence[Path]) -> list[Collected]:
    """Queue each bundle file in ``paths``; a file that is not one is reported, not queued."""
    found = []
    for path in paths:
        try:
            data = read_file(path, bundle_format.MAX_BUNDLE_BYTES + 64 * 1024)
            header = bundle_format.parse(data).header
        except BundleFailed as failed:
            found.append(Collected(path, problem=str(failed)))
            continue
        except BundleError as problem:
            found.append(Collected(path, problem=render(problem.message)))
            continue
        bundle_id = hashlib.sha256(data).hexdigest()
        new = relay.add(database, bundle_id, header.to_json(), data)
        found.append(Collected(path, bundle_id, header, len(data), new))
    return found


def problem_text(bundle: relay.RelayBundle) -> str:
    """Why HQ refused ``bundle``, in the user's language."""
    code = bundle.problem or ""
    if bundle_format.knows(code):
        params = {
            "key_id": bundle.hq_key_id,
            "device_id": bundle.sender_device,
            "version": "?",
            "size": bundle_format.MAX_BUNDLE_BYTES // (1024 * 1024),
        }
        return render(bundle_format.error(code, **params).message)
    if code == ErrorCode.BATCH_TOO_LARGE.value:
        return render(Message(N_("HQ says this bundle is too large to upload.")))
    return render(Message(N_("HQ refused this bundle ({code})."), {"code": code}))


@dataclass
class UploadProgress:
    done: int = 0
    total: int = 0
    bytes_sent: int = 0


@dataclass
class UploadResult:
    uploaded: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # id, HQ's answer
    refused: list[str] = field(default_factory=list)  # ids HQ will not take as they are
    left: int = 0  # still queued


class UploadFailed(Exception):
    """The upload stopped; ``str()`` is for the user; queued bundles stay queued."""

    def __init__(self, message: str, code: str, left: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.left = left


def direct(opened: OpenProfile) -> Store:
    def run(step: Callable[[OpenProfile], T]) -> T:
        return step(opened)

    return run


def _credentials(opened: OpenProfile) -> tuple[str, str] | None:
    found = keys.enrolled(opened.database)
    token = keys.token(opened.database)
    return (found.server_url, token) if found and token else None


NOT_ENROLLED = Message(
    N_(
        "This laptop is not enrolled with HQ, so it cannot upload bundles or fetch receipts. "
        "Enroll it first; the collected bundles stay queued."
    )
)


ONLY_COORDINATORS = Message(
    N_(
        "Only coordinators can download their team's receipts. Ask your coordinator to "
        "download them."
    )
)


def unreachable_text(left: int) -> str:
    return ngettext(
        "HQ could not be reached. {count} bundle is queued on this laptop and will be "
        "uploaded next time.",
        "HQ could not be reached. {count} bundles are queued on this laptop and will be "
        "uploaded next time.",
        left,
    ).format(count=left)


def upload(
    store: Store,
    *,
    transport: Transport | None = None,
    progress: Callable[[UploadProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> UploadResult:
    """Upload every queued bundle; UploadFailed if HQ is unreachable or refuses this laptop."""
    credentials = store(_credentials)
    if credentials is None:
        raise UploadFailed(render(NOT_ENROLLED), "not_enrolled", len(store(_queued)))
    url, token = credentials
    own = transport is None
    transport = transport or Transport(url, token=token)
    transport.token = token
    ids = store(_queued)
    result = UploadResult()
    status = UploadProgress(total=len(ids))
    try:
        for bundle_id in ids:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            data = store(lambda opened, b=bundle_id: relay.data_of(opened.database, b))
            if data is None:
                continue
            body = {"protocol": PROTOCOL_VERSION, "bundle": base64.b64encode(data).decode("ascii")}
            try:
                answer = transport.post(BUNDLES_PATH, body)
            except Refused as refused:
                if refused.code not in _BUNDLE_REFUSALS:
                    raise
                store(lambda o, b=bundle_id, c=refused.code: relay.mark_refused(o.database, b, c))
                result.refused.append(bundle_id)
            else:
                report = answer if isinstance(answer, dict) else {}
                store(lambda o, b=bundle_id, r=report: relay.mark_uploaded(o.database, b, r))
                result.uploaded.append((bundle_id, report))
            status.done += 1
            status.bytes_sent = transport.stats.bytes_sent
            if progress:
                progress(status)
    except Refused as refused:
        raise UploadFailed(refusal_message(refused), refused.code, len(store(_queued))) from None
    except (Unreachable, TransportError, ProtocolError):
        left = len(store(_queued))
        raise UploadFailed(unreachable_text(left), "unreachable", left) from None
    finally:
        if own:
            transport.close()
    result.left = len(store(_queued))
    return result


def _queued(opened: OpenProfile) -> list[str]:
    return relay.queued_ids(opened.database)


def reachable(store: Store, timeout: float = 5.0) -> bool:
    """The cheap health probe: is HQ there to upload to right now?"""
    credentials = store(_credentials)
    if credentials is None:
        return False
    with Transport(credentials[0]) as probe:
        return probe.health(timeout)


@dataclass(frozen=True)
class TeamReceipts:
    """A receipts file saved for the team, and HQ's word on each device's outstanding ops."""

    path: Path
    issued_at: str
    devices: list[dict[str, Any]]


def download_receipts(
    store: Store,
    out: Path,
    *,
    days: int = 60,
    transport: Transport | None = None,
    overwrite: bool = False,
) -> TeamReceipts:
    """Fetch the team's signed receipts file and save it to ``out`` (a file or a folder).

    The signature is checked against HQ's keys before anything is written, so a
    coordinator never carries a file the laptops would refuse.
    """
    credentials = store(_credentials)
    if credentials is None:
        raise BundleFailed(NOT_ENROLLED, "not_enrolled")
    url, token = credentials
    own = transport is None
    transport = transport or Transport(url, token=token)
    transport.token = token
    try:
        answer = transport.post(BUNDLE_RECEIPTS_PATH, {"protocol": PROTOCOL_VERSION, "days": days})
    except Refused as refused:
        if refused.code == ErrorCode.FORBIDDEN:
            raise BundleFailed(ONLY_COORDINATORS, refused.code) from None
        raise BundleFailed(refusal_message(refused), refused.code) from None
    except (Unreachable, TransportError, ProtocolError):
        raise BundleFailed(
            Message(
                N_("HQ could not be reached, so no receipts were downloaded. Try again later.")
            ),
            "unreachable",
        ) from None
    finally:
        if own:
            transport.close()
    try:
        data = base64.b64decode(str(answer.get("file", "")), validate=True)
    except (binascii.Error, ValueError, AttributeError):
        data = b""
    known = store(lambda opened: bundle_device.hq_keys(opened.database))
    try:
        bundle_receipts.read(data, known.signing_keys() if known else {})
    except bundle_receipts.ReceiptsError as problem:
        raise BundleFailed(problem.message, problem.code) from None
    issued_at = str(answer.get("issued_at", ""))
    stamp = issued_at[:19].replace("-", "").replace(":", "")
    target = out / f"receipts-{stamp}{bundle_receipts.SUFFIX}" if out.is_dir() else out
    write_atomically(target, data, overwrite=overwrite)
    devices = answer.get("devices")
    return TeamReceipts(target, issued_at, devices if isinstance(devices, list) else [])
