"""A case page or an intake step read again with nothing changed is the kept page, and it is exactly the page a
fresh rendering gives (cases.page_memo, issue 16).

Every kind of write a page can show changes its stamp, through the database's triggers, however it is written; each
reader, language and day has their own page; access is checked and the read recorded on every request; what is
shown once (messages, input kept from a refused form, what is new since the last look) is never kept.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import page_memo
from cases.models import (
    AccessRecord,
    Biomarker,
    CaseAssignment,
    CaseCaregiver,
    CaseMessage,
    CaseNote,
    EcogRecord,
    LabResult,
    PageChange,
    State,
    TreatmentLine,
)
from tests.factories import UserFactory, add_document, complete_case

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"')
SECONDS = re.compile(r'data-seconds-left="[^"]*"')


def case_url(case):
    return reverse("intake:case_detail", args=[case.reference])


def step_url(case, step="biomarkers"):
    return reverse("intake:step", args=[case.reference, step])


def same_page(html: str) -> str:
    """The page without what differs on every request by design (the CSRF token's mask, the session's clock)."""
    return SECONDS.sub("", TOKEN.sub(r"\1TOKEN", html))


def fresh(client, url, settings) -> str:
    settings.PAGE_MEMO_MB = 0
    try:
        return client.get(url).content.decode()
    finally:
        settings.PAGE_MEMO_MB = 32


def read_twice(client, url):
    """The page rendered (and kept), then read again: the second reading's HTML and its number of queries."""
    first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200
    return first.content.decode(), second.content.decode(), len(queries.captured_queries)


@pytest.fixture
def submitted(patient, coordinator):
    case = complete_case(patient, patient_name="Aigerim Nurlanovna")
    type(case).objects.filter(pk=case.pk).update(state=State.IN_TRIAGE, coordinator=coordinator)
    case.refresh_from_db()
    add_document(case, "pathology_report", datetime.date(2026, 1, 5), name="Biopsy.pdf")
    CaseNote.objects.create(case=case, author=coordinator, body="First internal note")
    return case


