import re

import pytest
from django.core import mail
from django.urls import reverse

from cases.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new.patient@example.org",
    "password1": "a long passphrase 2026",
    "password2": "a long passphrase 2026",
    "first_name": "Nurlan",
    "last_name": "Abenov",
    "relationship": "child",
    "country": "Kyrgyzstan",
}


def test_caregiver_registers_verifies_email_and_can_log_in(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="new.patient@example.org")
    assert user.role == "patient" and user.relationship == "child" and user.country == "Kyrgyzstan"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)
    client.get(link)
    client.post(link)
    assert user.emailaddress_set.get().verified
    client.logout()
    login = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert login.status_code == 302
    assert client.get(reverse("intake:case_list")).status_code == 200


def test_unverified_patient_cannot_log_in(client):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()
    response = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert client.get(reverse("intake:case_list")).status_code == 302


def test_new_accounts_are_always_patients(client):
    client.post(reverse("account_signup"), {**SIGNUP, "role": "coordinator"})
    assert User.objects.get().role == "patient"


def test_pages_switch_to_chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert 'lang="zh-hans"' in html


def test_sign_up_and_log_in_use_the_words_of_the_menu(client):
    signup = client.get(reverse("account_signup")).content.decode()
    assert "<title>Register" in signup and "Create your account" in signup
    assert ">Register</button>" in signup.replace("\n", "").replace("  ", "")
    assert f'Already registered? <a href="{reverse("account_login")}">Log in</a>.' in signup
    assert "Sign Up" not in signup and "sign in" not in signup.lower()
    login = client.get(reverse("account_login")).content.decode()
    assert ">Log in</button>" in login.replace("\n", "").replace("  ", "")
    assert f'New here? <a href="{reverse("account_signup")}">Register</a>' in login
    assert "Keep me logged in on this device" in login
    assert "Sign In" not in login and "Remember Me" not in login


def test_sign_up_pages_in_chinese_have_no_english_left(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    signup = client.get(reverse("account_signup")).content.decode()
    assert "创建您的账户" in signup and "已经注册过？" in signup
    login = client.get(reverse("account_login")).content.decode()
    assert "在此设备上保持登录" in login and "第一次来？" in login
    for english in ("Create your account", "Already registered", "Keep me logged in", "New here?"):
        assert english not in signup + login


def test_the_confirmation_email_names_the_service_not_the_server(client):
    client.post(reverse("account_signup"), SIGNUP)
    message = mail.outbox[0]
    assert "Confirm your email address for MDT Intake" in message.subject
    assert message.body.startswith("Hello from MDT Intake,")
    assert "testserver" not in message.body.split("http")[0]  # the host appears only in the link
    assert "/accounts/confirm-email/" in message.body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_second_factor_pages_say_log_in_like_the_rest_of_the_site(client, coordinator, language):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(coordinator, generate_totp_secret())
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": "correct horse battery"}, follow=True
    )
    page = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("mfa_authenticate")
    log_in = "Log in" if language == "en" else "登录"
    words = " ".join(page.split())
    assert f"<title> {log_in} ·" in words and re.search(rf'<button [^>]*type="submit"[^>]*> {log_in} </button>', words)
    assert "Sign In" not in page and "sign in" not in page.lower()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_trust_this_browser_page_says_log_in_like_the_rest_of_the_site(rf, language):
    """allauth's own template, its words changed by the site's catalogue (locale/en), not by a copy of the page.

    The page shows only with MFA_TRUST_ENABLED (off here), so it is rendered as allauth's view renders it."""
    import datetime

    from django import forms
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    request = rf.get("/")
    request.user, request.session = AnonymousUser(), {}
    now = timezone.now()
    context = {"form": forms.Form(), "trust_from": now, "trust_until": now + datetime.timedelta(days=14)}
    with translation.override(language):
        page = render_to_string("mfa/trust.html", context, request=request)
    words = " ".join(page.split())
    if language == "en":
        assert "the next time you log in." in words
    else:
        assert "下次登录时将不再要求您输入验证码" in words
    assert "sign in" not in page.lower()
