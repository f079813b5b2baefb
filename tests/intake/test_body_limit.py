"""Oversized request bodies are refused from their declared size, before any byte is read."""

import io

import pytest
from django.urls import reverse

from cases.models import UploadSession
from intake.middleware import MULTIPART_OVERHEAD

pytestmark = pytest.mark.django_db

GB = 1024**3


class UnreadableBody(io.RawIOBase):
    """A request stream that fails the test if anything reads it."""

    def readable(self):
        return True

    def read(self, size=-1):
        raise AssertionError("the request body was read")

    readline = readinto = read


def post_declaring(client, url, length, **headers):
    return client.generic(
        "POST",
        url,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
        **headers,
    )


@pytest.fixture
def small_limit(settings):
    settings.MAX_UPLOAD_BYTES = 10 * 1024**2
    return settings.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD


def test_upload_far_over_the_limit_is_refused_before_it_is_read(patient_client, draft, small_limit):
    response = post_declaring(patient_client, reverse("intake:upload", args=[draft.reference]), 3 * GB)

    assert response.status_code == 413
    page = response.content.decode().replace("\xa0", " ")
    assert "3.0 GB" in page and "11.0 MB" in page
    assert not draft.documents.exists()


def test_upload_just_over_the_limit_is_refused_too(patient_client, draft, small_limit):
    url = reverse("intake:upload", args=[draft.reference])

    assert post_declaring(patient_client, url, small_limit + 1).status_code == 413


def test_htmx_and_tus_callers_get_the_reason_as_they_read_it(patient_client, draft, small_limit):
    url = reverse("intake:upload", args=[draft.reference])
    htmx = post_declaring(patient_client, url, 3 * GB, HTTP_HX_REQUEST="true")
    tus = post_declaring(
        patient_client, reverse("intake:tus_create", args=[draft.reference]), 3 * GB, HTTP_TUS_RESUMABLE="1.0.0"
    )

    assert htmx.status_code == 413 and htmx.content.decode().startswith('<p class="error"')
    assert tus.status_code == 413 and "3.0" in tus.json()["error"] and tus["Tus-Resumable"] == "1.0.0"
    assert not UploadSession.objects.exists()


def test_refusal_is_in_the_patients_language(patient_client, draft, small_limit):
    url = reverse("intake:upload", args=[draft.reference])

    response = post_declaring(patient_client, url, 3 * GB, HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_HX_REQUEST="true")

    assert "请" in response.content.decode()


@pytest.mark.parametrize("url_name", ["account_login", "account_signup"])
def test_anonymous_request_cannot_make_the_server_read_a_large_body(client, url_name):
    response = post_declaring(client, reverse(url_name), 1024**2)

    assert response.status_code == 413
    assert "log in" in response.content.decode()


def test_anonymous_upload_attempt_is_refused_before_it_is_read(client, draft):
    response = post_declaring(client, reverse("intake:upload", args=[draft.reference]), 100 * 1024**2)

    assert response.status_code == 413


def test_login_form_still_works(client, patient):
    patient.set_password("a long passphrase 2026")
    patient.save()

    response = client.post(reverse("account_login"), {"login": patient.email, "password": "a long passphrase 2026"})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
