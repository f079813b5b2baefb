"""A case page builds the case's clinical snapshot once a request, and again as soon as the case changes (issue 16)."""

import datetime
from decimal import Decimal

import pytest

from cases.assessment import completeness_for, snapshot_for, with_clinical
from tests.factories import UserFactory, complete_case

pytestmark = pytest.mark.django_db


def test_snapshot_is_built_once_for_a_loaded_case(django_assert_num_queries):
    case = with_clinical(complete_case(UserFactory()))
    first = snapshot_for(case)
    with django_assert_num_queries(0):
        assert snapshot_for(case) is first
        completeness_for(case)


def test_a_field_set_on_the_case_gives_a_new_snapshot():
    case = with_clinical(complete_case(UserFactory(), ecog=1))
    assert snapshot_for(case).ecog == 1
    case.ecog = 3
    assert snapshot_for(case).ecog == 3
    case.metastatic_sites.append("brain")  # a list changed in place
    assert "brain" in snapshot_for(case).metastatic_sites


def test_a_row_added_through_the_case_shows_in_the_next_snapshot():
    case = with_clinical(complete_case(UserFactory()))
    before = len(snapshot_for(case).labs)
    case.labs.create(test="creatinine", value=Decimal("1.1"), unit="mg/dL", measured_on=datetime.date(2026, 11, 1))
    assert len(snapshot_for(case).labs) == before + 1
    with_clinical(case)  # loaded again, as the next panel of the page would
    assert len(snapshot_for(case).labs) == before + 1


def test_a_case_without_its_rows_loaded_reads_them_each_time():
    case = complete_case(UserFactory())
    before = len(snapshot_for(case).labs)
    type(case).objects.get(pk=case.pk).labs.create(test="creatinine", value=Decimal("1.1"), unit="mg/dL")
    assert len(snapshot_for(case).labs) == before + 1
