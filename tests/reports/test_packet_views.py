"""The packet panel on the case page, the packet downloads and the patient's copy: who sees what."""

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases.assessment import message_json
from cases.models import AccessRecord, CaseAssignment, State
from reports.models import Packet, PatientCopy
from reports.packet_build import ERR_MISSING
from reports.packets import ERR_STALE, packet_compile, packet_request
from reports.patient_copy import patient_copy_store
from tests.factories import UserFactory
from tests.reports.packet_helpers import case_with_records


@pytest.fixture
def case(patient, specialist):
    case = case_with_records(patient)
    type(case).objects.filter(pk=case.pk).update(state=State.READY_FOR_MDT, submitted_at=timezone.now())
    case.refresh_from_db()
    CaseAssignment.objects.create(case=case, specialist=specialist, discipline=specialist.discipline)
    return case


@pytest.fixture
def done(case):
    packet = packet_request(case=case, enqueue=False)
    packet_compile(packet_id=packet.pk)
    packet.refresh_from_db()
    return packet


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_chinese(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in Chinese leaves Chinese active in this thread (LocaleMiddleware); later tests expect English."""
    yield
    translation.deactivate()


def panel(client, case):
    return client.get(reverse("reports:packet_panel", args=[case.reference]))


@pytest.mark.django_db
def test_panel_shows_a_live_progress_bar_while_compiling(case, coordinator):
    packet = packet_request(case=case, enqueue=False)
    Packet.objects.filter(pk=packet.pk).update(status="running", stage="merging", percent=55)
    html = panel(as_user(coordinator), case).content.decode()
    assert 'role="progressbar"' in html and 'aria-valuenow="55"' in html and 'data-width="55"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "X-MDT-Background" in html  # polling does not keep the session open
    assert "Merging the records into the packet" in html


@pytest.mark.django_db
def test_panel_turns_into_download_links_when_done_and_stops_polling(case, coordinator, done):
    html = panel(as_user(coordinator), case).content.decode()
    assert "every 2s" not in html
    for part in ("summary", "packet", "archive"):
        assert reverse("reports:packet_file", args=[case.reference, done.version, part]) in html
    assert "Compile again" in html


@pytest.mark.django_db
def test_panel_lists_earlier_versions(case, coordinator, done):
    packet_compile(packet_id=packet_request(case=case, enqueue=False).pk)
    html = panel(as_user(coordinator), case).content.decode()
    assert "1 earlier version" in html
    assert reverse("reports:packet_file", args=[case.reference, 1, "packet"]) in html


@pytest.mark.django_db
def test_failed_packet_shows_its_reason_and_a_try_again_button(case, coordinator):
    packet = packet_request(case=case, enqueue=False)
    Packet.objects.filter(pk=packet.pk).update(status="failed", error=message_json(ERR_MISSING, {"name": "x.pdf"}))
    html = panel(as_user(coordinator), case).content.decode()
    assert "could not be compiled" in html and "The stored file “x.pdf” is missing." in html
    assert "Try again" in html and reverse("reports:packet_compile", args=[case.reference]) in html


@pytest.mark.django_db
def test_why_the_worker_failed_is_shown_to_a_chinese_speaking_coordinator_in_chinese(case, coordinator):
    default_storage.delete(case.documents.get(original_name="biopsy.pdf").file.name)
    packet = packet_request(case=case, enqueue=False)
    with translation.override("en"):  # the worker
        packet_compile(packet_id=packet.pk)
    html = panel(in_chinese(as_user(coordinator)), case).content.decode()
    assert "已存储的文件“biopsy.pdf”丢失。" in html and "is missing" not in html


@pytest.mark.django_db
def test_giving_up_is_explained_in_chinese_with_the_last_error(case, coordinator):
    packet = packet_request(case=case, enqueue=False)
    Packet.objects.filter(pk=packet.pk).update(attempts=settings.PACKET_MAX_ATTEMPTS, error=message_json(ERR_STALE))
    with translation.override("en"):
        packet_compile(packet_id=packet.pk)
    html = panel(in_chinese(as_user(coordinator)), case).content.decode()
    attempts = settings.PACKET_MAX_ATTEMPTS
    assert f"已尝试 {attempts} 次，不再重试。最后一次错误：负责生成此资料包的后台进程已停止，正在重新生成。" in html


@pytest.mark.django_db
def test_a_reason_kept_before_translations_still_shows(case, coordinator):
    packet = packet_request(case=case, enqueue=False)
    Packet.objects.filter(pk=packet.pk).update(status="failed", error={"text": "The stored file “x.pdf” is missing."})
    html = panel(in_chinese(as_user(coordinator)), case).content.decode()
    assert "The stored file “x.pdf” is missing." in html


@pytest.mark.django_db
def test_try_again_queues_a_new_version_and_the_panel_starts_polling(case, coordinator):
    packet = packet_request(case=case, enqueue=False)
    Packet.objects.filter(pk=packet.pk).update(status="failed", error={"text": "boom"})
    response = as_user(coordinator).post(
        reverse("reports:packet_compile", args=[case.reference]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert case.packets.filter(version=2, status="queued", requested_by=coordinator).exists()
    assert 'hx-trigger="every 2s"' in response.content.decode()


@pytest.mark.django_db
def test_compile_again_without_javascript_returns_to_the_case_page(case, coordinator):
    response = as_user(coordinator).post(reverse("reports:packet_compile", args=[case.reference]))
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.reference}/#packet")
    assert case.packets.count() == 1


@pytest.mark.django_db
def test_compile_needs_the_csrf_token(case, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(reverse("reports:packet_compile", args=[case.reference])).status_code == 403
    assert not case.packets.exists()


@pytest.mark.django_db
def test_a_case_still_in_triage_cannot_be_compiled(case, coordinator):
    type(case).objects.filter(pk=case.pk).update(state=State.IN_TRIAGE)
    response = as_user(coordinator).post(
        reverse("reports:packet_compile", args=[case.reference]), HTTP_HX_REQUEST="true"
    )
    assert "once the case is ready for the MDT" in response.content.decode()
    assert not case.packets.exists()


@pytest.mark.django_db
def test_assigned_specialist_sees_the_packet_but_cannot_compile(case, specialist, done):
    client = as_user(specialist)
    html = panel(client, case).content.decode()
    assert reverse("reports:packet_file", args=[case.reference, 1, "summary"]) in html
    assert "Compile again" not in html
    assert client.post(reverse("reports:packet_compile", args=[case.reference])).status_code == 404


@pytest.mark.django_db
def test_download_is_logged_and_never_cached(case, specialist, done):
    response = as_user(specialist).get(reverse("reports:packet_file", args=[case.reference, 1, "packet"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessRecord.objects.filter(object_id=done.pk, reader=specialist, what="packet").count() == 1
    archive = as_user(specialist).get(reverse("reports:packet_file", args=[case.reference, 1, "archive"]))
    assert archive["Content-Disposition"].startswith("attachment") and archive["Content-Type"] == "application/zip"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner", "other_patient", "unassigned_specialist"])
def test_people_outside_the_care_team_get_404(case, done, who, other_patient):
    user = {
        "owner": case.owner,
        "other_patient": other_patient,
        "unassigned_specialist": UserFactory(role="specialist", discipline="surgery"),
    }[who]
    client = as_user(user)
    assert panel(client, case).status_code == 404
    for part in ("summary", "packet", "archive"):
        assert client.get(reverse("reports:packet_file", args=[case.reference, 1, part])).status_code == 404
    assert client.post(reverse("reports:packet_compile", args=[case.reference])).status_code == 404
    assert not AccessRecord.objects.exclude(what="refused").exists()


@pytest.mark.django_db
def test_a_packet_still_compiling_has_no_files_to_download(case, coordinator):
    packet_request(case=case, enqueue=False)
    assert (
        as_user(coordinator).get(reverse("reports:packet_file", args=[case.reference, 1, "summary"])).status_code == 404
    )


@pytest.mark.django_db
def test_patient_downloads_their_copy_rendered_on_demand_until_it_is_stored(case, patient):
    url = reverse("reports:patient_copy", args=[case.reference])
    response = as_user(patient).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    copy = patient_copy_store(case_id=case.pk)
    with copy.file.open("rb") as fh:
        stored = fh.read()
    assert b"".join(as_user(patient).get(url).streaming_content) == stored


@pytest.mark.django_db
def test_storing_the_copy_again_replaces_the_old_file(case):
    first = patient_copy_store(case_id=case.pk).file.name
    second = patient_copy_store(case_id=case.pk).file.name
    assert first != second and PatientCopy.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_patient_copy_is_for_the_owner_and_coordinators_only(case, coordinator, specialist, other_patient):
    url = reverse("reports:patient_copy", args=[case.reference])
    assert as_user(coordinator).get(url).status_code == 200
    assert as_user(specialist).get(url).status_code == 404
    assert as_user(other_patient).get(url).status_code == 404


def test_no_copy_of_a_draft_is_rendered(client, patient):
    from tests.factories import CaseFactory

    draft = CaseFactory(owner=patient)
    client.force_login(patient)
    assert client.get(reverse("reports:patient_copy", args=[draft.reference])).status_code == 404