@pytest.fixture
def coordinator_client(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


def test_the_patients_case_page_read_again_is_the_kept_page_and_costs_no_rendering(patient_client, submitted, settings):
    first, second, queries = read_twice(patient_client, case_url(submitted))
    assert same_page(second) == same_page(first) == same_page(fresh(patient_client, case_url(submitted), settings))
    # session, user, the case with the access rule, the stamp: no clinical table read again
    assert queries <= 5


def test_the_coordinators_case_page_read_again_is_the_kept_page(coordinator_client, submitted, settings):
    coordinator_client.get(case_url(submitted))  # the first look marks everything as seen
    first, second, queries = read_twice(coordinator_client, case_url(submitted))
    assert same_page(second) == same_page(first) == same_page(fresh(coordinator_client, case_url(submitted), settings))
    assert "First internal note" in second
    assert queries <= 9  # the read is still recorded, the last look still written


def test_the_intake_step_read_again_is_the_kept_page(patient_client, patient, settings):
    draft = complete_case(patient)
    first, second, queries = read_twice(patient_client, step_url(draft))
    assert same_page(second) == same_page(first) == same_page(fresh(patient_client, step_url(draft), settings))
    assert queries <= 5


def test_a_kept_page_carries_this_requests_csrf_token_and_its_forms_still_post(coordinator_client, submitted):
    coordinator_client.get(case_url(submitted))
    coordinator_client.get(case_url(submitted))
    kept = coordinator_client.get(case_url(submitted)).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept)
    assert tokens and all(len(t) == 64 for t in tokens)
    assert "mdtcsrf" not in kept and "mdtseconds" not in kept
    seconds = re.search(r'data-seconds-left="(\d+)"', kept)
    assert seconds and int(seconds.group(1)) > 0
    # A form on the kept page posts with its token under the real CSRF check.
    checked = Client(enforce_csrf_checks=True)
    checked.cookies = coordinator_client.cookies
    page = checked.get(case_url(submitted)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = checked.post(
        reverse("cases:note_add", args=[submitted.reference]),
        {"csrfmiddlewaretoken": token, "body": "Posted from a kept page"},
    )
    assert response.status_code in (200, 302)
    assert CaseNote.objects.filter(case=submitted, body="Posted from a kept page").exists()


WRITES = {
    "a biomarker added": lambda case, who: Biomarker.objects.create(case=case, marker="KRAS", result="detected"),
    "a biomarker changed with QuerySet.update": lambda case, who: Biomarker.objects.filter(case=case).update(
        result="not_detected"
    ),
    "a biomarker removed": lambda case, who: Biomarker.objects.filter(case=case).delete(),
    "a treatment line changed": lambda case, who: TreatmentLine.objects.filter(case=case).update(regimen="FOLFIRI"),
    "a lab result added": lambda case, who: LabResult.objects.create(
        case=case, test="alt", value=71, unit="U/L", measured_on=datetime.date(2026, 2, 1)
    ),
    "an ECOG record added": lambda case, who: EcogRecord.objects.create(
        case=case, ecog=3, measured_on=datetime.date(2026, 2, 1)
    ),
    "the case changed with QuerySet.update": lambda case, who: (
        type(case).objects.filter(pk=case.pk).update(patient_name="Renamed Patient")
    ),
    "a record added": lambda case, who: add_document(case, "imaging_report", name="CT chest.pdf"),
    "a record renamed": lambda case, who: case.documents.update(original_name="Renamed biopsy.pdf"),
    "a message posted": lambda case, who: CaseMessage.objects.create(case=case, author=who, body="A new message"),
    "a note added": lambda case, who: CaseNote.objects.create(case=case, author=who, body="Another note"),
    "a note edited": lambda case, who: CaseNote.objects.filter(case=case).update(body="Edited note"),
    "a specialist assigned": lambda case, who: CaseAssignment.objects.create(
        case=case, specialist=UserFactory(role="specialist", discipline="pathology"), discipline="pathology"
    ),
    "a caregiver invited": lambda case, who: CaseCaregiver.objects.create(
        case=case, email="carer@example.org", invited_by=case.owner
    ),
    "the patient renamed": lambda case, who: (
        type(case.owner).objects.filter(pk=case.owner_id).update(first_name="Renamed")
    ),
    "the coordinator renamed": lambda case, who: type(who).objects.filter(pk=who.pk).update(last_name="Newname"),
}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("reader", ["patient", "coordinator"])
def test_after_any_write_the_page_is_what_a_fresh_rendering_gives(
    write, reader, submitted, patient_client, coordinator_client, coordinator, settings
):
    client = patient_client if reader == "patient" else coordinator_client
    url = case_url(submitted)
    client.get(url)
    client.get(url)  # kept
    before = page_memo.stamp(submitted.pk)
    WRITES[write](submitted, coordinator)
    assert page_memo.stamp(submitted.pk) != before, write
    after = client.get(url).content.decode()
    # A member of staff sees the change marked as new once; after that look the page is kept again.
    again = client.get(url).content.decode()
    assert same_page(again) == same_page(fresh(client, url, settings)), write
    if reader == "patient":
        assert same_page(after) == same_page(again), write


def test_the_step_shows_a_change_made_elsewhere_at_once(patient_client, patient, settings):
    draft = complete_case(patient)
    patient_client.get(step_url(draft))
    patient_client.get(step_url(draft))
    Biomarker.objects.create(case=draft, marker="BRAF", result="detected", alterations="V600E")
    page = patient_client.get(step_url(draft)).content.decode()
    assert same_page(page) == same_page(fresh(patient_client, step_url(draft), settings))
    assert "V600E" in page


def test_last_login_alone_changes_no_page(patient, submitted):
    before = page_memo.stamp(submitted.pk)
    type(patient).objects.filter(pk=patient.pk).update(last_login=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))
    assert page_memo.stamp(submitted.pk) == before
    type(patient).objects.filter(pk=patient.pk).update(email="new-address@example.org")
    assert page_memo.stamp(submitted.pk) != before


