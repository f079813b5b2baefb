"""Readiness and liveness (config.health), and record downloads handed to the proxy (cases.downloads)."""

import json

import pytest
from django.urls import reverse

from config.health import beat
from tests.factories import CaseFactory
from tests.helpers.files import pdf_bytes
from tests.reports.packet_helpers import add_record
from tests.worker import use_broker


@pytest.mark.django_db
def test_liveness_answers_whatever_the_host_header(client):
    response = client.get("/health/live/", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db(transaction=True)
def test_readiness_names_each_check_and_fails_without_a_worker_or_broker(client):
    beat()
    ready = client.get("/health/ready/")
    assert ready.status_code == 200, ready.content
    assert ready.json()["checks"] == dict.fromkeys(["database", "cache", "broker", "storage", "worker"], "ok")

    with use_broker("redis://127.0.0.1:9/0"):  # nothing listens on the discard port
        down = client.get("/health/ready/")
    assert down.status_code == 503
    body = down.json()
    assert body["checks"]["broker"] == "fail" and body["status"] == "fail"
    # Only names and ok/fail: no error text, URL or host for an anonymous caller to read.
    assert "127.0.0.1" not in down.content.decode() and "Error" not in down.content.decode()


@pytest.mark.django_db
def test_readiness_fails_when_no_worker_has_beaten_lately(client, settings):
    from django.core.cache import cache

    from config.health import HEARTBEAT_KEY

    cache.set(HEARTBEAT_KEY, 0, timeout=None)
    response = client.get("/health/ready/")
    assert response.status_code == 503 and json.loads(response.content)["checks"]["worker"] == "fail"


@pytest.mark.django_db
def test_a_record_download_is_handed_to_the_proxy_after_the_access_check(client, patient, other_patient, settings):
    settings.DOWNLOADS_VIA_PROXY = True
    case = CaseFactory(owner=patient)
    record = add_record(case, "pathology_report", pdf_bytes(1), "pdf", "biopsy.pdf")
    url = reverse("intake:document_file", args=[case.reference, record.pk, "download"])

    client.force_login(other_patient)
    assert client.get(url).status_code == 404  # refused before anything is handed over
    client.force_login(patient)
    response = client.get(url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected/" + record.file.name
    assert response["Content-Disposition"] == 'attachment; filename="biopsy.pdf"'
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_by_default_django_streams_the_record_itself(client, patient):
    case = CaseFactory(owner=patient)
    record = add_record(case, "pathology_report", pdf_bytes(1), "pdf", "biopsy.pdf")
    client.force_login(patient)
    response = client.get(reverse("intake:document_file", args=[case.reference, record.pk, "download"]))
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == pdf_bytes(1)
