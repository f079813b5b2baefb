"""Urgency reads the progression code of every criteria, not only "PD".

Confirmed progression (iCPD, PMD, PD under any criteria, ELN relapse, PCWG3 and GCIG confirmed progression) is
urgent; the criteria's own "confirm at the next assessment" step (iUPD, RANO 2.0 preliminary PD, PCWG3 and GCIG
unconfirmed, ELN MRD relapse) is a medium flag, so high priority and not urgent; a category beside it is no flag.
"""

import pytest

from cases.clinical.lines import ORDER
from cases.clinical.response import CRITERIA, examples
from cases.clinical.response.categories import (
    CONFIRMED_PROGRESSION,
    LABELS,
    UNCONFIRMED_PROGRESSION,
    category_label,
)
from cases.clinical.urgency import suggested_priority, urgency_flags
from tests.cases.clinical.cases_helpers import TODAY, case

CONFIRMED = [
    ("recist1.1", "PD"),
    ("mrecist", "PD"),
    ("irecist", "iCPD"),
    ("lugano2014", "PMD"),
    ("lugano2014_ct", "PD"),
    ("rano2", "PD"),
    ("iwcll2018", "PD"),
    ("imwg2016", "PD"),
    ("eln2022", "PD"),
    ("eln2022", "relapse"),
    ("pcwg3", "radiographic_PD"),
    ("pcwg3", "PSA_progression"),
    ("gcig_ca125", "CA125_progression"),
]
UNCONFIRMED = [
    ("irecist", "iUPD"),
    ("rano2", "preliminary_PD"),
    ("pcwg3", "PD_unconfirmed"),
    ("gcig_ca125", "progression_unconfirmed"),
    ("eln2022", "MRD_relapse"),
]
# The category just better than progression in each criteria's table: no progression flag.
BESIDE = [
    ("recist1.1", "SD"),
    ("mrecist", "SD"),
    ("irecist", "iSD"),
    ("lugano2014", "NMR"),
    ("lugano2014_ct", "SD"),
    ("rano2", "SD"),
    ("iwcll2018", "SD"),
    ("imwg2016", "SD"),
    ("eln2022", "PR"),
    ("pcwg3", "no_progression"),
    ("gcig_ca125", "no_response"),
]


def flags(criteria, code):
    return urgency_flags(case(latest_derived_response=code, latest_derived_criteria=criteria), today=TODAY)


@pytest.mark.parametrize(("criteria", "code"), CONFIRMED)
def test_confirmed_progression_of_every_criteria_is_urgent(criteria, code):
    found = flags(criteria, code)
    assert [f.code for f in found] == ["progression_on_therapy"]
    assert suggested_priority(found) == "urgent"
    # The reason names the category in words, not only its code.
    assert category_label(criteria, code) in found[0].reason % found[0].params


@pytest.mark.parametrize(("criteria", "code"), UNCONFIRMED)
def test_progression_still_to_be_confirmed_is_high_not_urgent(criteria, code):
    found = flags(criteria, code)
    assert [f.code for f in found] == ["unconfirmed_progression"]
    assert suggested_priority(found) == "high"
    assert "to be confirmed" in found[0].reason % found[0].params


@pytest.mark.parametrize(("criteria", "code"), BESIDE)
def test_the_category_beside_progression_raises_no_flag(criteria, code):
    assert flags(criteria, code) == []


def test_iupd_then_icpd_moves_the_case_from_high_to_urgent():
    assert suggested_priority(flags("irecist", "iUPD")) == "high"
    assert suggested_priority(flags("irecist", "iCPD")) == "urgent"


def test_eln_no_response_is_refractory_disease_at_high_priority():
    found = flags("eln2022", "NR")
    assert [f.code for f in found] == ["refractory_disease"]
    assert suggested_priority(found) == "high"


@pytest.mark.parametrize("code", ["iCR", "CMR", "sCR", "CR_MRD_neg", "CRi"])
def test_remission_of_other_criteria_quiets_an_old_rapid_growth_tempo(code):
    assert urgency_flags(case(growth_tempo="rapid", latest_derived_response=code), today=TODAY) == []


def test_every_progression_code_is_a_category_some_criteria_gives():
    given = {code for order in ORDER.values() for code in order}
    assert CONFIRMED_PROGRESSION | UNCONFIRMED_PROGRESSION <= given
    assert {c for _, c in CONFIRMED + UNCONFIRMED} == CONFIRMED_PROGRESSION | UNCONFIRMED_PROGRESSION


def test_every_category_any_criteria_gives_has_a_label():
    given = {code for order in ORDER.values() for code in order}
    assert given - set(LABELS) == set()
    assert set(ORDER) == set(CRITERIA)


def test_the_worked_examples_derive_labelled_categories():
    for criteria, data in examples.EXAMPLES.items():
        code = CRITERIA[criteria](data).category
        assert category_label(criteria, code) != code, (criteria, code)


@pytest.mark.parametrize(
    ("criteria", "code", "chinese"),
    [("irecist", "iCPD", "已确认的疾病进展（iCPD）"), ("lugano2014", "PMD", "代谢进展（PMD）")],
)
def test_the_coordinator_reads_the_progression_reason_in_chinese(criteria, code, chinese):
    from django.utils import translation

    from cases.assessment import render

    (flag,) = flags(criteria, code)
    with translation.override("zh-hans"):
        text = render(flag.reason, flag.params)
    assert text == f"最近一次疗效评估为进展：{chinese}（由测量结果推算）"
