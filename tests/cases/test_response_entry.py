"""The coordinator's own forms for iRECIST, Lugano 2014 PET and PCWG3 on /cases/<ref>/responses/ (JSON stays the
fallback): what is typed becomes the criteria's input, and a wrong or missing answer is named on its field."""

import datetime
import json
import re
from html import unescape

import pytest
from django.urls import reverse

from cases.clinical.response import assess
from cases.clinical.response.examples import EXAMPLES
from cases.models import ResponseAssessment, State
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(patient):
    return CaseFactory(owner=patient, state=State.IN_TRIAGE, submitted_at="2026-11-02T10:00Z", cancer_type="melanoma")


def url(case, **query):
    base = reverse("cases:responses", args=[case.reference])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def post(client, case, entry, fields, **query):
    payload = {"entry": entry, **{f"e-{k}": v for k, v in fields.items()}}
    return client.post(url(case, entry=entry, **query), payload, follow=True)


LUGANO = {
    "assessed": "2026-10-20",
    "timepoint": "end_of_treatment",
    "deauville": "4",
    "uptake_vs_baseline": "reduced",
    "bone_marrow": "no_fdg_avid_disease",
    "residual_mass": "on",
}


def test_lugano_pet_form_saves_the_criteria_input_and_shows_the_category_in_words(client, coordinator, case):
    client.force_login(coordinator)
    html = post(client, case, "lugano2014", LUGANO).content.decode()
    row = ResponseAssessment.objects.get(case=case)
    assert row.criteria == "lugano2014" and row.assessed_on == datetime.date(2026, 10, 20)
    assert row.data == {
        "deauville": 4,
        "timepoint": "end_of_treatment",
        "bone_marrow": "no_fdg_avid_disease",
        "new_fdg_avid_lesions": False,
        "residual_mass": True,
        "deauville_x": False,
        "uptake_vs_baseline": "reduced",
    }
    assert row.derived_category == assess("lugano2014", row.data).category == "PMR"
    assert "Partial metabolic response (PMR)" in html
    assert "residual disease" in html  # the end-of-treatment reading is explained


def test_deauville_4_without_the_uptake_is_refused_on_its_field_and_nothing_is_saved(client, coordinator, case):
    client.force_login(coordinator)
    page = post(client, case, "lugano2014", {**LUGANO, "uptake_vs_baseline": ""})
    html = page.content.decode()
    assert not ResponseAssessment.objects.filter(case=case).exists()
    assert 'id="entry-errors"' in html and "Nothing was saved" in html
    assert "At Deauville 4 or 5, say how the uptake compares with baseline." in html
    assert 'href="#id_e-uptake_vs_baseline"' in html  # the summary links to the field
    assert 'value="2026-10-20"' in html  # what was typed is kept


def irecist_fields(last=65, date_2="2026-10-01"):
    return {
        "site_0": "liver", "base_0": "50", "site_1": "lung", "base_1": "40",
        "mm_0_0": "50", "mm_1_0": "40", "date_0": "2026-07-01",
        "mm_0_1": "60", "mm_1_1": "48", "date_1": "2026-08-15",
        "mm_0_2": str(last), "mm_1_2": "48", "date_2": date_2,
        **{f"nontarget_{j}": "present" for j in range(4)},
    }  # fmt: skip


@pytest.mark.parametrize(("last", "expected"), [(65, "iCPD"), (64, "iUPD")])
def test_irecist_form_gives_the_series_and_icpd_at_a_further_5_mm(client, coordinator, case, last, expected):
    client.force_login(coordinator)
    html = post(client, case, "irecist", irecist_fields(last)).content.decode()
    row = ResponseAssessment.objects.get(case=case)
    assert row.criteria == "irecist" and row.derived_category == expected
    assert row.data["dates"] == ["2026-07-01", "2026-08-15", "2026-10-01"]
    assert row.data["baseline"][0] == {"site": "liver", "nodal": False, "mm": 50.0}
    assert row.assessed_on == datetime.date(2026, 10, 1)
    words = {"iCPD": "Confirmed progressive disease (iCPD)", "iUPD": "Unconfirmed progressive disease"}
    assert words[expected] in html


