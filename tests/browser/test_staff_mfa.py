"""A coordinator sets up an authenticator app and a security key, and signs in with each."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.browser.conftest import PASSWORD, totp_code_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_with_password(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label(re.compile("^E-?mail", re.I)).fill(email)
    page.get_by_label(re.compile("^Password", re.I)).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in", exact=True).click()


def virtual_security_key(page):
    """Chromium's virtual authenticator: a USB key that says yes at once."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_coordinator_signs_in_with_an_authenticator_app_and_with_a_security_key(page, live_server, screens, settings):
    from playwright.sync_api import expect

    # The relying party is SITE_URL's host (cases.mfa.MFAAdapter), and `make test` exports SITE_URL with an IP
    # address, which no browser accepts as a relying party: the site here is the live server.
    settings.SITE_URL = live_server.url

    coordinator = UserFactory(email="mfa-coord@example.org", role="coordinator")
    base = live_server.url
    virtual_security_key(page)

    sign_in_with_password(page, base, coordinator.email)
    page.goto(f"{base}/queue/")
    expect(page).to_have_url(f"{base}/accounts/2fa/")  # no second factor yet: set one up
    expect(page.get_by_text("set up two-factor authentication to continue")).to_be_visible()
    screens.save(page, "setup required")

    page.locator("main").get_by_role("link", name="Activate").click()
    page.get_by_label(re.compile("^Password", re.I)).fill(PASSWORD)  # allauth confirms the password first
    page.locator("main").get_by_role("button", name="Confirm").click()
    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.locator("main input[name=code]").fill(code)
    page.locator("main").get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()

    page.goto(f"{base}/queue/")  # this session has not given a code yet
    page.locator("main input[name=code]").fill(totp_code_for(coordinator.email))
    page.locator("main").get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(f"{base}/queue/")

    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{base}/accounts/2fa/webauthn/add/")
    # The Add button is wired by allauth's script once the page has settled; a click before that does nothing.
    page.wait_for_load_state("networkidle")
    page.locator("main input[name=name]").fill("Virtual key")
    with page.expect_navigation(timeout=30_000):
        page.locator("main").get_by_role("button", name="Add").click()
    assert not errors, errors
    expect(page.get_by_text("You have added 1 security key.")).to_be_visible()
    assert Authenticator.objects.filter(user=coordinator, type="webauthn").count() == 1

    page.get_by_role("button", name="Log out").click()
    sign_in_with_password(page, base, coordinator.email)
    expect(page).to_have_url(f"{base}/accounts/2fa/authenticate/")
    screens.save(page, "second factor")
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto(f"{base}/queue/")
    expect(page).to_have_url(f"{base}/queue/")
