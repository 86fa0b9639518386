"""End to end in Debian's Chromium, headless, driven by Selenium through Debian's chromedriver.

The server runs in a thread on a free loopback port, as `briefgen serve` runs it (uvicorn).  Skipped
when chromium or chromedriver is missing.  Set BRIEFGEN_SCREENSHOTS=DIR to keep the screenshots of the
main pages in English and Vietnamese (they are taken in any case, into the test's folder).
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import docx
import pytest
from tests.test_refresh import OBJECTIVE, officer_edits, section_text

from briefgen.web import ServeConfig, create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None, reason="Debian's chromium and chromedriver are not installed"
)
TOKEN = "browser-" + "b" * 40
WAIT = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    spool = tmp_path_factory.mktemp("spool")
    spool.chmod(0o700)
    os.environ["BRIEFGEN_SERVE_SPOOL"] = str(spool)
    port = free_port()
    app = create_app(ServeConfig(token=TOKEN))
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(WAIT)
    os.environ.pop("BRIEFGEN_SERVE_SPOOL", None)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("BRIEFGEN_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def find(driver, css: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def unlabelled_controls(driver) -> list[str]:
    """Visible form controls with no <label for=...>: what a screen reader could not name."""
    return driver.execute_script(
        """return Array.from(document.querySelectorAll('input, select, textarea'))
             .filter(e => e.type !== 'hidden')
             .filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')))
             .map(e => e.name || e.outerHTML);"""
    )


def new_file(folder: Path, suffix: str, before: set[Path]) -> Path:
    return wait_for(
        lambda: next((p for p in folder.glob(f"*{suffix}") if p not in before), None), f"a downloaded {suffix}"
    )


def test_the_officer_s_way_through_the_page(server, browser, downloads, shots, tmp_path):
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{server}/")
    assert browser.current_url.endswith("/login")  # no session: the sign-in page
    browser.get(f"{server}/login?token={TOKEN}&ui=en")
    wait_for(lambda: find(browser, "#q"), "the search page")
    assert "token" not in browser.current_url  # the secret left the address bar
    browser.save_screenshot(str(shots / "search-empty-en.png"))

    # Keyboard: the first Tab reaches the skip link, which leads to the content.
    browser.find_element("css selector", "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip"

    # Search as you type: an ambiguous name shows every candidate, none chosen.
    box = find(browser, "#q")[0]
    box.send_keys("Nguyen")
    wait_for(lambda: find(browser, "#results h2.ambiguous"), "the candidates")
    links = find(browser, "#results a")
    assert len(links) >= 2
    assert unlabelled_controls(browser) == []
    browser.save_screenshot(str(shots / "search-ambiguous-en.png"))
    box.clear()
    box.send_keys("Sanae Takaichi")
    wait_for(lambda: find(browser, "#results h2.resolved"), "the one person")
    find(browser, "#results a")[0].click()

    wait_for(lambda: find(browser, ".preview article"), "the preview")
    assert "TAKAICHI Sanae" in browser.title
    assert unlabelled_controls(browser) == []
    browser.save_screenshot(str(shots / "person-en.png"))

    # The visit's details, typed as a visit file would give them, open the preview and the documents.
    find(browser, "details.visit-details summary")[0].click()
    find(browser, "#principal")[0].send_keys("Minister Nguyen Manh Hung")
    find(browser, "#city")[0].send_keys("Hanoi")
    find(browser, "#purpose")[0].send_keys("Review the 2020 memorandum")
    find(browser, "form.row button")[0].click()
    wait_for(lambda: "Review the 2020 memorandum" in browser.page_source, "the preview of the visit")
    assert "in Hanoi, Minister Nguyen Manh Hung meets TAKAICHI Sanae" in browser.page_source.replace("\n", " ")
    browser.save_screenshot(str(shots / "person-visit-en.png"))

    # Download the Word brief, edit it as an officer would, upload it and get it back refreshed.
    before = set(downloads.iterdir())
    find(browser, 'a[href*="/download/docx"]')[0].click()
    brief = new_file(downloads, ".docx", before)
    wait_for(lambda: not list(downloads.glob("*.crdownload")), "the download to finish")
    brief_text = "\n".join(p.text for p in docx.Document(io.BytesIO(brief.read_bytes())).paragraphs)
    assert "The counterpart now" in brief_text and "Review the 2020 memorandum" in brief_text
    edited = tmp_path / "edited.docx"
    shutil.copy(brief, edited)
    officer_edits(edited)
    browser.get(f"{server}/refresh")
    find(browser, "#brief")[0].send_keys(str(edited))
    find(browser, "form.busy-on-submit button")[0].click()
    wait_for(lambda: find(browser, 'a[href^="/result/"]'), "the refreshed brief")
    assert "objectives" in browser.page_source
    browser.save_screenshot(str(shots / "refreshed-en.png"))
    before = set(downloads.iterdir())
    find(browser, 'a[href^="/result/"]')[0].click()
    refreshed = new_file(downloads, ".docx", before)
    wait_for(lambda: not list(downloads.glob("*.crdownload")), "the download to finish")
    assert OBJECTIVE in section_text(refreshed, "objectives")

    browser.get(f"{server}/curator")
    wait_for(lambda: find(browser, "h1"), "the curator view")
    assert "No error" in browser.page_source
    browser.save_screenshot(str(shots / "curator-en.png"))

    # No script error and no policy violation anywhere on the way.
    problems = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert problems == []


def test_the_vietnamese_interface(server, browser, shots):
    browser.get(f"{server}/login?token={TOKEN}")
    find(browser, 'a[hreflang="vi"]')[0].click()
    wait_for(lambda: find(browser, 'html[lang="vi"]'), "the Vietnamese page")
    assert "Tìm đối tác" in browser.page_source
    find(browser, "#q")[0].send_keys("Nguyễn")
    wait_for(lambda: find(browser, "#results h2"), "the candidates")
    assert "Chưa chọn ai" in browser.page_source
    browser.save_screenshot(str(shots / "search-ambiguous-vi.png"))
    browser.get(f"{server}/person/takaichi-sanae?date=2026-11-23&lang=vi")
    wait_for(lambda: find(browser, ".preview article"), "the preview")
    assert "Thông tin đối tác hiện nay" in browser.page_source
    browser.save_screenshot(str(shots / "person-vi.png"))
    browser.get(f"{server}/delegation?date=2026-11-23&lang=vi")
    find(browser, "#names")[0].send_keys("Takaichi Sanae\nNguyễn\nNguyễn Mạnh Hùng")
    find(browser, "form.busy-on-submit button")[0].click()
    wait_for(lambda: find(browser, 'a[href^="/result/"]'), "the delegation's archive")
    items = [li.text for li in find(browser, "ol.outcomes li")]
    assert len(items) == 3 and "Chưa tạo được" in items[1]  # the ambiguous name: not written, nobody guessed
    browser.save_screenshot(str(shots / "delegation-done-vi.png"))
    for path, name in (("/refresh", "refresh-vi"), ("/delegation", "delegation-vi"), ("/curator", "curator-vi")):
        browser.get(server + path)
        wait_for(lambda: find(browser, "h1"), path)
        assert unlabelled_controls(browser) == []
        browser.save_screenshot(str(shots / f"{name}.png"))
    assert "Tình trạng dữ liệu" in browser.page_source


def test_without_a_session_the_browser_gets_the_sign_in_page(server, browser, shots):
    browser.delete_all_cookies()
    browser.get(f"{server}/login?token=wrong&ui=en")
    assert "no valid token" in browser.page_source
    browser.save_screenshot(str(shots / "login-refused-en.png"))
    browser.get(f"{server}/curator")
    assert browser.current_url.endswith("/login")