def test_irecist_edit_opens_the_form_filled_in_and_saves_over_the_same_row(client, coordinator, case):
    client.force_login(coordinator)
    post(client, case, "irecist", irecist_fields(64))
    row = ResponseAssessment.objects.get(case=case)
    html = client.get(url(case, edit=row.pk)).content.decode()
    assert 'data-criteria="irecist"' in html
    assert 'name="e-mm_0_2"' in html and 'value="64.0"' in html
    post(client, case, "irecist", irecist_fields(65), edit=row.pk)
    row.refresh_from_db()
    assert ResponseAssessment.objects.filter(case=case).count() == 1 and row.derived_category == "iCPD"


def test_irecist_form_names_each_missing_answer(client, coordinator, case):
    client.force_login(coordinator)
    fields = irecist_fields(date_2="")
    fields |= {"mm_2_0": "12", "new_count_1": "2"}  # a lesion without baseline; a count without "new lesions"
    html = post(client, case, "irecist", fields).content.decode()
    assert not ResponseAssessment.objects.filter(case=case).exists()
    assert "Give the date of this scan: it has measurements." in html
    assert "Give this lesion&#x27;s baseline size first" in html
    assert "Tick “new lesions” for this scan" in html


def test_a_target_lesion_under_10_mm_at_baseline_is_refused(client, coordinator, case):
    client.force_login(coordinator)
    html = post(client, case, "irecist", {**irecist_fields(), "base_1": "9"}).content.decode()
    assert "A target lesion must be at least 10 mm at baseline (RECIST 1.1)." in html
    assert not ResponseAssessment.objects.filter(case=case).exists()


def pcwg3_fields(example=EXAMPLES["pcwg3"]):
    fields = {"treatment_start": example["treatment_start"], "soft_tissue_recist": example["soft_tissue_recist"]}
    for i, row in enumerate(example["psa"]):
        fields |= {f"psa_date_{i}": row["date"], f"psa_{i}": str(row["ng_ml"])}
    for i, row in enumerate(example["bone_scans"]):
        fields |= {f"bone_date_{i}": row["date"], f"bone_new_{i}": str(row["new_lesions"])}
    return fields


def test_pcwg3_form_gives_what_the_json_gives(client, coordinator, case):
    client.force_login(coordinator)
    post(client, case, "pcwg3", pcwg3_fields())
    row = ResponseAssessment.objects.get(case=case)
    example = EXAMPLES["pcwg3"]
    assert row.data["psa"] == [{"date": p["date"], "ng_ml": float(p["ng_ml"])} for p in example["psa"]]
    assert row.derived_category == assess("pcwg3", example).category
    assert row.assessed_on == datetime.date(2025, 7, 29)  # the last value, for the per-line outcome


def test_pcwg3_half_filled_row_and_baseline_after_the_start_are_named(client, coordinator, case):
    client.force_login(coordinator)
    fields = {**pcwg3_fields(), "psa_2": "", "treatment_start": "2024-12-01"}
    html = post(client, case, "pcwg3", fields).content.decode()
    assert not ResponseAssessment.objects.filter(case=case).exists()
    assert "Give both the date and the value, or neither." in html
    assert "The first PSA value is the baseline: it must be on or before the treatment start." in html


def test_the_json_fallback_still_takes_any_criteria(client, coordinator, case):
    import json

    client.force_login(coordinator)
    page = client.get(url(case, entry="json")).content.decode()
    assert 'id="response-form"' in page
    payload = {"criteria": "gcig_ca125", "measurements": json.dumps(EXAMPLES["gcig_ca125"])}
    client.post(url(case), payload, follow=True)
    assert ResponseAssessment.objects.get(case=case).criteria == "gcig_ca125"


