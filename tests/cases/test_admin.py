import pytest
from django.urls import reverse

from cases.models import User

pytestmark = pytest.mark.django_db


def test_admin_creates_a_specialist_account(client):
    admin = User.objects.create_superuser("root@example.org", "admin password 2026")
    client.force_login(admin)
    response = client.post(
        reverse("admin:cases_user_add"),
        {
            "email": "surgeon@example.org",
            "role": "specialist",
            "discipline": "surgery",
            "password1": "a strong pass 2026",
            "password2": "a strong pass 2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    surgeon = User.objects.get(email="surgeon@example.org")
    assert surgeon.role == "specialist" and surgeon.discipline == "surgery"


def test_admin_pages_open(client):
    admin = User.objects.create_superuser("root@example.org", "admin password 2026")
    client.force_login(admin)
    for name in ("cases_user", "cases_case", "cases_caseevent", "cases_document", "cases_accessrecord"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
