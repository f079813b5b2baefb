"""Fixtures for the real-browser tests: Debian's Chromium driven by Playwright's sync API.

Playwright's browsers are not downloaded; the system Chromium is launched
instead. The sync API keeps an asyncio loop running in the test thread, so
Django's async-safety check has to be relaxed for the ORM calls tests make.
"""

import os
import re
import time
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's password
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TIMEOUT_MS = 15_000


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Screens:
    """Saves screenshots of a test's pages to test-artifacts/<test name>/."""

    def __init__(self, name: str):
        self.folder = ARTIFACTS / _slug(name)
        self.count = 0
        for old in self.folder.glob("*.png"):  # only this run's pictures
            old.unlink()

    def save(self, page, label: str, full_page: bool = True) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        path = self.folder / f"{self.count:02d}-{_slug(label)}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def screens(request):
    return Screens(request.node.name)


CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


def csp_violations_in(messages: list[str]) -> list[str]:
    """The console messages Chromium logs when our Content-Security-Policy blocks something."""
    return [text for text in messages if any(marker in text for marker in CSP_MARKERS)]


@pytest.fixture
def new_context(browser, request, screens):
    """Opens browser contexts (separate devices: own cookies and storage); all are closed afterwards.

    If the test fails, every open page is saved to test-artifacts/ first. Every page of every journey runs
    under the real Content-Security-Policy: a test that passed fails at teardown if any page logged a violation.
    """
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    contexts = []
    console: list[str] = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("console", lambda message: console.append(f"{message.location.get('url', '')}: {message.text}"))
        contexts.append(context)
        return context

    yield make
    failed = any(
        getattr(request.node, f"rep_{when}", None) and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    for number, context in enumerate(contexts):
        if failed:
            for index, page in enumerate(context.pages):
                try:
                    screens.save(page, f"FAILED-context{number}-page{index}")
                except Exception:  # noqa: BLE001 - a closed or crashed page must not hide the failure
                    pass
        context.close()
    violations = csp_violations_in(console)
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(new_context):
    """A desktop-sized page."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture
def phone_page(new_context):
    """A phone-sized page (390x844, touch)."""
    return new_context(**PHONE).new_page()


def log_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Logs in through the allauth form, as a person would."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label(re.compile("^E-?mail", re.I)).fill(email)
    page.get_by_label(re.compile("^Password", re.I)).fill(password)
    page.locator("main").get_by_role("button", name=re.compile("^(Sign in|Log in)$", re.I)).click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    if "/accounts/2fa/authenticate/" in page.url:  # staff: the authenticator app's code
        give_totp_code(page, email)
    # An account in Chinese reads the site in Chinese once signed in (cases.account_language).
    log_out = re.compile("^(Log out|退出登录)$")
    expect(page.get_by_role("button", name=log_out, include_hidden=True)).to_be_attached()


def totp_code_for(email: str, period: int = 0) -> str:
    """The code the user's authenticator app shows now (or `period` periods later)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    return format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), int(time.time()) // 30 + period))


def give_totp_code(page, email: str) -> None:
    """Enters the code; a code is good once, so if this user just used it, waits for the next one."""
    for _attempt in range(2):
        page.locator("main input[name=code]").fill(totp_code_for(email))
        page.locator("main").get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_load_state()
        if "/accounts/2fa/authenticate/" not in page.url:
            return
        time.sleep(30 - time.time() % 30 + 0.5)