def test_the_forms_speak_the_coordinators_language(client, coordinator, case):
    from django.utils import translation

    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    try:
        html = client.get(url(case, entry="lugano2014")).content.decode()
        refused = post(client, case, "lugano2014", {**LUGANO, "uptake_vs_baseline": ""}).content.decode()
    finally:
        translation.activate("en")
    assert "Deauville 评分（最高残留摄取）" in html and "任意标准（JSON）" in html
    assert "Deauville 4 或 5 分时，请说明摄取与基线相比如何。" in refused


@pytest.mark.parametrize(
    ("cancer_type", "regimen", "expected"),
    [
        ("melanoma", "Nivolumab + ipilimumab", "irecist"),
        ("melanoma", "Dabrafenib + trametinib", "json"),
        ("prostate", "Enzalutamide", "pcwg3"),
        ("lymphoma", "R-CHOP", "lugano2014"),
    ],
)
def test_the_page_opens_on_the_form_for_the_cancer(client, coordinator, patient, cancer_type, regimen, expected):
    from cases.models import TreatmentLine

    case = CaseFactory(owner=patient, state=State.IN_TRIAGE, submitted_at="2026-11-02T10:00Z", cancer_type=cancer_type)
    TreatmentLine.objects.create(case=case, regimen=regimen, start_date=datetime.date(2026, 6, 1), ongoing=True)
    client.force_login(coordinator)
    html = client.get(url(case)).content.decode()
    if expected == "json":
        assert 'id="response-form"' in html and 'id="entry-form"' not in html
    else:
        assert f'data-criteria="{expected}"' in html


def test_an_assessment_the_form_cannot_hold_is_edited_as_json_and_keeps_every_time_point(client, coordinator, case):
    """An iRECIST row entered as JSON with more scans than the form shows (4) opens as JSON: a save from the form
    would have dropped the later scans."""
    client.force_login(coordinator)
    baseline = [{"site": "liver", "nodal": False, "mm": 40}]
    six = {
        "baseline": baseline,
        "assessments": [[40], [38], [36], [34], [30], [28]],
        "nontarget": ["present"] * 6,
        "new_lesions": [False] * 6,
    }
    row = ResponseAssessment.objects.create(case=case, criteria="irecist", data=six, derived_category="iSD")
    html = client.get(url(case, edit=row.pk)).content.decode()
    assert 'id="entry-form"' not in html and 'id="response-form"' in html  # the JSON form
    textarea = re.search(r'<textarea name="measurements"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea and json.loads(unescape(textarea.group(1)))["assessments"] == six["assessments"]  # every point
    four = {**six, "assessments": six["assessments"][:4], "nontarget": ["present"] * 4, "new_lesions": [False] * 4}
    row.data = four
    row.save()
    fits = client.get(url(case, edit=row.pk)).content.decode()
    assert 'id="entry-form" data-criteria="irecist"' in fits  # fits: its own form
    row.data = {**four, "assessments": [[40], [{"site": "liver", "nodal": False, "mm": 38}], [36], [34]]}
    row.save()  # a lesion given as an object would come back as a bare number: JSON
    assert 'id="entry-form"' not in client.get(url(case, edit=row.pk)).content.decode()


def test_a_pcwg3_row_with_more_psa_values_than_the_form_is_edited_as_json(client, coordinator):
    client.force_login(coordinator)
    prostate = CaseFactory(owner=coordinator, state=State.IN_TRIAGE, submitted_at="2026-11-02T10:00Z")
    psa = [{"date": f"2026-0{m}-01", "ng_ml": 10 - m} for m in range(1, 10)]  # 9 values; the form has 8 rows
    row = ResponseAssessment.objects.create(case=prostate, criteria="pcwg3", data={"psa": psa}, derived_category="")
    html = client.get(url(prostate, edit=row.pk)).content.decode()
    assert 'id="entry-form"' not in html and 'id="response-form"' in html
    textarea = re.search(r'<textarea name="measurements"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea and len(json.loads(unescape(textarea.group(1)))["psa"]) == 9
