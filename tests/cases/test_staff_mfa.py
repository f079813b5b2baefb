"""Staff (coordinators, specialists, admins) must give a second factor; patients may.

These tests sign in through allauth's forms, not force_login, so the session holds only what a real
sign-in records.
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
STAFF_PAGES = ["/", "/queue/", "/mdt/", "/cases/", "/admin/", "/admin/cases/case/"]


def totp_code(secret: str = SECRET) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()  # allauth remembers used TOTP codes there; ids repeat between tests


def password_login(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


@pytest.fixture(params=["coordinator", "specialist", "admin"])
def staff(request, db):
    role = request.param
    return UserFactory(
        role=role,
        discipline="radiology" if role == "specialist" else "",
        is_staff=role == "admin",
        is_superuser=role == "admin",
    )


def test_staff_without_authenticator_is_sent_to_setup_from_every_staff_page_and_the_admin(client, staff):
    password_login(client, staff)
    for url in STAFF_PAGES:
        response = client.get(url)
        assert (response.status_code, response.url) == (302, "/accounts/2fa/"), url
    assert client.get("/accounts/2fa/").status_code == 200


def test_setup_page_says_why(client, staff):
    password_login(client, staff)
    page = client.get("/queue/", follow=True)
    assert b"set up two-factor authentication to continue" in page.content


def test_admin_login_form_hands_over_to_allauth(client, db):
    admin = UserFactory(role="admin", is_staff=True, is_superuser=True)
    response = client.get("/admin/login/?next=/admin/cases/")
    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/admin/cases/")
    client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_htmx_request_without_second_factor_is_redirected_by_htmx(client, coordinator):
    password_login(client, coordinator)
    response = client.get("/queue/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == "/accounts/2fa/"


def test_setting_up_an_authenticator_app_then_giving_a_code_opens_staff_pages(client, coordinator):
    password_login(client, coordinator)
    response = client.get("/accounts/2fa/totp/activate/")  # allauth asks for the password again first
    assert response.url.startswith("/accounts/reauthenticate/")
    client.post(response.url, {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    response = client.get("/queue/")
    assert (response.status_code, response.url) == (302, "/accounts/2fa/reauthenticate/?next=%2Fqueue%2F")
    response = client.post(response.url, {"code": totp_code(secret)})
    assert response.url == "/queue/"
    assert client.get("/queue/").status_code == 200


def test_login_with_totp_asks_for_the_code_and_refuses_a_wrong_one(client, coordinator):
    TOTP.activate(coordinator, SECRET)
    response = password_login(client, coordinator)
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/queue/").url.startswith("/accounts/login/")  # not signed in yet
    wrong = str((int(totp_code()) + 1) % 1_000_000).zfill(6)
    refused = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert b"Incorrect code" in refused.content
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert client.get("/queue/").status_code == 200


def test_recovery_code_signs_in_once(client, coordinator):
    TOTP.activate(coordinator, SECRET)
    code = RecoveryCodes.activate(coordinator).generate_codes()[0]
    password_login(client, coordinator)
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert client.get("/queue/").status_code == 200
    client.post("/accounts/logout/")
    password_login(client, coordinator)
    refused = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert b"Incorrect code" in refused.content
    assert client.get("/queue/").status_code == 302


def test_staff_cannot_remove_their_only_authenticator_app(client, coordinator):
    TOTP.activate(coordinator, SECRET)
    password_login(client, coordinator)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    client.post("/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()


def test_patient_is_not_forced_but_may_set_up_two_factor(client, patient):
    password_login(client, patient)
    assert client.get("/cases/").status_code == 200
    assert b"/accounts/2fa/" in client.get("/cases/").content  # the account menu offers it
    assert client.get("/accounts/2fa/").status_code == 200


def test_the_log_in_page_offers_a_passkey(client):
    """MFA_PASSKEY_LOGIN_ENABLED: the site's own log-in page keeps allauth's passkey button and its form and script
    (the page was rewritten for its wording and had lost them)."""
    html = client.get(reverse("account_login")).content.decode()
    assert 'id="passkey_login"' in html and "Log in with a passkey" in html
    assert 'id="mfa_login"' in html and 'data-allauth-onload="allauth.webauthn.forms.loginForm"' in html
