"""A new case never gets a reference another case already has."""

import pytest

from cases.models import Case
from cases.models import case as case_module
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_drawn_reference_that_is_taken_is_drawn_again(monkeypatch):
    taken = CaseFactory()
    draws = iter([taken.reference[4:], "ABCDEF"])  # the taken code first, then a free one
    monkeypatch.setattr(case_module, "_draw", lambda: next(draws))
    fresh = CaseFactory()
    assert fresh.reference == "MDT-ABCDEF"
    assert Case.objects.filter(reference=taken.reference).count() == 1
