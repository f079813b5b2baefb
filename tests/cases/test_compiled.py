"""Queries compiled once per process (cases.compiled, issue 16): the rows and the access are what the ORM gives,
for every user and case, and a change shows on the next request."""

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.forms.models import model_to_dict
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from cases import compiled
from cases.access import get_case_for
from cases.assessment import CLINICAL_RELATIONS, with_clinical
from cases.models import Case, CaseAssignment, CaseCaregiver, State
from tests.factories import UserFactory, add_document, complete_case

pytestmark = pytest.mark.django_db


def _submitted_case(owner):
    case = complete_case(owner)
    Case.objects.filter(pk=case.pk).update(state=State.IN_TRIAGE)
    return case


def _as_values(rows) -> list[dict]:
    return [{**model_to_dict(row), "pk": row.pk} for row in rows]


def test_the_case_page_shows_each_cases_own_clinical_rows(patient, other_patient):
    cases = [complete_case(patient), complete_case(other_patient)]
    add_document(cases[0], "pathology_report")
    add_document(cases[1], "lab_results")
    for case in cases:
        kept = with_clinical(Case.objects.get(pk=case.pk))
        read = Case.objects.get(pk=case.pk)
        prefetch_related_objects([read], *CLINICAL_RELATIONS)
        for name in CLINICAL_RELATIONS:
            assert _as_values(getattr(kept, name).all()) == _as_values(getattr(read, name).all()), name
        document = kept.documents.all()[0]
        assert isinstance(document.metadata, dict)  # a JSON column converted as the ORM converts it
        with CaptureQueriesContext(connection) as queries:
            assert document.case is kept
            assert list(kept.biomarkers.all())
        assert not queries.captured_queries


def test_a_specialist_sees_a_case_once_assigned_and_not_after(patient):
    case = _submitted_case(patient)
    specialist, colleague = UserFactory(role="specialist"), UserFactory(role="specialist")
    with pytest.raises(Http404):
        get_case_for(specialist, case.reference)
    assignment = CaseAssignment.objects.create(case=case, specialist=specialist, discipline="pathology")
    assert get_case_for(specialist, case.reference).pk == case.pk
    with pytest.raises(Http404):
        get_case_for(colleague, case.reference)  # the same SQL, another specialist
    assignment.delete()
    with pytest.raises(Http404):
        get_case_for(specialist, case.reference)


def test_a_caregiver_sees_the_case_while_invited_and_not_after_revocation(patient, other_patient):
    case = complete_case(patient)
    with pytest.raises(Http404):
        get_case_for(other_patient, case.reference)
    caregiver = CaseCaregiver.objects.create(
        case=case, email=other_patient.email, invited_by=patient, user=other_patient, token_hash="a" * 64
    )
    shown = get_case_for(other_patient, case.reference)
    assert shown.pk == case.pk and shown.acting_caregiver is True
    assert get_case_for(patient, case.reference).acting_caregiver is False
    caregiver.revoked_at = shown.created_at
    caregiver.save()
    with pytest.raises(Http404):
        get_case_for(other_patient, case.reference)


def test_a_query_with_a_value_written_into_its_sql_is_not_kept(patient):
    case = complete_case(patient)

    def build(case_id):
        return Case.objects.extra(where=[f"id = {int(case_id)}"])  # noqa: S610  # the value in the SQL itself

    assert compiled.rows(Case, ("test", "written in"), build, [case.pk]) is None


def test_the_timeline_names_each_events_actor_and_hides_internal_ones_from_the_patient(patient, coordinator):
    from cases.models import CaseEvent

    case = _submitted_case(patient)
    CaseEvent.objects.create(case=case, actor=coordinator, kind="message", message="public")
    CaseEvent.objects.create(case=case, actor=coordinator, kind="message", message="internal", internal=True)
    CaseEvent.objects.create(case=case, actor=None, kind="message", message="by nobody")

    def public(q):
        return q.select_related("actor").filter(internal=False)

    for _ in range(2):  # compiled, then kept
        shown = compiled.related_rows(case, "events", key=("test", "public"), shape=public)
        assert _as_values(shown) == _as_values(public(case.events.all()))
        with CaptureQueriesContext(connection) as queries:
            assert [(e.message, e.actor) for e in shown] == [("public", coordinator), ("by nobody", None)]
            assert all(e.case is case for e in shown)
        assert not queries.captured_queries


def test_two_shapes_of_one_relation_never_share_their_sql_whatever_their_keys(patient, coordinator):
    from cases.models import CaseEvent

    case = _submitted_case(patient)
    CaseEvent.objects.create(case=case, actor=coordinator, kind="message", message="public")
    CaseEvent.objects.create(case=case, actor=coordinator, kind="message", message="internal", internal=True)

    def everything(q):
        return q.order_by("pk")

    def public(q):
        return q.filter(internal=False).order_by("pk")

    # The same key by mistake: the patient's shape still hides the internal event.
    assert [e.message for e in compiled.related_rows(case, "events", key=("same",), shape=everything)] == [
        "public",
        "internal",
    ]
    assert [e.message for e in compiled.related_rows(case, "events", key=("same",), shape=public)] == ["public"]
