"""The audit trail: every read of health data by someone other than its patient, and every refusal, kept for good."""

import csv
import datetime
import io

import pytest
from django.contrib.admin.sites import site
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cases import audit
from cases.models import AccessRecord, Case, CaseAssignment, ReadKind, State
from reports.models import PatientReport
from tests.factories import UserFactory, complete_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(patient, specialist):
    case = complete_case(patient, state=State.IN_REVIEW)
    # No driver found yet, so the other drivers are gaps and the letter has something to ask (ESMO 2023).
    case.biomarkers.filter(marker="EGFR").update(result="not_detected", alterations=[], value="", covers_gene=True)
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now())
    case.refresh_from_db()
    CaseAssignment.objects.create(case=case, specialist=specialist, discipline=specialist.discipline, is_chair=True)
    return case


@pytest.fixture
def report(case, coordinator):
    report = PatientReport(case=case, version=1, language="en", sha256="0" * 64, created_by=coordinator)
    report.released_at = timezone.now()
    report.file.save("r.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
    report.save()
    return report


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reads(case, report) -> dict:
    """Each kind of read (packet files are in tests/reports/test_packet_views.py) and the URL that makes it."""
    ref = case.reference
    document = case.documents.first()
    return {
        ReadKind.CASE_PAGE: reverse("intake:case_detail", args=[ref]),
        ReadKind.CASE_REVIEW: reverse("intake:review", args=[ref]),
        ReadKind.RECORD: reverse("intake:document_file", args=[ref, document.pk, "download"]),
        ReadKind.LETTER: reverse("reports:gap_letter", args=[ref]),
        ReadKind.PATIENT_COPY: reverse("reports:patient_copy", args=[ref]),
        ReadKind.REPORT: reverse("reports:report_file", args=[ref, report.version]),
        ReadKind.MDT_PANEL: reverse("reports:mdt_panel", args=[ref]),
        ReadKind.OPINION: reverse("reports:opinion", args=[ref]),
        ReadKind.CONSENSUS: reverse("reports:consensus", args=[ref]),
    }


STAFF_READER = {
    ReadKind.MDT_PANEL: "specialist",
    ReadKind.OPINION: "specialist",
    ReadKind.CONSENSUS: "specialist",
    ReadKind.REPORT: "specialist",
}


@pytest.mark.parametrize(
    "what",
    [
        ReadKind.CASE_PAGE,
        ReadKind.CASE_REVIEW,
        ReadKind.RECORD,
        ReadKind.LETTER,
        ReadKind.PATIENT_COPY,
        ReadKind.REPORT,
        ReadKind.MDT_PANEL,
        ReadKind.OPINION,
        ReadKind.CONSENSUS,
    ],
)
def test_each_read_by_the_care_team_writes_one_row(case, report, coordinator, specialist, what):
    reader = specialist if STAFF_READER.get(what) == "specialist" else coordinator
    response = as_user(reader).get(reads(case, report)[what])
    assert response.status_code == 200
    row = AccessRecord.objects.get()
    assert (row.what, row.case_id, row.case_reference, row.reader_id) == (what, case.pk, case.reference, reader.pk)
    assert row.reader_email == reader.email and row.reader_role == reader.role and row.reason == ""


def test_the_patients_own_reads_write_nothing(case, report, patient):
    client = as_user(patient)
    urls = reads(case, report)
    for what in (ReadKind.CASE_PAGE, ReadKind.CASE_REVIEW, ReadKind.RECORD, ReadKind.PATIENT_COPY, ReadKind.REPORT):
        assert client.get(urls[what]).status_code == 200, what
    assert not AccessRecord.objects.exists()


def test_another_patients_attempt_is_recorded_with_its_reason(case, other_patient):
    client = as_user(other_patient)
    assert client.get(reverse("intake:case_detail", args=[case.reference])).status_code == 404
    assert client.get(reverse("intake:case_detail", args=["MDT-NOSUCH"])).status_code == 404
    rows = list(AccessRecord.objects.order_by("id").values_list("what", "case_reference", "case_id", "reason"))
    assert rows == [
        ("refused", case.reference, None, audit.NOT_VISIBLE),
        ("refused", "MDT-NOSUCH", None, audit.NOT_VISIBLE),
    ]
    assert AccessRecord.objects.filter(reader=other_patient, reader_email=other_patient.email).count() == 2


def test_an_action_refused_on_a_visible_case_is_recorded_with_the_action(case, patient):
    assert as_user(patient).post(reverse("reports:packet_compile", args=[case.reference])).status_code == 404
    row = AccessRecord.objects.get()
    assert (row.what, row.case_id, row.reason) == ("refused", case.pk, "action refused: compile_packet")


def test_the_trail_outlives_the_case(case, coordinator):
    audit.record_read(user=coordinator, case=case, what=ReadKind.CASE_PAGE)
    reference = case.reference
    case.delete()
    row = AccessRecord.objects.get()
    assert row.case_reference == reference and row.reader_email == coordinator.email


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_the_database_refuses_to_change_or_delete_a_row(case, coordinator):
    audit.record_read(user=coordinator, case=case, what=ReadKind.CASE_PAGE)
    rows = AccessRecord.objects.all()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.update(reason="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.delete()
    assert AccessRecord.objects.get().reason == ""


def test_the_admin_offers_no_add_change_or_delete_even_to_a_superuser(case, coordinator, rf):
    audit.record_read(user=coordinator, case=case, what=ReadKind.CASE_PAGE)
    row = AccessRecord.objects.get()
    root = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client = as_user(root)
    listing = client.get(reverse("admin:cases_accessrecord_changelist"))
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()
    assert client.get(reverse("admin:cases_accessrecord_delete", args=[row.pk])).status_code == 403
    assert client.post(reverse("admin:cases_accessrecord_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:cases_accessrecord_add")).status_code == 403
    request = rf.get("/")
    request.user = root
    model_admin = site._registry[AccessRecord]
    assert not model_admin.has_delete_permission(request, row)
    assert not model_admin.has_change_permission(request, row)
    assert AccessRecord.objects.count() == 1


def test_patient_sees_a_coordinators_read_of_the_report_in_chinese(case, report, coordinator, patient):
    coordinator.first_name, coordinator.last_name = "Anna", "Petrova"
    coordinator.save()
    as_user(coordinator).get(reverse("reports:report_file", args=[case.reference, report.version]))
    as_user(patient).get(reverse("reports:report_file", args=[case.reference, report.version]))  # not listed
    page = as_user(patient).get(reverse("intake:access_log", args=[case.reference]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    with translation.override("zh-hans"):
        expected = [gettext("Second-opinion report"), gettext("Coordinator"), gettext("Who opened the records")]
    assert all(text in html for text in expected), expected
    assert "Anna Petrova" in html and "Second-opinion report" not in html
    assert html.count("<tr>") == 2  # the header and the coordinator's read


# --- The staff's audit view -------------------------------------------------------------------------


def audit_url(**params) -> str:
    from urllib.parse import urlencode

    return reverse("cases:audit") + ("?" + urlencode(params) if params else "")


@pytest.fixture
def trail(case, coordinator, specialist, other_patient):
    audit.record_read(user=coordinator, case=case, what=ReadKind.CASE_PAGE)
    audit.record_read(user=specialist, case=case, what=ReadKind.MDT_PANEL)
    audit.record_refusal(user=other_patient, reference="=HYPERLINK(1)", reason=audit.NOT_VISIBLE)
    old = AccessRecord.objects.filter(reader=specialist)
    AccessRecord.objects.create(
        **{f: getattr(old.get(), f) for f in ("case_id", "case_reference", "reader_id", "reader_email", "reader_role")},
        what=ReadKind.RECORD,
        at=timezone.now() - datetime.timedelta(days=40),
    )


def table_rows(response) -> int:
    html = response.content.decode()
    return html.split("<tbody>")[1].count("<tr") if "<tbody>" in html else 0


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 4),
        ({"reference": "mdt-nothing"}, 0),
        ({"reader": "onc@"}, 2),
        ({"what": "mdt_panel"}, 1),
        ({"refused": "on"}, 1),
        ({"since": (timezone.now() - datetime.timedelta(days=2)).date().isoformat()}, 3),
        ({"until": (timezone.now() - datetime.timedelta(days=2)).date().isoformat()}, 1),
    ],
)
def test_coordinator_filters_the_trail(trail, coordinator, params, expected):
    response = as_user(coordinator).get(audit_url(**params))
    assert response.status_code == 200
    assert table_rows(response) == expected


def test_filter_by_case_reference(trail, case, coordinator):
    response = as_user(coordinator).get(audit_url(reference=case.reference.lower()))
    assert table_rows(response) == 3


def test_csv_export_streams_the_filtered_rows_and_defuses_formulas(trail, case, coordinator):
    response = as_user(coordinator).get(audit_url(refused="on", format="csv"))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == audit.CSV_HEADER
    assert len(rows) == 2 and rows[1][1] == "'=HYPERLINK(1)" and rows[1][5] == "refused"
    assert rows[1][8] == audit.NOT_VISIBLE


def test_the_page_costs_the_same_queries_however_many_rows(case, coordinator, django_assert_num_queries):
    client = as_user(coordinator)
    client.get(audit_url())  # warm the session

    def add(n):
        for _ in range(n):
            audit.record_read(user=coordinator, case=case, what=ReadKind.CASE_PAGE)

    add(2)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(audit_url())
    add(120)
    with django_assert_num_queries(len(few)):
        response = client.get(audit_url(page=2))
    assert table_rows(response) == 50


@pytest.mark.parametrize("who", ["patient", "specialist"])
def test_patients_and_specialists_cannot_open_the_audit_view(who, patient, specialist):
    user = {"patient": patient, "specialist": specialist}[who]
    assert as_user(user).get(audit_url()).status_code in (403, 404)
    assert as_user(user).get(audit_url(format="csv")).status_code in (403, 404)


def test_staff_navigation_links_to_the_audit_view_for_coordinators_only(coordinator, specialist):
    assert reverse("cases:audit") in as_user(coordinator).get(reverse("cases:queue")).content.decode()
    assert reverse("cases:audit") not in as_user(specialist).get(reverse("reports:mdt_cases")).content.decode()


@pytest.mark.parametrize(
    ("url_name", "detail"), [("cases:responses", "responses"), ("intake:biomarker_records", "biomarkers")]
)
def test_the_coordinators_responses_and_biomarker_pages_are_reads_in_the_trail(case, coordinator, url_name, detail):
    response = as_user(coordinator).get(reverse(url_name, args=[case.reference]))
    assert response.status_code == 200
    row = AccessRecord.objects.get()
    assert (row.what, row.case_id, row.reader_id, row.detail) == (ReadKind.CASE_PAGE, case.pk, coordinator.pk, detail)


def test_a_responses_form_sent_back_with_a_mistake_is_a_read_in_the_trail(case, coordinator):
    """The page shown again after an invalid entry shows every assessment and measurement: it is a read too."""
    response = as_user(coordinator).post(
        reverse("cases:responses", args=[case.reference]), {"criteria": "recist1.1", "measurements": "{not json"}
    )
    assert response.status_code == 200  # shown again, with the mistake named
    row = AccessRecord.objects.get()
    assert (row.what, row.reader_id, row.detail) == (ReadKind.CASE_PAGE, coordinator.pk, "responses")
