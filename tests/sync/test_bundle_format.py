"""The bundle and receipts file formats on their own: sealed, signed, and refused when changed."""

from __future__ import annotations

import pytest

from ocpsc_field.sync import bundle_format, bundle_receipts
from ocpsc_field.sync.bundle_format import BundleError
from ocpsc_field.sync.bundle_keys import HqKeySet, new_encryption_pair, new_signing_pair, to_text
from ocpsc_field.sync.protocol import APPLIED, REJECTED, Receipt, WireOp
from tests.sync.bundle_support import found_in

HQ = new_encryption_pair()
OTHER_HQ = new_encryption_pair()
DEVICE = new_signing_pair()
NAMES = ["Zyxqvb Ակոբյան", "+15595550123", "Nguyễn Thị Hương"]


def ops(count: int = 4) -> list[WireOp]:
    return [
        WireOp(
            op_id=10 + index,
            kind="resident",
            record_id=f"0190f4b2-7c1e-7000-8000-00000000010{index}",
            op="create",
            rev=1,
            hlc=f"1768498200000-000{index}-device",
            fields={"given_name": NAMES[0], "phone": NAMES[1], "notes": NAMES[2]},
        )
        for index in range(count)
    ]


def sealed(hq=HQ, device=DEVICE, count: int = 4) -> bytes:
    return bundle_format.seal(
        ops(count),
        device_id="device-7",
        user="maria",
        created_at="2026-11-21T10:00:00.000Z",
        hq_key_id=hq.id,
        hq_public_key=hq.public,
        device_private_key=device.private,
    )


def open_fully(data: bytes, device=DEVICE, hq=HQ) -> list:
    parsed = bundle_format.parse(data)
    bundle_format.verify(parsed, device.public)
    return bundle_format.open_ops(parsed, hq.private, hq.public)


def test_a_sealed_bundle_opens_to_the_same_ops_and_shows_only_its_header():
    data = sealed()
    header = bundle_format.parse(data).header
    assert header.to_json() == {
        "device_id": "device-7",
        "user": "maria",
        "op_id_from": 10,
        "op_id_to": 13,
        "record_count": 4,
        "created_at": "2026-11-21T10:00:00.000Z",
        "hq_key_id": HQ.id,
        "format": 1,
    }
    assert open_fully(data) == ops()
    assert found_in(data, NAMES) == []
    assert sealed() != data  # a fresh ephemeral key and nonce every time


@pytest.mark.parametrize("where", ["magic", "header", "ciphertext", "signature"])
def test_one_flipped_byte_anywhere_is_refused(where: str):
    data = bytearray(sealed())
    header_at = data.index(b'"user":"maria"') + len(b'"user":"')
    offsets = {
        "magic": 2,
        "header": header_at,  # still valid JSON: only the signature can tell
        "ciphertext": len(data) - 64 - 40,
        "signature": len(data) - 10,
    }
    data[offsets[where]] ^= 0x01
    with pytest.raises(BundleError) as refused:
        open_fully(bytes(data))
    expected = bundle_format.NOT_A_BUNDLE if where == "magic" else bundle_format.TAMPERED
    assert refused.value.code == expected
    assert str(refused.value.message.msgid)  # a sentence for people, not a traceback


def test_every_cut_short_copy_is_refused_as_incomplete():
    data = sealed()
    for length in [1, 5, len(bundle_format.MAGIC) + 2, 40, len(data) // 2, len(data) - 1]:
        with pytest.raises(BundleError) as refused:
            bundle_format.parse(data[:length])
        assert refused.value.code == bundle_format.TRUNCATED, length


def test_a_bundle_sealed_to_another_hq_key_does_not_open():
    data = sealed(hq=OTHER_HQ)
    with pytest.raises(BundleError) as refused:
        open_fully(data, hq=HQ)
    assert refused.value.code == bundle_format.WRONG_HQ_KEY


def test_a_bundle_signed_by_another_laptop_is_refused():
    with pytest.raises(BundleError) as refused:
        open_fully(sealed(device=new_signing_pair()))
    assert refused.value.code == bundle_format.TAMPERED


def test_a_file_that_is_not_a_bundle_is_named_as_such():
    for data in [b"", b"PK\x03\x04 a zip file", "Nombre,Teléfono\n".encode()]:
        with pytest.raises(BundleError) as refused:
            bundle_format.parse(data)
        assert refused.value.code in (bundle_format.NOT_A_BUNDLE, bundle_format.TRUNCATED)
    with pytest.raises(BundleError) as refused:
        bundle_format.parse(b"OCPSC-BUNDLE 9\n" + sealed()[15:])
    assert refused.value.code == bundle_format.UNSUPPORTED


HQ_SIGNER = new_signing_pair()
KNOWN = {HQ_SIGNER.id: HQ_SIGNER.public}


def receipts_file(signers=None) -> bytes:
    payload = bundle_receipts.payload_json(
        "2026-11-21T12:00:00.000Z",
        [("device-7", [Receipt(10, APPLIED), Receipt(11, REJECTED, "invalid", "phone: bad")])],
    )
    return bundle_receipts.sign(payload, signers or [(HQ_SIGNER.id, HQ_SIGNER.private)])


def test_a_signed_receipts_file_reads_back():
    read = bundle_receipts.read(receipts_file(), KNOWN)
    assert read.issued_at == "2026-11-21T12:00:00.000Z"
    assert read.for_device("device-7").receipts == (
        Receipt(10, APPLIED),
        Receipt(11, REJECTED, "invalid", "phone: bad"),
    )
    assert read.for_device("device-8") is None


def test_a_receipts_file_is_read_when_any_of_its_signatures_is_by_a_known_key():
    rotated = new_signing_pair()
    both = receipts_file([(rotated.id, rotated.private), (HQ_SIGNER.id, HQ_SIGNER.private)])
    assert bundle_receipts.read(both, KNOWN).for_device("device-7")


def test_a_changed_or_unsigned_receipts_file_is_refused():
    data = bytearray(receipts_file())
    data[30] ^= 0x01
    with pytest.raises(bundle_receipts.ReceiptsError) as refused:
        bundle_receipts.read(bytes(data), KNOWN)
    assert refused.value.code == bundle_receipts.FORGED
    stranger = new_signing_pair()
    with pytest.raises(bundle_receipts.ReceiptsError) as refused:
        bundle_receipts.read(receipts_file([(stranger.id, stranger.private)]), KNOWN)
    assert refused.value.code == bundle_receipts.UNSIGNED
    with pytest.raises(bundle_receipts.ReceiptsError) as refused:
        bundle_receipts.read(receipts_file()[:-5], KNOWN)
    assert refused.value.code in (bundle_receipts.TRUNCATED, bundle_receipts.DAMAGED)
    with pytest.raises(bundle_receipts.ReceiptsError) as refused:
        bundle_receipts.read(sealed(), KNOWN)
    assert refused.value.code == bundle_receipts.NOT_RECEIPTS


def test_hq_key_sets_refuse_ids_that_do_not_match_their_keys():
    good = {
        "active": HQ.id,
        "keys": [
            {
                "key_id": HQ.id,
                "public_key": to_text(HQ.public),
                "signing_key_id": HQ_SIGNER.id,
                "signing_public_key": to_text(HQ_SIGNER.public),
            }
        ],
    }
    assert HqKeySet.from_json(good).active_key.public_key == HQ.public
    forged = {**good, "keys": [{**good["keys"][0], "key_id": OTHER_HQ.id}]}
    assert HqKeySet.from_json(forged) is None
    assert HqKeySet.from_json({"active": "nope", "keys": good["keys"]}) is None
