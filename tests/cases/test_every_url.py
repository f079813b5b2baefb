"""Every URL that names a case, asked by everyone who may not see that case, in every state: a 404, never data.

The URLs are read from the URL configuration, so a page added later is checked too.
"""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import CaseAssignment, State, UploadSession
from tests.factories import CaseFactory, UserFactory, add_document

pytestmark = pytest.mark.django_db

# Values for the other parts of a case URL (the object ids point at this case's own objects).
FILLERS = {
    "step": "diagnosis",
    "disposition": "view",
    "version": 1,
    "part": "summary",
    "change": "chair",
    "assessment_id": 1,
}


def _case_urls(patterns=None, namespace=""):
    """(url name, its parameters) for every route with a case reference."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _case_urls(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and "<str:reference>" in str(entry.pattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name, entry.pattern.converters.keys()


def _url(name, params, case, objects):
    kwargs = {}
    for param in params:
        kwargs[param] = case.reference if param == "reference" else objects.get(param, FILLERS.get(param))
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def outsiders(other_patient):
    return {
        "other patient": other_patient,
        "unassigned specialist": UserFactory(email="rad@example.org", role="specialist", discipline="radiology"),
    }


def _case(patient, state, *, submitted=True):
    case = CaseFactory(owner=patient, state=state, submitted_at="2026-11-02T10:00Z" if submitted else None)
    document = add_document(case, "pathology_report")
    upload = UploadSession.objects.create(case=case, user=patient, kind="other", filename="x.pdf", length=10)
    return case, {"document_id": document.pk, "upload_id": upload.pk, "assignment_id": 1, "caregiver_id": 1}


def _refuses(client, user, urls):
    client.force_login(user)
    leaks = []
    for url in urls:
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (404, 405):
                leaks.append(f"{method.upper()} {url} -> {status}")
    return leaks


def test_the_url_list_covers_the_case_pages_files_fragments_and_tus():
    names = {name for name, _params in _case_urls()}
    for expected in (
        "intake:case_detail",
        "intake:document_file",
        "intake:tus_upload",
        "reports:packet_file",
        "reports:report_file",
        "reports:mdt_panel",
        "cases:priority",
        "reports:own_opinion",
    ):
        assert expected in names
    assert len(names) >= 35


@pytest.mark.parametrize("state", [s for s in State.values if s != State.DRAFT])
def test_people_outside_a_case_get_404_on_every_url(client, patient, outsiders, state):
    case, objects = _case(patient, state)
    urls = [_url(name, params, case, objects) for name, params in _case_urls()]
    for who, user in outsiders.items():
        assert _refuses(client, user, urls) == [], who


@pytest.mark.parametrize("state", [State.DRAFT, State.WITHDRAWN])
def test_nobody_but_its_patient_opens_a_case_that_was_never_submitted(client, patient, coordinator, state):
    case, objects = _case(patient, state, submitted=False)
    admin = UserFactory(email="root@example.org", role="admin", is_superuser=True, is_staff=True)
    urls = [_url(name, params, case, objects) for name, params in _case_urls()]
    for user in (coordinator, admin):
        assert _refuses(client, user, urls) == []
    # The admin site lists neither the case nor its records or timeline.
    for admin_list in (
        "admin:cases_case_changelist",
        "admin:cases_document_changelist",
        "admin:cases_caseevent_changelist",
    ):
        page = client.get(reverse(admin_list))
        assert page.status_code == 200 and case.reference not in page.content.decode(), admin_list
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code in (302, 404)


@pytest.mark.parametrize("state", [State.CLOSED, State.WITHDRAWN])
def test_a_specialist_of_an_ended_case_gets_404_on_every_case_url(client, patient, specialist, state):
    case, objects = _case(patient, state)
    CaseAssignment.objects.create(case=case, specialist=specialist, discipline="medical_oncology", is_chair=True)
    urls = [_url(name, params, case, objects) for name, params in _case_urls() if name != "reports:own_opinion"]
    assert _refuses(client, specialist, urls) == []


def test_a_reference_that_does_not_exist_is_a_404_too(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("intake:case_detail", args=[f"MDT-{uuid.uuid4().hex[:6].upper()}"])).status_code == 404
