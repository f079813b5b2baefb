"""A choice's label on the pages (`get_FOO_display`, cases/models/choice_labels.py) is in the reader's language,
whichever language asked first, and a value outside the choices is shown as it is stored."""

import pytest
from django.utils import translation

from cases.models import Case, CaseAssignment, Document, State, User

pytestmark = pytest.mark.django_db  # a new Case draws its reference


def _in(language: str, read):
    with translation.override(language):
        return read()


def test_state_label_follows_each_readers_language():
    case = Case(state=State.IN_TRIAGE)
    english = _in("en", case.get_state_display)
    chinese = _in("zh-hans", case.get_state_display)
    assert english == "In triage"
    assert chinese != english
    assert chinese == _in("zh-hans", lambda: str(State.IN_TRIAGE.label))
    assert _in("en", case.get_state_display) == english


def test_document_kind_and_discipline_labels_are_translated():
    document = Document(kind="pathology_report")
    assignment = CaseAssignment(discipline="pathology")
    specialist = User(role="specialist", discipline="pathology")
    for read in (document.get_kind_display, assignment.get_discipline_display, specialist.get_discipline_display):
        assert _in("zh-hans", read) != _in("en", read)


def test_value_outside_the_choices_is_shown_as_stored():
    assert Case(state="no_such_state").get_state_display() == "no_such_state"
