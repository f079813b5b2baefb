"""The summary says which inputs the creatinine clearance still needs, not all four when some are known."""

import datetime

import pytest
from django.utils import translation

from cases.models import LabResult
from reports.documents.summary_condition import before_treatment
from tests.factories import complete_case

pytestmark = pytest.mark.django_db


def _crcl(case) -> str:
    [value] = [v for label, v in before_treatment(case) if label == "Creatinine clearance"]
    return value


def test_creatinine_clearance_names_only_the_missing_weight(patient):
    case = complete_case(patient)
    case.weight_kg = None
    case.save()
    LabResult.objects.create(case=case, test="creatinine", value="80", unit="µmol/L", measured_on=datetime.date.today())
    with translation.override("en"):
        assert _crcl(case) == "not computed: needs weight"
    with translation.override("zh-hans"):
        [value] = [v for label, v in before_treatment(case) if label == "肌酐清除率"]
        assert value == "未计算：需要体重"


def test_creatinine_clearance_names_creatinine_and_weight_when_both_are_missing(patient):
    case = complete_case(patient)
    case.weight_kg = None
    case.save()
    with translation.override("en"):
        assert _crcl(case) == "not computed: needs creatinine, weight"
