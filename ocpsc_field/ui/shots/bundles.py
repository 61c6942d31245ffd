"""Screenshots of sealed bundles: the laptop's side of the Sync page and the coordinator's.

    shoot(shooter, opened, queue)

An enrolled laptop with no connection, offered "Save for a coordinator…"; the
same after saving a bundle; a receipts file changed after HQ signed it,
refused; and the coordinator's collected bundles (one uploaded with a record
HQ did not accept, one waiting, one HQ refused as changed) with the batch
report and what each team laptop still owes. Each at 1280x800, at 200% font
scale and right-to-left. HQ's keys are made for the shots, no HQ is needed,
and what the shots change in the profile is put back after.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QScrollArea, QWidget

from ocpsc_field.core.clock import now_iso
from ocpsc_field.store import relay, settings
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import bundle, bundle_device, bundle_format, bundle_receipts
from ocpsc_field.sync.bundle_keys import HqKey, HqKeySet, new_encryption_pair, new_signing_pair
from ocpsc_field.ui.pages.bundles_relay import RelayBox
from ocpsc_field.ui.pages.sync import SyncPage
from ocpsc_field.ui.screenshots import Shooter, settle, wait_until
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.shots.sync import ENROLLED, _run
from ocpsc_field.ui.shots.team_devices import sample_devices
from ocpsc_field.ui.tasks import DatabaseQueue

BUNDLE_SETTINGS = (
    bundle_device.HQ_KEYS,
    bundle_device.SIGNING_KEY,
    bundle_device.PUBLIC_KEY,
    bundle_device.KEY_REGISTERED,
    bundle.LAST_EXPORT,
)
REJECTED = {
    "op_id": 17,
    "reason": "invalid",
    "message": "phone: Enter a phone number with its area code, like (559) 555-0100.",
}


def _hq_keys() -> tuple[HqKeySet, bytes]:
    """A key set as HQ would send it, and the private half of its receipts key."""
    sealing, signing = new_encryption_pair(), new_signing_pair()
    key = HqKey(sealing.id, sealing.public, signing.id, signing.public)
    return HqKeySet(key.key_id, (key,)), signing.private


def _enroll_fake(opened: OpenProfile, keys: HqKeySet) -> None:
    with opened.database.transaction():
        for key, value in ENROLLED.items():
            settings.put(opened.database, key, value)
        settings.put(opened.database, bundle_device.HQ_KEYS, json.dumps(keys.to_json()))


def _sample_bundles(opened: OpenProfile) -> list[str]:
    """Three collected bundles: uploaded (with one record not accepted), waiting, refused."""
    made = now_iso()
    samples = [
        ("maria", "0b6f2a9c-5d1e-7a40-9f3b-2c8d4e6a1b7f", 1, 48, relay.UPLOADED),
        ("jorge", "7c3e9d10-2b4a-7f65-8e21-9a0b3c4d5e6f", 143, 154, relay.QUEUED),
        ("nguyen", "e4d5c6b7-a890-7123-b456-7890abcdef12", 61, 90, relay.REFUSED),
    ]
    ids = []
    for user, device, first, last, state in samples:
        data = f"screenshot bundle from {user}".encode() * 200
        bundle_id = hashlib.sha256(data).hexdigest()
        header = {
            "device_id": device,
            "user": user,
            "op_id_from": first,
            "op_id_to": last,
            "record_count": last - first + 1,
            "created_at": made,
            "hq_key_id": "0123456789abcdef",
        }
        relay.add(opened.database, bundle_id, header, data)
        if state == relay.UPLOADED:
            count = last - first + 1
            report = {"applied": count - 2, "duplicate": 1, "rejected": 1}
            answer = {"replay": False, "report": {**report, "rejected_ops": [REJECTED]}}
            relay.mark_uploaded(opened.database, bundle_id, answer)
        elif state == relay.REFUSED:
            relay.mark_refused(opened.database, bundle_id, bundle_format.TAMPERED)
        ids.append(bundle_id)
    return ids


def _put_back(opened: OpenProfile, bundle_ids: list[str]) -> None:
    with opened.database.transaction():
        for key in (*ENROLLED, *BUNDLE_SETTINGS):
            opened.database.execute("DELETE FROM settings WHERE key = ?", (key,))
        for bundle_id in bundle_ids:
            opened.database.execute("DELETE FROM relay_bundle WHERE id = ?", (bundle_id,))


def _framed(widget: QWidget) -> QScrollArea:
    frame = QScrollArea()
    frame.setWidgetResizable(True)
    frame.setWidget(widget)
    frame.resize(1280, 800)
    frame.show()
    return frame


def _forged_receipts(folder: Path, signer: tuple[str, bytes]) -> Path:
    """A receipts file signed by the shots' HQ key, then changed by one byte."""
    payload = bundle_receipts.payload_json(now_iso(), [])
    data = bytearray(bundle_receipts.sign(payload, [signer]))
    data[30] ^= 0x01
    path = folder / "team-receipts.ocpsc-receipts"
    path.write_bytes(bytes(data))
    return path


