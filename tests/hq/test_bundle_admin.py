"""HQ's admin for offline bundles: a coordinator uploads one by hand and reads its report."""

from __future__ import annotations

import re

from ocpsc_field.sync import bundle
from tests.hq.harness import Server
from tests.hq.test_admin import PASSWORD, AdminSession
from tests.sync.bundle_support import add_residents, enroll_in, go_offline


def upload(admin: AdminSession, data: bytes):
    path = "/admin/hq/bundlereport/add/"
    page = admin.get(path)
    assert page.status_code == 200 and "Upload a bundle" in page.text
    return admin.session.post(
        admin.hq.url + path,
        data={"csrfmiddlewaretoken": admin.session.cookies["csrftoken"]},
        files={"bundle": ("maria.ocpsc-bundle", data, "application/octet-stream")},
        headers={"Referer": admin.hq.url + path},
        timeout=60,
    )


def test_a_coordinator_uploads_a_bundle_in_the_admin_and_sees_its_report(
    sqlite_server: Server, opened, tmp_path
):
    hq = sqlite_server
    organization = hq.organization()
    enroll_in(opened, hq, organization)
    go_offline(opened)
    add_residents(opened, 3)
    made = bundle.export_bundle(opened.database, tmp_path / "b.ocpsc-bundle")
    data = made.path.read_bytes()

    coordinator_name = hq.staff(organization, "coordinator", PASSWORD)
    coordinator = AdminSession(hq, coordinator_name)
    answer = upload(coordinator, data)
    assert answer.status_code == 200
    assert "6 applied, 0 already at HQ, 0 refused" in answer.text
    assert re.search(r"/admin/hq/bundlereport/\d+/change/$", answer.url)
    again = upload(coordinator, data)
    assert "(uploaded before): 0 applied, 6 already at HQ" in again.text

    listing = coordinator.get("/admin/hq/bundlereport/")
    assert listing.status_code == 200 and made.header.user in listing.text

    flipped = bytearray(data)
    flipped[-3] ^= 0x01
    refused = upload(coordinator, bytes(flipped))
    assert "HQ refused this bundle" in refused.text and "changed after it was made" in refused.text

    outsider = AdminSession(hq, hq.staff(hq.organization(), "coordinator", PASSWORD))
    assert "another organization" in upload(outsider, data).text
    assert made.header.user not in outsider.get("/admin/hq/bundlereport/").text

    auditor = AdminSession(hq, hq.staff(organization, "hq_admin", PASSWORD))
    refusals = auditor.get(f"/admin/hq/auditentry/?action=bundle_refused&q={coordinator_name}")
    cells = re.findall(r"<td class=\"field-action\">bundle_refused</td>", refusals.text)
    assert refusals.status_code == 200 and len(cells) == 1  # the flipped copy


def test_hq_admins_see_bundle_key_ids_but_never_private_keys(sqlite_server: Server):
    hq = sqlite_server
    admin = AdminSession(hq, hq.staff(hq.organization(), "hq_admin", PASSWORD))
    assert hq.manage("rotate_bundle_key").returncode == 0
    listing = admin.get("/admin/hq/bundlekey/")
    assert listing.status_code == 200
    [key_id, *_older] = re.findall(r"/admin/hq/bundlekey/([0-9a-f]{16})/change/", listing.text)
    detail = admin.get(f"/admin/hq/bundlekey/{key_id}/change/")
    assert detail.status_code == 200 and key_id in detail.text
    assert "private" not in detail.text.lower()