def test_each_reader_has_their_own_page(submitted, coordinator):
    other = UserFactory(role="coordinator", email="second-coordinator@example.org")
    mine, theirs = Client(), Client()
    mine.force_login(coordinator)
    theirs.force_login(other)
    for _ in range(2):
        assert coordinator.email in mine.get(case_url(submitted)).content.decode()
        page = theirs.get(case_url(submitted)).content.decode()
        assert other.email in page and coordinator.email not in page.split("</nav>")[0]


def test_access_is_checked_and_the_read_recorded_on_every_request(submitted, specialist):
    assignment = CaseAssignment.objects.create(case=submitted, specialist=specialist, discipline="medical_oncology")
    client = Client()
    client.force_login(specialist)
    for n in range(1, 4):
        assert client.get(case_url(submitted)).status_code == 200
        assert AccessRecord.objects.filter(case=submitted, reader=specialist).count() == n
    assignment.delete()
    assert client.get(case_url(submitted)).status_code == 404


def test_each_language_has_its_own_page(patient_client, submitted):
    english = patient_client.get(case_url(submitted), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    patient_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    chinese = patient_client.get(case_url(submitted)).content.decode()
    chinese_again = patient_client.get(case_url(submitted)).content.decode()
    assert 'lang="zh-hans"' in chinese and 'lang="zh-hans"' in chinese_again
    patient_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in patient_client.get(case_url(submitted)).content.decode()
    assert 'lang="en"' in english


def test_a_message_shown_once_is_shown_and_not_kept(coordinator_client, submitted):
    coordinator_client.get(case_url(submitted))
    coordinator_client.get(case_url(submitted))
    response = coordinator_client.post(reverse("cases:note_add", args=[submitted.reference]), {"body": "Noted"})
    assert response.status_code == 302
    page = coordinator_client.get(case_url(submitted)).content.decode()
    assert "Note added." in page and "Noted" in page
    again = coordinator_client.get(case_url(submitted)).content.decode()
    assert "Note added." not in again and "Noted" in again
    assert "Note added." not in coordinator_client.get(case_url(submitted)).content.decode()


def test_what_is_new_since_the_last_look_is_shown_once(coordinator_client, patient_client, submitted):
    coordinator_client.get(case_url(submitted))
    coordinator_client.get(case_url(submitted))  # kept
    CaseMessage.objects.create(case=submitted, author=submitted.owner, body="My scan is booked")
    marked = coordinator_client.get(case_url(submitted)).content.decode()
    assert 'id="changes-since"' in marked
    assert 'id="changes-since"' not in coordinator_client.get(case_url(submitted)).content.decode()
    assert 'id="changes-since"' not in coordinator_client.get(case_url(submitted)).content.decode()


def test_input_kept_from_a_refused_form_comes_back_in_the_page(coordinator_client, submitted):
    coordinator_client.get(case_url(submitted))
    coordinator_client.get(case_url(submitted))
    session = coordinator_client.session
    session[f"unsent:{submitted.reference}:note"] = {"body": "Typed before the refusal"}
    session.save()
    assert "Typed before the refusal" in coordinator_client.get(case_url(submitted)).content.decode()
    assert "Typed before the refusal" not in coordinator_client.get(case_url(submitted)).content.decode()


def test_turned_off_every_page_is_rendered(patient_client, submitted, settings):
    settings.PAGE_MEMO_MB = 0
    patient_client.get(case_url(submitted))
    with CaptureQueriesContext(connection) as queries:
        patient_client.get(case_url(submitted))
    assert len(queries.captured_queries) > 5
    assert len(page_memo.STORE) == 0


def test_the_store_keeps_to_its_size():
    store = page_memo._Store()
    limit = 3 * page_memo.READER_SHARE * page_memo._held(("page", "/", 99), "x" * 1000) + 10  # 3 pages a share
    for n in range(10, 40):  # thirty readers with a page each
        store.put(("page", "/", n), "x" * 1000, limit=limit)
    assert len(store) == 3 * page_memo.READER_SHARE
    assert store.get(("page", "/", 39)) and store.get(("page", "/", 10)) is None


def test_one_reader_keeps_to_their_share():
    store = page_memo._Store()
    page = "x" * 1000
    limit = 2 * page_memo.READER_SHARE * page_memo._held(("page", "/99", 1), page) + 10  # two pages a reader
    for n in range(10):
        store.put(("page", f"/{n}", 1), page, limit=limit)
    store.put(("page", "/", 2), page, limit=limit)
    assert len(store) == 3
    assert store.get(("page", "/9", 1)) and store.get(("page", "/8", 1)) and store.get(("page", "/0", 1)) is None
    assert store.get(("page", "/", 2))


def test_pruning_keeps_the_newest_change_of_each_case(submitted):
    Biomarker.objects.create(case=submitted, marker="KRAS", result="detected")
    Biomarker.objects.filter(case=submitted).update(result="not_detected")
    newest = page_memo.stamp(submitted.pk)
    assert page_memo.prune() > 0
    assert page_memo.stamp(submitted.pk) == newest
    assert PageChange.objects.filter(case_id=submitted.pk).count() == 1


def test_every_table_that_names_a_case_is_watched_or_left_out_with_a_reason():
    """A new model with a case foreign key must get its trigger (a migration calling page_memo.install)."""
    from importlib import import_module

    watched = set(import_module("cases.migrations.0020_page_changes").TABLES)
    watched |= set(import_module("reports.migrations.0008_page_changes").TABLES)
    naming_a_case = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if target is not None and target._meta.db_table in ("cases_case", "cases_casemessage", "reports_consensus"):
                naming_a_case.add(model._meta.db_table)
    naming_a_case.discard("cases_pagechange")
    assert naming_a_case - watched - page_memo.NOT_TRACKED == set()
    with connection.cursor() as cursor:
        for table in watched | {page_memo.PEOPLE_TABLE}:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE 'mdt_pc_%%'", [table]
                )
            else:
                cursor.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name LIKE 'mdt_pc_%%'",
                    [table],
                )
            assert cursor.fetchone()[0] >= 1, table


