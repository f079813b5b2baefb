"""The queue's saved views and bulk assignment: who may, what happens, and what is refused case by case."""

import re
from html import escape

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CaseAssignment, CaseEvent, SavedQueueView, State
from tests.cases.test_queue import QUEUE, make_case, make_cases, refs
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BULK = reverse("cases:queue_bulk_assign")
SAVE = reverse("cases:queue_view_save")


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def colleague(db):
    return UserFactory(role="coordinator", first_name="Mei", last_name="Chen")


@pytest.fixture
def oncologist(db):
    return UserFactory(role="specialist", discipline="medical_oncology", first_name="Ana", last_name="Ortiz")


@pytest.fixture
def pathologist(db):
    return UserFactory(role="specialist", discipline="pathology", first_name="Liu", last_name="Yang")


# --- Saved views ---------------------------------------------------------------------------------


def test_a_coordinator_saves_a_filter_and_sort_and_reopens_it(coordinator, patient):
    breast = make_case(patient, cancer_type="breast", priority="urgent")
    make_case(patient, cancer_type="nsclc")
    client = as_user(coordinator)
    html = client.get(QUEUE, {"cancer_type": "breast", "sort": "-waiting", "page": "1"}).content.decode()
    assert 'id="save-view"' in html
    response = client.post(SAVE, {"name": "Breast, newest", "query": "cancer_type=breast&sort=-waiting&page=1"})
    view = SavedQueueView.objects.get(user=coordinator)
    assert view.name == "Breast, newest" and view.query == "cancer_type=breast&sort=-waiting"  # the page is not kept
    assert response.url == f"{QUEUE}?cancer_type=breast&sort=-waiting"

    # Another day, from the bare queue: the view is listed and opens the same cases, shown as the current view.
    html = client.get(QUEUE).content.decode()
    assert f'href="?{view.query.replace("&", "&amp;")}"' in html and "Breast, newest" in html
    reopened = client.get(f"{QUEUE}?{view.query}")
    assert refs(reopened) == [breast.reference]
    assert 'aria-current="page">Breast, newest' in reopened.content.decode()
    assert 'id="save-view"' not in reopened.content.decode()  # already saved


def test_saving_under_the_same_name_replaces_the_view(coordinator):
    client = as_user(coordinator)
    client.post(SAVE, {"name": "Mine", "query": "needs_me=on"})
    client.post(SAVE, {"name": "Mine", "query": "priority=urgent"})
    assert list(SavedQueueView.objects.values_list("name", "query")) == [("Mine", "priority=urgent")]


def test_views_are_each_coordinators_own(coordinator, colleague):
    view = SavedQueueView.objects.create(user=colleague, name="Mei's urgent", query="priority=urgent")
    client = as_user(coordinator)
    assert "Mei&#x27;s urgent" not in client.get(QUEUE).content.decode()
    assert client.post(reverse("cases:queue_view_delete", args=[view.pk])).status_code == 404
    assert SavedQueueView.objects.filter(pk=view.pk).exists()
    as_user(colleague).post(reverse("cases:queue_view_delete", args=[view.pk]))
    assert not SavedQueueView.objects.filter(pk=view.pk).exists()


@pytest.mark.parametrize("role", ["patient", "specialist"])
def test_patients_and_specialists_cannot_save_views(role, request):
    user = request.getfixturevalue(role)
    assert as_user(user).post(SAVE, {"name": "x", "query": ""}).status_code == 403
    assert not SavedQueueView.objects.exists()


# --- Bulk assignment -----------------------------------------------------------------------------


