"""Accounts cannot be guessed, and password guessing is limited across every web process."""

import re
import subprocess
import sys
import textwrap

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from config import settings as real_settings
from tests.factories import UserFactory
from tests.worker import ROOT, _database_url

SIGNUP = {
    "email": "someone@example.org",
    "password1": "a long passphrase 2026",
    "password2": "a long passphrase 2026",
    "first_name": "Aigul",
    "last_name": "Sadykova",
    "relationship": "self",
    "country": "Kazakhstan",
}
TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def rate_limits(settings):
    """The production limits, counted in the shared database cache."""
    settings.ACCOUNT_RATE_LIMITS = real_settings.ACCOUNT_RATE_LIMITS
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    cache.clear()
    yield
    cache.clear()


def _fail_logins(email: str, times: int) -> None:
    guesser = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(times):
        response = guesser.post(reverse("account_login"), {"login": email, "password": "wrong guess 1234"})
        assert response.status_code == 200


@pytest.mark.django_db
def test_guesses_from_one_client_lock_the_account_for_another(rate_limits, coordinator):
    _fail_logins(coordinator.email, 5)
    other = Client(REMOTE_ADDR="10.0.0.2")
    response = other.post(reverse("account_login"), {"login": coordinator.email, "password": "correct horse battery"})
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in other.session


CHECK_IN_ANOTHER_PROCESS = textwrap.dedent("""
    import django, sys
    django.setup()
    from django.test import Client
    response = Client(REMOTE_ADDR="10.0.0.3").post(
        "/accounts/login/", {"login": sys.argv[1], "password": "correct horse battery"})
    print("LIMITED" if "Too many failed login attempts" in response.content.decode() else response.status_code)
""")


@pytest.mark.django_db(transaction=True)
def test_guesses_in_one_process_lock_the_account_in_another(rate_limits, settings):
    user = UserFactory(email="coord2@example.org", role="coordinator")
    _fail_logins(user.email, 5)
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "testserver",  # allauth keys the count by host and address
        "DATABASE_URL": _database_url(),
        "MDT_DATA_DIR": str(settings.DATA_DIR),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHECK_IN_ANOTHER_PROCESS, user.email],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().endswith("LIMITED"), result.stdout + result.stderr


@pytest.mark.django_db
def test_signing_up_with_a_known_address_looks_like_a_new_sign_up(client, coordinator):
    new = client.post(reverse("account_signup"), SIGNUP)
    known = Client().post(reverse("account_signup"), {**SIGNUP, "email": coordinator.email})
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    # The owner of the known address is told by email, not the person at the form.
    assert {m.to[0] for m in mail.outbox} == {SIGNUP["email"], coordinator.email}


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_looks_like_a_reset_for_a_known_one(client, patient):
    known = client.post(reverse("account_reset_password"), {"email": patient.email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert _without_csrf(Client().get(unknown["Location"])) == _without_csrf(Client().get(known["Location"]))


def _without_csrf(response) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


@pytest.mark.django_db
def test_a_wrong_password_and_an_unknown_address_get_the_same_login_error(client, patient):
    wrong = client.post(reverse("account_login"), {"login": patient.email, "password": "wrong guess 1234"})
    unknown = Client().post(reverse("account_login"), {"login": "nobody@example.org", "password": "wrong guess 1234"})
    assert wrong.context["form"].errors == unknown.context["form"].errors