def _shoot_laptop(
    shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, folder: Path, suffix: str
) -> None:
    keys, signing_private = _hq_keys()
    _run(queue, lambda: _enroll_fake(opened, keys))
    page = SyncPage(queue, opened)
    frame = _framed(page)
    box = page.bundles
    wait_until(box.save_button.isEnabled, "the bundle box")
    wait_until(lambda: page.connection.text().startswith("Offline"), "the HQ probe")
    settle(queue)
    frame.ensureWidgetVisible(box)
    shooter.save(frame, f"bundles-laptop{suffix}")

    usb = folder / "USB DRIVE"
    usb.mkdir(exist_ok=True)
    box.save_to(usb / box.ready.suggested_name)
    wait_until(lambda: not box.working and box.outcome.isVisible(), "the saved bundle")
    settle(queue)
    frame.ensureWidgetVisible(box.outcome)
    shooter.save(frame, f"bundles-laptop-saved{suffix}")

    box.apply_receipts(_forged_receipts(folder, (keys.keys[0].signing_key_id, signing_private)))
    wait_until(lambda: not box.working and "changed after" in box.outcome.text(), "the refusal")
    settle(queue)
    frame.ensureWidgetVisible(box.outcome)
    shooter.save(frame, f"bundles-receipts-refused{suffix}")
    frame.close()
    frame.deleteLater()


def _shoot_coordinator(
    shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, suffix: str
) -> None:
    box = RelayBox(queue, opened)
    frame = _framed(box)
    box.refresh()
    wait_until(lambda: box.model.rowCount() == 3, "the collected bundles")
    box.report.show_team(sample_devices(datetime.now(UTC)))
    box.table.selectRow(box.model.row_of(box.model.bundles[0].id))
    settle(queue)
    shooter.save(frame, f"bundles-collected{suffix}")
    frame.ensureWidgetVisible(box.report)
    settle(queue)
    shooter.save(frame, f"bundles-batch-report{suffix}")
    frame.close()
    frame.deleteLater()


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    with tempfile.TemporaryDirectory(prefix="ocpsc-bundle-shots-") as tmp:
        for name in ("", "200pct", "rtl"):
            with _variant(name) as suffix:
                bundle_ids: list[str] = []
                try:
                    _shoot_laptop(shooter, opened, queue, Path(tmp), suffix)
                    holder: list[list[str]] = []
                    queue.run(lambda: _sample_bundles(opened), success=holder.append)
                    wait_until(lambda found=holder: bool(found), "the sample bundles")
                    bundle_ids = holder[0]
                    _shoot_coordinator(shooter, opened, queue, suffix)
                finally:
                    _run(queue, lambda ids=bundle_ids: _put_back(opened, ids))
                    settle(queue)
