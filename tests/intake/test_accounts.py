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
