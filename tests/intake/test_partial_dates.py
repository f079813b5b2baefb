"""Dates as patients know them: a month and year, or only a year, kept and shown as entered."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases import partial_dates
from cases.models import Biomarker, Case, TreatmentLine
from intake.forms import DiagnosisForm, TreatmentLineForm
from reports.documents.summary import summary_pdf
from tests.helpers.pdfs import flat, page_texts
from tests.intake.test_steps import DIAGNOSIS, _treatment_post, step_url

pytestmark = pytest.mark.django_db


# --- What a patient may type --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored", "precision"),
    [
        ("2024-03-15", datetime.date(2024, 3, 15), "day"),
        ("2024-03", datetime.date(2024, 3, 1), "month"),
        ("2024/3", datetime.date(2024, 3, 1), "month"),
        ("2024", datetime.date(2024, 1, 1), "year"),
        ("03/2024", datetime.date(2024, 3, 1), "month"),
        ("March 2024", datetime.date(2024, 3, 1), "month"),
        ("15 Mar 2024", datetime.date(2024, 3, 15), "day"),
        ("2024年3月", datetime.date(2024, 3, 1), "month"),
        ("2024年3月15日", datetime.date(2024, 3, 15), "day"),
        ("2024年", datetime.date(2024, 1, 1), "year"),
    ],
)
def test_a_date_is_read_with_as_much_as_the_patient_knows(typed, stored, precision):
    value = partial_dates.parse(typed)
    assert value == stored and value.precision == precision


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("03/04/2024", partial_dates.ERR_DAY_FIRST),  # 3 April or March 4? never guessed
        ("2024-02-30", partial_dates.ERR_IMPOSSIBLE),
        ("2024-13", partial_dates.ERR_IMPOSSIBLE),
        ("last spring", partial_dates.ERR_FORMAT),
    ],
)
def test_an_ambiguous_or_impossible_date_is_refused_with_a_reason(typed, message):
    with pytest.raises(ValueError) as error:
        partial_dates.parse(typed)
    assert str(error.value) == str(message)


def test_the_last_plausible_day_of_a_month_and_a_year():
    assert partial_dates.latest(partial_dates.parse("2024-02")) == datetime.date(2024, 2, 29)
    assert partial_dates.latest(partial_dates.parse("2023-12")) == datetime.date(2023, 12, 31)
    assert partial_dates.latest(partial_dates.parse("2024")) == datetime.date(2024, 12, 31)


# --- Model: stored as its first day with a precision, so ordering still works ------------------------------


def test_month_only_dates_sort_among_full_dates_by_their_first_day(draft):
    TreatmentLine.objects.create(case=draft, regimen="Later", start_date="2024-03-20")
    TreatmentLine.objects.create(
        case=draft, regimen="March, day unknown", start_date="2024-03-01", start_date_precision="month"
    )
    TreatmentLine.objects.create(case=draft, regimen="Earlier", start_date="2023-01-01", start_date_precision="year")
    assert [t.regimen for t in draft.treatment_lines.all()] == ["Earlier", "March, day unknown", "Later"]


def test_dates_saved_before_partial_dates_are_full_days(draft):
    draft.diagnosis_date = datetime.date(2025, 6, 1)
    draft.save()
    draft.refresh_from_db()
    assert draft.diagnosis_date_precision == "day"
    assert partial_dates.of(draft, "diagnosis_date").as_iso() == "2025-06-01"


# --- Forms ---------------------------------------------------------------------------------------------------


def test_diagnosis_form_keeps_a_month_and_shows_it_back_as_typed(draft):
    form = DiagnosisForm({**DIAGNOSIS, "diagnosis_date": "2024-03", "brain_mri_date": "2025"}, instance=draft)
    assert form.is_valid(), form.errors
    form.save()
    case = Case.objects.get(pk=draft.pk)
    assert case.diagnosis_date == datetime.date(2024, 3, 1) and case.diagnosis_date_precision == "month"
    assert case.brain_mri_date == datetime.date(2025, 1, 1) and case.brain_mri_date_precision == "year"
    again = DiagnosisForm(instance=case)
    assert again["diagnosis_date"].value() == "2024-03" and again["brain_mri_date"].value() == "2025"
    assert not DiagnosisForm({**DIAGNOSIS, "diagnosis_date": "2024-03"}, instance=case).has_changed() or (
        "diagnosis_date" not in DiagnosisForm({**DIAGNOSIS, "diagnosis_date": "2024-03"}, instance=case).changed_data
    )


def test_a_full_date_typed_over_a_month_becomes_a_day_again(draft):
    draft.diagnosis_date, draft.diagnosis_date_precision = datetime.date(2024, 3, 1), "month"
    draft.save()
    form = DiagnosisForm({**DIAGNOSIS, "diagnosis_date": "2024-03-18"}, instance=draft)
    assert form.is_valid() and "diagnosis_date" in form.changed_data
    form.save()
    draft.refresh_from_db()
    assert (draft.diagnosis_date, draft.diagnosis_date_precision) == (datetime.date(2024, 3, 18), "day")


def test_a_line_stopped_in_the_month_it_started_is_not_refused(draft):
    same_month = TreatmentLineForm({"regimen": "FOLFOX", "start_date": "2024-03-10", "end_date": "2024-03"})
    assert same_month.is_valid(), same_month.errors
    before = TreatmentLineForm({"regimen": "FOLFOX", "start_date": "2024-03-10", "end_date": "2024-02"})
    assert not before.is_valid() and "end_date" in before.errors


def test_the_treatment_step_saves_year_only_and_month_only_dates(patient_client, draft):
    lines = [{"regimen": "Capecitabine", "start_date": "2023", "end_date": "2023-09", "stop_reason": "progression"}]
    patient_client.post(step_url(draft, "treatment"), _treatment_post(lines))
    line = draft.treatment_lines.get()
    assert (line.start_date_precision, line.end_date_precision) == ("year", "month")
    page = patient_client.get(step_url(draft, "treatment")).content.decode()
    assert 'value="2023"' in page and 'value="2023-09"' in page


def test_a_misread_date_is_explained_and_the_rest_of_the_step_is_saved(patient_client, draft):
    response = patient_client.post(step_url(draft, "diagnosis"), {**DIAGNOSIS, "diagnosis_date": "04/03/2024"})
    assert "Write the year first" in response.content.decode()
    assert 'value="04/03/2024"' in response.content.decode()  # what was typed stays in the box
    draft.refresh_from_db()
    assert draft.patient_name == "Li Wei" and draft.diagnosis_date is None


def test_a_biomarker_report_date_can_be_a_month(patient_client, draft):
    draft.cancer_type = "nsclc"
    draft.save()
    page = patient_client.get(step_url(draft, "biomarkers"))
    formset = page.context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": "0",
        "save": "1",
    }
    for i, form in enumerate(formset.forms):
        data[f"{formset.prefix}-{i}-marker"] = form.marker_code
    egfr = next(i for i, f in enumerate(formset.forms) if f.marker_code == "EGFR")
    data[f"bm-{egfr}-result"] = "detected"
    data[f"bm-{egfr}-tested_on"] = "2024-05"
    patient_client.post(step_url(draft, "biomarkers"), data)
    record = Biomarker.objects.get(case=draft, marker="EGFR")
    assert record.tested_on == datetime.date(2024, 5, 1) and record.tested_on_precision == "month"
    again = patient_client.get(step_url(draft, "biomarkers")).content.decode()
    assert 'value="2024-05"' in again


# --- Shown as entered: review page, case page, summary PDF ---------------------------------------------------


@pytest.fixture
def partial_case(draft):
    draft.cancer_type = "gastric_oesophageal"
    draft.diagnosis_date, draft.diagnosis_date_precision = datetime.date(2023, 11, 1), "month"
    draft.save()
    TreatmentLine.objects.create(
        case=draft,
        regimen="FOLFOX",
        start_date=datetime.date(2023, 1, 1),
        start_date_precision="year",
        end_date=datetime.date(2024, 2, 14),
    )
    return draft


def test_review_page_shows_dates_as_entered_in_each_language(patient_client, partial_case):
    url = reverse("intake:review", args=[partial_case.reference])
    page = patient_client.get(url).content.decode()
    assert "Nov 2023" in page and "1 Nov 2023" not in page  # config/formats/en: "M Y" and "j M Y"
    lines = page[page.index('id="summary-lines"') :]
    assert "<td>2023</td>" in lines and "14 Feb 2024" in lines
    with translation.override("zh-hans"):
        patient_client.cookies["django_language"] = "zh-hans"
        zh = patient_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "2023年11月" in zh and "2023年11月1日" not in zh


def test_case_page_shows_the_coordinator_dates_as_entered(coordinator, partial_case):
    Case.objects.filter(pk=partial_case.pk).update(state="submitted")  # what is shown, not what submit requires
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("intake:case_detail", args=[partial_case.reference])).content.decode()
    assert "Nov 2023" in page and "1 Nov 2023" not in page


def test_summary_pdf_shows_dates_as_entered(partial_case):
    text = flat("\n".join(page_texts(summary_pdf(partial_case))))
    # In the reader's format like the pages, and no more precise than the patient was.
    assert "Nov 2023" in text and "1 Nov 2023" not in text and "2023-11" not in text
    assert "14 Feb 2024" in text and "1 Jan 2023" not in text and "2024-02-14" not in text


def test_case_page_shows_weight_and_blood_tests_beside_dates_as_entered(coordinator, partial_case):
    """The page loads both the number filter (31, not 31.000) and the partial-date filter: neither hides the other."""
    from cases.models import LabResult

    Case.objects.filter(pk=partial_case.pk).update(state="submitted", weight_kg="61.50")
    LabResult.objects.create(
        case=partial_case, test="alt", value="28.0", unit="U/L", measured_on=datetime.date(2024, 5, 2)
    )
    client = Client()
    client.force_login(coordinator)
    response = client.get(reverse("intake:case_detail", args=[partial_case.reference]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "61.5 kg" in page
    labs = page[page.index('id="summary-labs"') :]
    assert "<td>28</td>" in labs
    assert "Nov 2023" in page


def test_a_partial_date_survives_copy_deepcopy_and_pickle():
    """A form's initial data is deep-copied and a cache pickles: each keeps the date and how much of it is known."""
    import copy
    import pickle

    from cases.partial_dates import MONTH, PartialDate

    month = PartialDate(2024, 3, 1, MONTH)
    for again in (copy.copy(month), copy.deepcopy(month), pickle.loads(pickle.dumps(month))):
        assert again == month and again.precision == MONTH and isinstance(again, PartialDate)