def test_a_changed_template_or_setting_drops_every_kept_page(patient_client, submitted, settings):
    from pathlib import Path

    from django.utils.autoreload import file_changed

    patient_client.get(case_url(submitted))
    assert len(page_memo.STORE) == 1
    file_changed.send(sender=None, file_path=Path("intake/templates/intake/case_detail.html"))
    assert len(page_memo.STORE) == 0
    patient_client.get(case_url(submitted))
    settings.SESSION_WARNING_SECONDS = 120
    assert len(page_memo.STORE) == 0


def test_the_last_look_on_a_kept_page_is_written_at_most_once_a_minute(coordinator_client, coordinator, submitted):
    from cases.models import CaseSeen

    def last_look():
        return CaseSeen.objects.get(case=submitted, user=coordinator).at

    coordinator_client.get(case_url(submitted))
    coordinator_client.get(case_url(submitted))  # rendered and kept, the look written
    rendered = last_look()
    with CaptureQueriesContext(connection) as queries:
        coordinator_client.get(case_url(submitted))  # kept: its look was written less than a minute ago
    assert last_look() == rendered
    assert not [q for q in queries.captured_queries if "cases_caseseen" in q["sql"]]
    key = next(iter(page_memo.STORE._pages))
    page_memo.STORE._looked[key] -= page_memo.LOOK_EVERY  # a minute later
    coordinator_client.get(case_url(submitted))
    assert last_look() > rendered
    # What the patient writes after that is new to the coordinator, on the next page.
    CaseMessage.objects.create(case=submitted, author=submitted.owner, body="Any news?")
    assert 'id="changes-since"' in coordinator_client.get(case_url(submitted)).content.decode()
