"""The admin in a real browser (headless Chromium): log in, issue a code, view records.

Needs Debian's ``chromium`` and ``chromium-driver`` packages and selenium from
PyPI; without them the test is skipped and says what is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.hq import records
from tests.hq.harness import Device, Server, states

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

PASSWORD = "browser test passphrase"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    if not (CHROMIUM and DRIVER):
        pytest.skip("headless Chromium needs the Debian packages chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(DRIVER), options=options)
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()


def test_log_in_issue_a_code_and_view_records(sqlite_server: Server, browser):
    hq = sqlite_server
    organization = hq.organization()
    admin = hq.staff(organization, "hq_admin", PASSWORD)
    field_user = hq.user(organization, "cbo_staff")

    browser.get(hq.url + "/admin/")
    browser.find_element(By.NAME, "username").send_keys(admin)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    assert "OCPSC HQ" in browser.title

    browser.get(f"{hq.url}/admin/auth/user/?q={field_user}")
    browser.find_element(By.NAME, "_selected_action").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("issue_enrollment_code")
    browser.find_element(By.NAME, "index").click()
    code = browser.find_element(By.CSS_SELECTOR, ".enrollment-code").text

    device = Device.enroll(hq, code, organization)
    person = device.create("resident", records.resident(given_name="Guadalupe"))
    assert states(device.exchange([person])) == ["applied"]

    browser.get(hq.url + "/admin/hq/resident/")
    browser.find_element(By.LINK_TEXT, person.record_id).click()
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "Guadalupe" in page and organization in page
