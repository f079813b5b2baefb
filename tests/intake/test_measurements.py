import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cases.assessment import render_stored
from cases.models import ResponseAssessment, State
from intake.measurements import measurements_save
from tests.factories import complete_case

pytestmark = pytest.mark.django_db
SMALL_TARGET = {
    "baseline": [{"site": "liver", "nodal": False, "mm": 6}],
    "assessments": [[5]],
    "dates": [""],
    "nontarget": "present",
    "new_lesions": False,
}


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in Chinese leaves Chinese active in this thread (LocaleMiddleware); later tests expect English."""
    yield
    translation.deactivate()


def choose_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def post(client, case, **fields):
    data = {"nontarget": "present", "reported_category": "SD", **{k: str(v) for k, v in fields.items()}}
    return client.post(reverse("intake:measurements", args=[case.reference]), data, follow=True)


def test_measurements_give_the_recist_category_beside_what_the_patient_was_told(patient_client, draft):
    response = post(
        patient_client,
        draft,
        site_0="liver",
        base_0=60,
        mm_0_0=40,
        site_1="lung",
        base_1=40,
        mm_1_0=30,
        date_0="2026-09-01",
    )
    assessment = ResponseAssessment.objects.get(case=draft)
    assert assessment.derived_category == "PR"  # 100 mm -> 70 mm is -30.0%
    assert assessment.reported_category == "SD"
    assert render_stored(assessment.derived_explanation) == (
        "sum 70 mm, -30.0% from baseline 100 mm, -30.0% from nadir 100 mm: PR"
    )
    html = response.content.decode()
    assert 'id="derived-response"' in html and "PR" in html
    review = patient_client.get(reverse("intake:review", args=[draft.reference])).content.decode()
    assert 'id="derived-recist1.1"' in review


def test_just_short_of_thirty_percent_is_stable_disease(patient_client, draft):
    post(patient_client, draft, site_0="liver", base_0=100, mm_0_0="70.1")
    assert ResponseAssessment.objects.get(case=draft).derived_category == "SD"


def test_a_new_lesion_is_progression_and_the_table_comes_back_filled(patient_client, draft):
    post(patient_client, draft, site_0="liver", base_0=50, mm_0_0=20, new_lesions="on")
    assert ResponseAssessment.objects.get(case=draft).derived_category == "PD"
    page = patient_client.get(reverse("intake:measurements", args=[draft.reference]))
    assert page.context["form"].initial["site_0"] == "liver"
    assert 'value="liver"' in page.content.decode()


def test_a_too_small_target_is_explained(patient_client, draft):
    post(patient_client, draft, site_0="liver", base_0=6, mm_0_0=5)
    assessment = ResponseAssessment.objects.get(case=draft)
    assert assessment.derived_category == "INVALID"
    assert "10 mm" in render_stored(assessment.derived_explanation)


def test_measurements_entered_in_english_are_explained_in_chinese(patient_client, draft):
    choose_language(patient_client, "en")
    post(patient_client, draft, site_0="liver", base_0=60, mm_0_0=40, site_1="lung", base_1=40, mm_1_0=30)
    choose_language(patient_client, "zh-hans")
    chinese = "直径总和 70 mm，较基线 100 mm 变化 -30.0%，较最低值 100 mm 变化 -30.0%：PR"
    for url in ("intake:measurements", "intake:review"):
        html = patient_client.get(reverse(url, args=[draft.reference])).content.decode()
        assert chinese in html and "from baseline" not in html


def test_why_measurements_cannot_be_assessed_reads_in_the_coordinators_language(client, coordinator, patient):
    case = complete_case(patient, state=State.IN_TRIAGE)
    with translation.override("en"):
        measurements_save(case=case, data=SMALL_TARGET, reported_category="SD")
    client.force_login(coordinator)
    choose_language(client, "zh-hans")
    html = client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    assert "输入无效：baseline[0] 为 6 mm：非淋巴结靶病灶的最长径必须至少 10 mm" in html
    assert "must be at least" not in html


def test_an_explanation_saved_before_translations_still_shows(patient_client, draft):
    ResponseAssessment.objects.create(
        case=draft,
        data={},
        derived_category="PR",
        derived_explanation={"text": "sum 70 mm, -30.0% from baseline 100 mm: PR"},
    )
    html = patient_client.get(reverse("intake:review", args=[draft.reference])).content.decode()
    assert "(sum 70 mm, -30.0% from baseline 100 mm: PR)" in html


def test_a_chinese_patient_sees_the_derived_category_in_chinese_on_the_page_and_the_review(patient_client, draft):
    choose_language(patient_client, "zh-hans")
    response = post(
        patient_client,
        draft,
        site_0="liver",
        base_0=60,
        mm_0_0=40,
        site_1="lung",
        base_1=40,
        mm_1_0=30,
        date_0="2026-09-01",
    )
    assert ResponseAssessment.objects.get(case=draft).derived_category == "PR"
    html = response.content.decode()
    derived = html[html.index('id="derived-response"') :]
    alert = derived[: derived.index("<form")]
    assert "部分缓解（PR）" in alert, alert
    review = patient_client.get(reverse("intake:review", args=[draft.reference])).content.decode()
    shown = review[review.index('id="derived-recist1.1"') :]
    assert "部分缓解（PR）" in shown[: shown.index("</dd>")]
