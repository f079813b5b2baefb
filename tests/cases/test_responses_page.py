"""The coordinator's response assessments page: any criteria, explained at once, per line of therapy."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation

from cases.assessment import flags_for
from cases.clinical.urgency import suggested_priority
from cases.models import EcogRecord, ResponseAssessment, State, TreatmentLine
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(patient):
    return CaseFactory(owner=patient, state=State.IN_TRIAGE, submitted_at="2026-11-02T10:00Z", cancer_type="aml")


def url(case):
    return reverse("cases:responses", args=[case.reference])


ELN = {
    "prior_cr": True,
    "bm_blasts_pct": 12,
    "pretreatment_bm_blasts_pct": 60,
    "circulating_blasts": False,
    "extramedullary_disease": False,
    "anc_1e9_per_l": 1.2,
    "platelets_1e9_per_l": 120,
    "mrd": "positive",
}


def post(client, case, criteria, data, **extra):
    text = json.dumps(data) if not isinstance(data, str) else data
    payload = {"criteria": criteria, "measurements": text, **extra}
    return client.post(url(case), payload, follow=True)


def test_coordinator_enters_an_eln_assessment_and_sees_the_relapse_explained(client, coordinator, case):
    client.force_login(coordinator)
    page = post(client, case, "eln2022", ELN, assessed_on="2026-10-01", reported_category="CR")
    html = page.content.decode()
    row = ResponseAssessment.objects.get(case=case)
    assert row.derived_category == "relapse" and row.entered_by == coordinator
    assert row.assessed_on == datetime.date(2026, 10, 1)
    assert "haematologic relapse" in html and "marrow blasts 12%" in html


def test_an_input_the_criteria_cannot_judge_is_kept_with_every_reason(client, coordinator, case):
    client.force_login(coordinator)
    data = dict(ELN)
    del data["prior_cr"]
    html = post(client, case, "eln2022", data).content.decode()
    assert ResponseAssessment.objects.get(case=case).derived_category == "INVALID"
    assert "prior_cr is missing" in html


def test_malformed_json_is_refused_and_the_text_is_kept(client, coordinator, case):
    client.force_login(coordinator)
    html = post(client, case, "eln2022", '{"bm_blasts_pct": 3,').content.decode()
    assert not ResponseAssessment.objects.filter(case=case).exists()
    assert "not valid JSON" in html
    assert "bm_blasts_pct" in html  # what was typed is still in the form


def test_edit_and_remove(client, coordinator, case):
    client.force_login(coordinator)
    post(client, case, "eln2022", ELN)
    row = ResponseAssessment.objects.get(case=case)
    client.post(
        url(case) + f"?edit={row.pk}", {"criteria": "eln2022", "measurements": json.dumps({**ELN, "bm_blasts_pct": 2})}
    )
    row.refresh_from_db()
    assert row.derived_category == "CR"
    client.post(reverse("cases:response_delete", args=[case.reference, row.pk]))
    assert not ResponseAssessment.objects.filter(case=case).exists()


def test_per_line_outcome_and_ecog_history(client, coordinator, case):
    TreatmentLine.objects.create(case=case, regimen="7+3", start_date=datetime.date(2026, 1, 1), ongoing=True)
    client.force_login(coordinator)
    post(client, case, "eln2022", {**ELN, "prior_cr": False, "bm_blasts_pct": 2}, assessed_on="2026-02-01")
    post(client, case, "eln2022", ELN, assessed_on="2026-06-01")
    client.post(reverse("cases:ecog_add", args=[case.reference]), {"measured_on": "2026-06-01", "ecog": 2})
    html = client.get(url(case)).content.decode()
    assert EcogRecord.objects.get(case=case).ecog == 2
    assert "1 Jun 2026" in html and ">151<" in html.replace(" ", "")  # progression-free days, Jan 1 to Jun 1


def test_acute_leukaemia_lines_show_the_time_to_relapse_not_progression_free_time(client, coordinator, case):
    TreatmentLine.objects.create(case=case, regimen="7+3", start_date=datetime.date(2026, 1, 1), ongoing=True)
    client.force_login(coordinator)
    post(client, case, "eln2022", {**ELN, "prior_cr": False, "bm_blasts_pct": 2}, assessed_on="2026-02-01")
    post(client, case, "eln2022", ELN, assessed_on="2026-06-01")
    html = client.get(url(case)).content.decode()
    assert "Days from the line's start to relapse" in html and "Relapse or progression" in html
    assert "not ELN 2022 relapse-free survival" in html
    assert "Progression-free" not in html and "progression-free time" not in html
    with translation.override("zh-hans"):
        html = client.get(url(case), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "自该线治疗开始至复发的时间（天）" in html and "无进展时间" not in html


def test_solid_tumour_lines_keep_progression_free_time(client, coordinator, patient):
    case = CaseFactory(owner=patient, state=State.IN_TRIAGE, submitted_at="2026-11-02T10:00Z", cancer_type="nsclc")
    client.force_login(coordinator)
    html = client.get(url(case)).content.decode()
    assert "Progression-free (days)" in html and "to relapse" not in html


@pytest.mark.parametrize("who", ["patient", "specialist"])
def test_only_coordinators_enter_assessments(client, case, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(case), {"criteria": "eln2022", "measurements": json.dumps(ELN)}).status_code == 404
    assert not ResponseAssessment.objects.exists()


IRECIST_ICPD = {
    "baseline": [{"site": "liver", "nodal": False, "mm": 50}, {"site": "lung", "nodal": False, "mm": 40}],
    "assessments": [[50, 40], [60, 48], [65, 48]],
    "dates": ["2026-07-01", "2026-08-15", "2026-10-01"],
    "nontarget": "present",
    "new_lesions": False,
}


@pytest.mark.parametrize(
    ("last", "code", "flag", "priority"),
    [(65, "iCPD", "progression_on_therapy", "urgent"), (64, "iUPD", "unconfirmed_progression", "high")],
)
def test_an_irecist_assessment_sets_the_triage_priority(client, coordinator, patient, last, code, flag, priority):
    """iCPD (a further 5 mm after the iUPD) is urgent; 1 mm less stays iUPD, high priority."""
    case = CaseFactory(owner=patient, state=State.IN_TRIAGE, submitted_at="2026-11-02T10:00Z", cancer_type="melanoma")
    client.force_login(coordinator)
    data = json.loads(json.dumps(IRECIST_ICPD))
    data["assessments"][2][0] = last
    post(client, case, "irecist", data)
    assert ResponseAssessment.objects.get(case=case).derived_category == code
    flags = flags_for(case)
    assert [f.code for f in flags] == [flag]
    assert suggested_priority(flags) == priority
    case.refresh_from_db()
    assert case.suggested_priority == case.priority == priority  # the queue sorts on it at once


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Progressive metabolic disease (PMD)"), ("zh-hans", "代谢进展（PMD）")],
)
def test_a_new_category_is_shown_in_the_readers_language(client, coordinator, case, language, words):
    """The Lugano PET category is shown in words, in Chinese on a Chinese page (not the bare code)."""
    client.force_login(coordinator)
    lugano = {
        "deauville": 5,
        "uptake_vs_baseline": "increased",
        "residual_mass": True,
        "new_fdg_avid_lesions": True,
        "bone_marrow": "no_fdg_avid_disease",
        "timepoint": "end_of_treatment",
        "deauville_x": False,
    }
    post(client, case, "lugano2014", lugano)
    assert ResponseAssessment.objects.get(case=case).derived_category == "PMD"
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    try:
        html = client.get(url(case)).content.decode()
    finally:
        translation.activate("en")  # the request left its language active in this thread
    assert words in html


def test_the_latest_assessment_is_the_latest_scan_not_the_last_one_typed(coordinator, patient):
    """An old report typed in after a new one does not hide the progression the new one shows."""
    from cases.responses import response_save

    case = CaseFactory(owner=patient, state=State.IN_TRIAGE, submitted_at="2026-11-02T10:00Z", cancer_type="lymphoma")
    pmd = {
        "deauville": 5,
        "uptake_vs_baseline": "increased",
        "new_fdg_avid_lesions": True,
        "bone_marrow": "no_fdg_avid_disease",
    }
    cmr = {"deauville": 2, "new_fdg_avid_lesions": False, "bone_marrow": "no_fdg_avid_disease"}
    response_save(case=case, by=coordinator, criteria="lugano2014", data=pmd, assessed_on=datetime.date(2026, 10, 1))
    response_save(case=case, by=coordinator, criteria="lugano2014", data=cmr, assessed_on=datetime.date(2025, 3, 1))
    assert [f.code for f in flags_for(case)] == ["progression_on_therapy"]
    case.refresh_from_db()
    assert case.suggested_priority == "urgent"


def test_a_progression_without_per_scan_dates_is_dated_by_the_assessment(coordinator, patient):
    from cases.assessment import snapshot_for
    from cases.clinical.progression import latest_progression
    from cases.responses import response_save

    case = CaseFactory(owner=patient, state=State.IN_TRIAGE, submitted_at="2026-11-02T10:00Z", cancer_type="lymphoma")
    pmd = {"deauville": 5, "uptake_vs_baseline": "increased", "new_fdg_avid_lesions": True}
    pmd["bone_marrow"] = "no_fdg_avid_disease"
    response_save(case=case, by=coordinator, criteria="lugano2014", data=pmd, assessed_on=datetime.date(2026, 10, 1))
    assert latest_progression(snapshot_for(case)) == datetime.date(2026, 10, 1)
