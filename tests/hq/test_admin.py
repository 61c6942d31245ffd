"""The admin over HTTP: log in, issue a code, view and export records, reverse a conflict."""

from __future__ import annotations

import re

import requests

from tests.hq import records
from tests.hq.harness import Device, Server, states

PASSWORD = "a long admin passphrase"


class AdminSession:
    def __init__(self, hq: Server, username: str) -> None:
        self.hq = hq
        self.session = requests.Session()
        self.session.get(hq.url + "/admin/login/", timeout=30)
        response = self.post(
            "/admin/login/?next=/admin/", {"username": username, "password": PASSWORD}
        )
        assert response.url.endswith("/admin/"), "login failed"

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.hq.url + path, timeout=30)

    def post(self, path: str, data: dict) -> requests.Response:
        token = self.session.cookies["csrftoken"]
        return self.session.post(
            self.hq.url + path,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": self.hq.url + path},
            timeout=30,
        )

    def action(self, changelist: str, action: str, ids: list[str]) -> requests.Response:
        return self.post(changelist, {"action": action, "_selected_action": ids, "index": 0})


def _selected(page: str) -> list[str]:
    return re.findall(r'name="_selected_action" value="([^"]+)"', page)


def test_an_hq_admin_issues_a_code_and_views_and_exports_records(sqlite_server: Server):
    hq = sqlite_server
    organization = hq.organization()
    admin = AdminSession(hq, hq.staff(organization, "hq_admin", PASSWORD))
    field_user = hq.user(organization, "canvasser")
    users = admin.get(f"/admin/auth/user/?q={field_user}")
    [user_id] = _selected(users.text)
    issued = admin.action("/admin/auth/user/", "issue_enrollment_code", [user_id])
    code = re.search(r"class=.enrollment-code.>([A-Z0-9-]+)<", issued.text).group(1)
    device = Device.enroll(hq, code, organization)
    person = device.create("resident", records.resident(county="Fresno"))
    assert states(device.exchange([person])) == ["applied"]

    listing = admin.get("/admin/hq/resident/?county=Fresno")
    assert listing.status_code == 200 and person.record_id in listing.text
    assert admin.get(f"/admin/hq/resident/{person.record_id}/change/").status_code == 200
    exported = admin.action("/admin/hq/resident/", "export_csv", [person.record_id])
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert person.record_id in exported.text and "López" in exported.text
    devices = admin.get("/admin/hq/device/")
    assert device.id in devices.text
    assert admin.get(f"/admin/hq/device/{device.id}/change/").status_code == 200
    index = admin.get("/admin/").text
    lists = set(re.findall(r'href="(/admin/(?:hq|auth)/[a-z]+/)"', index))
    assert len(lists) >= 12
    for path in sorted(lists):
        assert admin.get(path).status_code == 200, path


def test_a_coordinator_reverses_a_conflict_and_sees_only_their_organization(
    sqlite_server: Server,
):
    hq = sqlite_server
    first = hq.device(role="coordinator")
    second = hq.device(first.organization)
    outsider = hq.device()
    person = first.create("resident", records.resident(city="Fresno"))
    hidden = outsider.create("resident", records.resident())
    first.exchange([person])
    outsider.exchange([hidden])
    second.pull_all("resident")
    second.wall_ms = first.wall_ms + 1000
    second.exchange([second.update("resident", person.record_id, {"city": "Modesto"})])
    first.exchange([first.update("resident", person.record_id, {"city": "Merced"})])

    coordinator = AdminSession(hq, hq.staff(first.organization, "coordinator", PASSWORD))
    residents = coordinator.get("/admin/hq/resident/")
    assert person.record_id in residents.text and hidden.record_id not in residents.text
    conflicts = coordinator.get("/admin/hq/conflict/")
    [conflict_id] = _selected(conflicts.text)
    assert "Merced" in conflicts.text
    done = coordinator.action("/admin/hq/conflict/", "reverse", [conflict_id])
    assert "Reversed 1 conflicts" in done.text
    [merged] = hq.device(first.organization).pull_all("resident")
    assert merged["city"] == "Merced"
    again = coordinator.action("/admin/hq/conflict/", "reverse", [conflict_id])
    assert "already reversed" in again.text
    assert coordinator.get("/admin/hq/program/add/").status_code == 403  # HQ publishes those
    team = coordinator.get("/api/v1/devices").json()["devices"]
    assert {first.id, second.id} <= {row["id"] for row in team}
    assert {row["organization"]["id"] for row in team} == {first.organization_id}


def test_hq_publishes_a_program_that_devices_download(sqlite_server: Server):
    hq = sqlite_server
    admin = AdminSession(hq, hq.staff(hq.organization(), "hq_admin", PASSWORD))
    device = hq.device()
    device.pull_all("program")
    code = f"test-{device.id[:8]}"
    form = {"code": code, "name": '{"en": "Test aid", "es": "Ayuda"}', "active": "on"}
    refused = admin.post("/admin/hq/program/add/", {**form, "url": "not a url"})
    assert refused.status_code == 200 and "Enter a web address" in refused.text
    saved = admin.post("/admin/hq/program/add/", form)
    assert saved.status_code == 200 and "was added successfully" in saved.text
    [program] = device.pull_all("program")
    assert program["code"] == code and program["name"] == {"en": "Test aid", "es": "Ayuda"}
    for page in (f"program/{program['id']}/change/", "survey/add/", "resource/add/"):
        assert admin.get(f"/admin/hq/{page}").status_code == 200, page
    admin.action("/admin/hq/program/", "tombstone", [program["id"]])
    [withdrawn] = device.pull_all("program")
    assert withdrawn["id"] == program["id"] and withdrawn["deleted"] is True