def test_bulk_assign_a_coordinator_and_specialists_to_several_cases(
    coordinator, colleague, oncologist, pathologist, patient
):
    cases = make_cases(patient, 3, state=State.IN_TRIAGE)
    left_alone = make_case(patient, state=State.IN_TRIAGE)
    client = as_user(coordinator)
    html = client.get(QUEUE).content.decode()
    assert 'form="bulk-form"' in html and "Assign several cases at once" in html

    response = client.post(
        BULK,
        {
            "cases": [c.reference for c in cases],
            "coordinator": colleague.pk,
            "specialists": [oncologist.pk, pathologist.pk],
            "back": "sort=reference",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{QUEUE}?sort=reference"
    assert "Assigned on 3 cases" in response.content.decode()
    for case in cases:
        case.refresh_from_db()
        assert case.coordinator == colleague
        team = set(CaseAssignment.objects.filter(case=case).values_list("specialist__last_name", "discipline"))
        assert team == {("Ortiz", "medical_oncology"), ("Yang", "pathology")}
        assert CaseEvent.objects.filter(case=case, kind="coordinator", actor=coordinator).exists()
        assert CaseEvent.objects.filter(case=case, kind="assigned").count() == 2
    left_alone.refresh_from_db()
    assert left_alone.coordinator is None and not left_alone.assignments.exists()


def test_bulk_assign_skips_whom_a_case_already_has_and_names_cases_it_cannot_change(coordinator, oncologist, patient):
    open_case = make_case(patient, state=State.IN_TRIAGE)
    CaseAssignment.objects.create(case=open_case, specialist=oncologist, discipline="medical_oncology")
    issued = make_case(patient, state=State.REPORT_ISSUED)
    response = as_user(coordinator).post(
        BULK, {"cases": [open_case.reference, issued.reference], "specialists": [oncologist.pk]}, follow=True
    )
    html = response.content.decode()
    assert f"Assigned on 1 cases: {open_case.reference}" in html
    assert f"Not assigned on {issued.reference}" in html
    assert open_case.assignments.count() == 1 and not issued.assignments.exists()


def test_bulk_assign_needs_cases_and_someone_to_assign(coordinator, colleague, patient):
    case = make_case(patient, state=State.IN_TRIAGE)
    client = as_user(coordinator)
    assert "Tick at least one case" in client.post(BULK, {"coordinator": colleague.pk}, follow=True).content.decode()
    assert (
        "Choose a coordinator or at least one specialist"
        in client.post(BULK, {"cases": [case.reference]}, follow=True).content.decode()
    )


def test_a_specialist_cannot_be_made_coordinator_nor_a_patient_a_specialist(
    coordinator, oncologist, patient, patient_client
):
    case = make_case(patient, state=State.IN_TRIAGE)
    client = as_user(coordinator)
    client.post(BULK, {"cases": [case.reference], "coordinator": oncologist.pk})
    client.post(BULK, {"cases": [case.reference], "specialists": [patient.pk]})
    case.refresh_from_db()
    assert case.coordinator is None and not case.assignments.exists()


@pytest.mark.parametrize("role", ["patient", "specialist"])
def test_patients_and_specialists_cannot_bulk_assign(role, request, oncologist, patient):
    case = make_case(patient, state=State.IN_TRIAGE)
    user = request.getfixturevalue(role)
    response = as_user(user).post(BULK, {"cases": [case.reference], "specialists": [oncologist.pk]})
    assert response.status_code == 403
    assert not case.assignments.exists()


def test_a_case_the_coordinator_cannot_see_is_refused(coordinator, oncologist, patient):
    draft = make_case(patient, state=State.DRAFT, submitted_at=None)
    response = as_user(coordinator).post(
        BULK, {"cases": [draft.reference], "specialists": [oncologist.pk]}, follow=True
    )
    assert f"Not assigned on {draft.reference}" in response.content.decode()
    assert not draft.assignments.exists()


def test_the_filters_apply_as_they_change_and_without_javascript(coordinator, patient):
    client = as_user(coordinator)
    html = client.get(QUEUE).content.decode()
    # With JavaScript: htmx fetches the queue on each change and swaps in the results, keeping the URL.
    assert 'hx-get="/queue/"' in html and 'hx-target="#queue-results"' in html and 'hx-push-url="true"' in html
    partial = client.get(QUEUE, {"cancer_type": "breast"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="queue-results">') and "<html" not in partial
    # Without: the same form is a plain GET with its button.
    assert '<form method="get" id="queue-filters"' in html and "Apply filters" in html


# --- What the coordinator typed is never lost ------------------------------------------------------------------


def test_a_view_name_that_cannot_be_saved_comes_back_as_typed(coordinator, patient):
    make_case(patient, cancer_type="breast")
    client = as_user(coordinator)
    name = "Breast cases waiting on pathology & radiology <review> " * 2  # over the 80 characters a name may have
    response = client.post(SAVE, {"name": name, "query": "cancer_type=breast"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{QUEUE}?cancer_type=breast"
    assert "at most 80 characters" in html
    assert f'value="{escape(name)}"' in html
    assert not SavedQueueView.objects.exists()
    assert 'value="' + escape(name) not in client.get(f"{QUEUE}?cancer_type=breast").content.decode()  # once


def test_ticked_cases_and_choices_come_back_when_bulk_assign_cannot_act(coordinator, oncologist, patient):
    first, second, other = (make_case(patient, state=State.IN_TRIAGE) for _ in range(3))
    client = as_user(coordinator)
    # Specialists chosen, but a specialist named as coordinator: the form is refused as a whole.
    response = client.post(
        BULK,
        {"cases": [first.reference, second.reference], "coordinator": oncologist.pk, "specialists": [oncologist.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert ticked(html) == {first.reference, second.reference}
    assert re.search(rf'<input type="checkbox" name="specialists" value="{oncologist.pk}"[^>]* checked', html)
    assert re.search(r'<details [^>]*id="bulk-assign" open>', html)
    assert not first.assignments.exists()
    # Nobody chosen: refused by the service, the ticks still there.
    html = client.post(BULK, {"cases": [other.reference]}, follow=True).content.decode()
    assert "Choose a coordinator or at least one specialist" in html
    assert ticked(html) == {other.reference}
    assert ticked(client.get(QUEUE).content.decode()) == set()  # once only


def ticked(html: str) -> set[str]:
    return set(re.findall(r'name="cases" value="([^"]+)"[^>]* checked>', html))


def test_a_forged_bulk_form_does_not_fill_the_coordinators_session(coordinator, patient):
    case = make_case(patient, state=State.IN_TRIAGE)
    client = as_user(coordinator)
    junk = "x" * 8000
    client.post(BULK, {"cases": [case.reference, *[junk] * 100], "coordinator": junk, "specialists": [junk] * 500})
    kept = client.session["queue_typed"]
    assert kept == {"cases": [case.reference], "bulk": {"coordinator": "", "specialists": []}}
    assert len(client.session.encode(dict(client.session.items()))) < 2000
