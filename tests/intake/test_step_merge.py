"""Saving a step loses nothing: invalid answers do not block the valid ones, and two devices never overwrite
each other silently (intake/stepsave.py)."""

import html
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import Case, CaseCaregiver, TreatmentLine
from intake.editors import person_on_case
from intake.stepsave import ChangedBy, merge
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def step_url(case, step):
    return reverse("intake:step", args=[case.reference, step])


def opened(client, case, step):
    """What the page carries from when it was opened: the step's version and snapshot."""
    page = client.get(step_url(case, step)).content.decode()
    version = re.search(r'name="_version" value="(\d+)"', page).group(1)
    base = html.unescape(re.search(r'name="_base" value="([^"]*)"', page).group(1))
    return {"_version": version, "_base": base}


@pytest.fixture
def second_device(patient):
    client = Client()
    client.force_login(patient)
    return client


GOALS = {"goals_text": "", "oncologist_said": "", "own_questions": "", "report_language": "en", "travel_notes": ""}


def test_merge_takes_each_answer_from_whoever_changed_it():
    base = {"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"]}
    current = {"a": ["2"], "b": ["1"], "c": ["3"], "d": ["1"]}
    mine = {"a": ["1"], "b": ["5"], "c": ["4"], "d": ["1"]}
    take_saved, conflicts = merge(base=base, current=current, mine=mine)
    assert take_saved == {"a"}  # only the other device changed it
    assert conflicts == {"c"}  # both changed it differently
    # "b": only this page changed it, so this page's answer is saved


def test_a_save_from_an_older_page_keeps_what_another_device_saved(patient_client, second_device, draft):
    page_a, page_b = opened(patient_client, draft, "goals"), opened(second_device, draft, "goals")
    patient_client.post(step_url(draft, "goals"), {**GOALS, **page_a, "goals_text": "Time with my family", "save": "1"})
    response = second_device.post(
        step_url(draft, "goals"), {**GOALS, **page_b, "own_questions": "Can I travel?", "save": "1"}
    )
    assert response.status_code == 302  # nothing to choose: each device changed a different answer
    draft.refresh_from_db()
    assert draft.goals_text == "Time with my family" and draft.own_questions == "Can I travel?"


def test_two_devices_changing_one_answer_keep_both_until_the_patient_chooses(patient_client, second_device, draft):
    page_a, page_b = opened(patient_client, draft, "goals"), opened(second_device, draft, "goals")
    patient_client.post(step_url(draft, "goals"), {**GOALS, **page_a, "goals_text": "Written on the laptop"})
    response = second_device.post(step_url(draft, "goals"), {**GOALS, **page_b, "goals_text": "Written on the phone"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "changed on another device" in page
    assert "Written on the laptop" in page and "Written on the phone" in page  # both shown, field by field
    draft.refresh_from_db()
    assert draft.goals_text == "Written on the laptop"  # nothing overwritten before the patient chooses
    # The phone's page, reloaded from the answer, saves again without choosing: still nothing overwritten.
    again = {**GOALS, **_carried(page), "goals_text": "Written on the phone"}
    second_device.post(step_url(draft, "goals"), again)
    draft.refresh_from_db()
    assert draft.goals_text == "Written on the laptop"
    # The patient chooses this page's answer.
    second_device.post(step_url(draft, "goals"), {**again, "_choose:goals_text": "mine"})
    draft.refresh_from_db()
    assert draft.goals_text == "Written on the phone"


def _carried(page: str) -> dict:
    version = re.search(r'name="_version" value="(\d+)"', page).group(1)
    base = html.unescape(re.search(r'name="_base" value="([^"]*)"', page).group(1))
    return {"_version": version, "_base": base}


def test_choosing_the_other_devices_answer_keeps_it(patient_client, second_device, draft):
    page_a, page_b = opened(patient_client, draft, "goals"), opened(second_device, draft, "goals")
    patient_client.post(step_url(draft, "goals"), {**GOALS, **page_a, "travel_notes": "Visa takes 2 weeks"})
    response = second_device.post(step_url(draft, "goals"), {**GOALS, **page_b, "travel_notes": "No visa"})
    again = {**GOALS, **_carried(response.content.decode()), "travel_notes": "No visa"}
    second_device.post(step_url(draft, "goals"), {**again, "_choose:travel_notes": "saved"})
    draft.refresh_from_db()
    assert draft.travel_notes == "Visa takes 2 weeks"


TREATMENT = {
    "lines-TOTAL_FORMS": "1",
    "lines-INITIAL_FORMS": "0",
    "local-TOTAL_FORMS": "0",
    "local-INITIAL_FORMS": "0",
    "labs-TOTAL_FORMS": "0",
    "labs-INITIAL_FORMS": "0",
}


def test_an_invalid_karnofsky_does_not_stop_the_rest_of_the_step_being_saved(patient_client, draft):
    data = {
        **TREATMENT,
        **opened(patient_client, draft, "treatment"),
        "lines-0-regimen": "FOLFOX",
        "ecog": "2",
        "karnofsky": "65",
        "comorbidities": "Type 2 diabetes",
        "save": "1",
    }
    response = patient_client.post(step_url(draft, "treatment"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "steps of 10" in page and 'value="65"' in page  # the typed value stays, with its message
    assert 'id="save-summary"' in page and 'href="#id_karnofsky"' in page
    draft.refresh_from_db()
    assert draft.ecog == 2 and draft.comorbidities == "Type 2 diabetes" and draft.karnofsky is None
    assert list(TreatmentLine.objects.filter(case=draft).values_list("regimen", flat=True)) == ["FOLFOX"]


def test_autosave_answers_with_the_new_version_the_ids_of_new_rows_and_the_problems(patient_client, draft):
    data = {
        **TREATMENT,
        **opened(patient_client, draft, "treatment"),
        "lines-0-regimen": "Capecitabine",
        "karnofsky": "65",
        "save": "1",
    }
    answer = patient_client.post(step_url(draft, "treatment"), data, headers={"X-Autosave": "1"}).json()
    line = TreatmentLine.objects.get(case=draft)
    assert answer["saved"] and answer["version"] == 1 and answer["saved_at_iso"]
    assert answer["new_ids"] == {"lines-0-id": line.pk}
    assert "steps of 10" in answer["errors"]["karnofsky"]
    # The page writes the id in, and its next autosave updates the row rather than adding another.
    data.update({"lines-0-id": str(line.pk), "lines-0-regimen": "Capecitabine + oxaliplatin", "karnofsky": "60"})
    data.update({"_version": str(answer["version"]), "_base": answer["base"]})
    answer = patient_client.post(step_url(draft, "treatment"), data, headers={"X-Autosave": "1"}).json()
    assert answer["errors"] == {} and answer["version"] == 2
    assert list(TreatmentLine.objects.filter(case=draft).values_list("regimen", flat=True)) == [
        "Capecitabine + oxaliplatin"
    ]
    assert Case.objects.get(pk=draft.pk).karnofsky == 60


def test_a_row_removed_on_another_device_is_not_brought_back_unless_this_page_changed_it(
    patient_client, second_device, draft
):
    line = TreatmentLine.objects.create(case=draft, regimen="FOLFOX")
    page_a, page_b = opened(patient_client, draft, "treatment"), opened(second_device, draft, "treatment")
    row = {"lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "1", "lines-0-id": str(line.pk)}
    patient_client.post(step_url(draft, "treatment"), {**TREATMENT, **page_a, **row, "lines-0-DELETE": "on"})
    assert not TreatmentLine.objects.filter(case=draft).exists()
    second_device.post(step_url(draft, "treatment"), {**TREATMENT, **page_b, **row, "lines-0-regimen": "FOLFOX"})
    assert not TreatmentLine.objects.filter(case=draft).exists()
    second_device.post(step_url(draft, "treatment"), {**TREATMENT, **page_b, **row, "lines-0-regimen": "FOLFIRI"})
    assert list(TreatmentLine.objects.filter(case=draft).values_list("regimen", flat=True)) == ["FOLFIRI"]


def test_the_step_page_says_when_it_was_last_saved(patient_client, draft):
    patient_client.post(step_url(draft, "goals"), {**GOALS, **opened(patient_client, draft, "goals")})
    page = patient_client.get(step_url(draft, "goals")).content.decode()
    assert re.search(r"Saved at \d\d:\d\d", page)
    assert json.loads(html.unescape(re.search(r'name="_base" value="([^"]*)"', page).group(1)))["report_language"]


# A whole row removed on one device and changed on the other: in either order the patient chooses.


def _line_row(line, **fields):
    return {"lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "1", "lines-0-id": str(line.pk), **fields}


def regimens(case):
    return list(TreatmentLine.objects.filter(case=case).order_by("id").values_list("regimen", flat=True))


@pytest.mark.parametrize("choice", ["keep", "delete"])
def test_removing_a_row_another_device_changed_keeps_its_changes_until_the_patient_chooses(
    patient_client, second_device, draft, choice
):
    line = TreatmentLine.objects.create(case=draft, regimen="FOLFOX")
    page_a, page_b = opened(patient_client, draft, "treatment"), opened(second_device, draft, "treatment")
    patient_client.post(
        step_url(draft, "treatment"),
        {**TREATMENT, **page_a, **_line_row(line, **{"lines-0-regimen": "FOLFIRI after FOLFOX"})},
    )
    assert regimens(draft) == ["FOLFIRI after FOLFOX"]
    # The older page removes the row: the other device's edit is not lost.
    removal = {**TREATMENT, **page_b, **_line_row(line, **{"lines-0-regimen": "FOLFOX", "lines-0-DELETE": "on"})}
    response = second_device.post(step_url(draft, "treatment"), removal)
    assert response.status_code == 200
    raw = response.content.decode()
    page = html.unescape(raw)
    assert "it was changed on another device" in page and f'name="_row:lines#{line.pk}"' in page
    assert "FOLFOX → <strong>FOLFIRI after FOLFOX</strong>" in page  # what the other device changed, shown
    assert regimens(draft) == ["FOLFIRI after FOLFOX"]
    # The page shows the row kept, with the other device's text and "Remove this" no longer ticked.
    assert 'value="FOLFIRI after FOLFOX"' in page and 'name="lines-0-DELETE" id="id_lines-0-DELETE" checked' not in page
    # The same removal sent again (an autosave that had not seen the answer) still does not remove it.
    second_device.post(step_url(draft, "treatment"), removal)
    assert regimens(draft) == ["FOLFIRI after FOLFOX"]
    # The patient chooses.
    again = {**TREATMENT, **_carried(raw), **_line_row(line, **{"lines-0-regimen": "FOLFIRI after FOLFOX"})}
    response = second_device.post(step_url(draft, "treatment"), {**again, f"_row:lines#{line.pk}": choice})
    assert response.status_code == 302
    assert regimens(draft) == (["FOLFIRI after FOLFOX"] if choice == "keep" else [])


@pytest.mark.parametrize("choice", ["keep", "delete"])
def test_changing_a_row_another_device_removed_keeps_what_was_typed_until_the_patient_chooses(
    patient_client, second_device, draft, choice
):
    line = TreatmentLine.objects.create(case=draft, regimen="FOLFOX")
    page_a, page_b = opened(patient_client, draft, "treatment"), opened(second_device, draft, "treatment")
    patient_client.post(
        step_url(draft, "treatment"), {**TREATMENT, **page_a, **_line_row(line, **{"lines-0-DELETE": "on"})}
    )
    assert regimens(draft) == []
    response = second_device.post(
        step_url(draft, "treatment"),
        {**TREATMENT, **page_b, **_line_row(line, **{"lines-0-regimen": "FOLFOX, 6 cycles"})},
    )
    assert response.status_code == 200
    assert regimens(draft) == ["FOLFOX, 6 cycles"]  # nothing typed is dropped
    kept = TreatmentLine.objects.get(case=draft)
    raw = response.content.decode()
    page = html.unescape(raw)
    assert "removed on another device, but you changed it here" in page and f'name="_row:lines#{kept.pk}"' in page
    assert f'name="lines-0-id" value="{kept.pk}"' in page  # the page now edits the entry kept
    again = {**TREATMENT, **_carried(raw), **_line_row(kept, **{"lines-0-regimen": "FOLFOX, 6 cycles"})}
    second_device.post(step_url(draft, "treatment"), {**again, f"_row:lines#{kept.pk}": choice})
    assert regimens(draft) == (["FOLFOX, 6 cycles"] if choice == "keep" else [])


def test_autosave_of_a_removal_puts_the_row_back_on_the_page(patient_client, second_device, draft):
    line = TreatmentLine.objects.create(case=draft, regimen="FOLFOX")
    page_a, page_b = opened(patient_client, draft, "treatment"), opened(second_device, draft, "treatment")
    patient_client.post(
        step_url(draft, "treatment"), {**TREATMENT, **page_a, **_line_row(line, **{"lines-0-regimen": "FOLFIRI"})}
    )
    removal = {**TREATMENT, **page_b, **_line_row(line, **{"lines-0-regimen": "FOLFOX", "lines-0-DELETE": "on"})}
    answer = second_device.post(step_url(draft, "treatment"), removal, headers={"X-Autosave": "1"}).json()
    assert answer["row_conflicts"] == [f"lines#{line.pk}"]
    assert answer["taken"]["lines-0-DELETE"] == [] and answer["taken"]["lines-0-regimen"] == ["FOLFIRI"]
    assert f"_row:lines#{line.pk}" in answer["problems_html"]
    assert regimens(draft) == ["FOLFIRI"]


def _biomarker_page(client, case):
    """The biomarker step as a device opened it: what it posts as shown, with its version and snapshot."""
    from cases import page_memo
    from tests.intake.test_biomarker_step import post_data, rows

    # What it posts is read from the rendering's forms (response.context), which a kept page has none of: the
    # second device opening the same page would be given the first one's, byte for byte (cases.page_memo).
    page_memo.STORE.clear()
    response = client.get(reverse("intake:step", args=[case.reference, "biomarkers"]))
    row = rows(response, "EGFR")[0]
    return {**post_data(response), **_carried(response.content.decode())}, row


def _cleared(data, row):
    return {k: v for k, v in data.items() if not k.startswith(f"bm-{row}-") or k.endswith(("-record", "-marker"))}


def test_a_biomarker_result_cleared_on_an_older_page_keeps_the_other_devices_edit(
    patient_client, second_device, patient
):
    from cases.models import Biomarker
    from tests.factories import CaseFactory

    case = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    record = Biomarker.objects.create(case=case, marker="EGFR", result="detected", value="exon 19 deletion")
    (page_a, row), (page_b, _row) = _biomarker_page(patient_client, case), _biomarker_page(second_device, case)
    url = step_url(case, "biomarkers")
    patient_client.post(url, {**page_a, f"bm-{row}-value": "exon 19 deletion and T790M"})
    response = second_device.post(url, _cleared(page_b, row))
    assert response.status_code == 200
    assert f'name="_row:bm#{record.pk}"' in response.content.decode()
    assert Biomarker.objects.get(pk=record.pk).value == "exon 19 deletion and T790M"
    second_device.post(
        url, {**_cleared(page_b, row), **_carried(response.content.decode()), f"_row:bm#{record.pk}": "delete"}
    )
    assert not Biomarker.objects.filter(case=case).exists()


def test_a_biomarker_result_changed_on_an_older_page_after_it_was_cleared_is_kept(
    patient_client, second_device, patient
):
    from cases.models import Biomarker
    from tests.factories import CaseFactory

    case = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    Biomarker.objects.create(case=case, marker="EGFR", result="detected", value="exon 19 deletion")
    (page_a, row), (page_b, _row) = _biomarker_page(patient_client, case), _biomarker_page(second_device, case)
    url = step_url(case, "biomarkers")
    patient_client.post(url, _cleared(page_a, row))
    assert not Biomarker.objects.filter(case=case).exists()
    # An older page that did not touch the result does not bring it back...
    second_device.post(url, page_b)
    assert not Biomarker.objects.filter(case=case).exists()
    # ...but one that changed it keeps what was typed, and asks.
    response = second_device.post(url, {**page_b, f"bm-{row}-value": "exon 19 deletion (p.E746_A750del)"})
    kept = Biomarker.objects.get(case=case)
    assert kept.value == "exon 19 deletion (p.E746_A750del)"
    assert response.status_code == 200 and f'name="_row:bm#{kept.pk}"' in response.content.decode()


def test_a_row_changed_here_then_removed_keeps_this_pages_words_beside_the_other_devices(
    patient_client, second_device, draft
):
    from cases.models import TreatmentLine as Line

    line = Line.objects.create(case=draft, regimen="FOLFOX", notes="")
    page_a, page_b = opened(patient_client, draft, "treatment"), opened(second_device, draft, "treatment")
    patient_client.post(
        step_url(draft, "treatment"), {**TREATMENT, **page_a, **_line_row(line, **{"lines-0-regimen": "FOLFIRI"})}
    )
    removal = _line_row(line, **{"lines-0-regimen": "FOLFOX", "lines-0-notes": "Stopped for neuropathy"})
    response = second_device.post(
        step_url(draft, "treatment"), {**TREATMENT, **page_b, **removal, "lines-0-DELETE": "on"}
    )
    assert response.status_code == 200
    line.refresh_from_db()
    assert (line.regimen, line.notes) == ("FOLFIRI", "Stopped for neuropathy")  # each device's words kept


# Who changed it: named when it was someone else (intake/editors.py) --------------------------------------------


def test_the_same_patient_on_another_device_is_told_it_was_another_device(patient_client, second_device, draft):
    page_a, page_b = opened(patient_client, draft, "goals"), opened(second_device, draft, "goals")
    patient_client.post(step_url(draft, "goals"), {**GOALS, **page_a, "goals_text": "Written on the laptop"})
    page = second_device.post(step_url(draft, "goals"), {**GOALS, **page_b, "goals_text": "On the phone"})
    text = page.content.decode()
    assert "These answers were changed on another device after this page was opened" in text
    assert "changed by" not in text


@pytest.fixture
def caregiver(patient, draft):
    helper = UserFactory(email="son@example.org", first_name="Ming", last_name="Wei")
    CaseCaregiver.objects.create(
        case=draft, email=helper.email, invited_by=patient, token_hash="t" * 64, user=helper, accepted_at=timezone.now()
    )
    return helper


def test_an_answer_the_caregiver_changed_meanwhile_names_the_caregiver(patient_client, caregiver, draft):
    helper_client = Client()
    helper_client.force_login(caregiver)
    page_patient, page_helper = opened(patient_client, draft, "goals"), opened(helper_client, draft, "goals")
    helper_client.post(step_url(draft, "goals"), {**GOALS, **page_helper, "goals_text": "Typed by her son"})
    response = patient_client.post(step_url(draft, "goals"), {**GOALS, **page_patient, "goals_text": "My own words"})
    text = html.unescape(response.content.decode())
    assert "These answers were changed by Ming Wei (caregiver) after this page was opened" in text
    assert "Use what Ming Wei (caregiver) saved" in text
    assert "another device" not in text
    draft.refresh_from_db()
    assert draft.goals_text == "Typed by her son"  # nothing overwritten before the patient chooses


def test_the_caregiver_is_told_the_patient_changed_it(patient_client, caregiver, draft):
    helper_client = Client()
    helper_client.force_login(caregiver)
    page_patient, page_helper = opened(patient_client, draft, "goals"), opened(helper_client, draft, "goals")
    patient_client.post(step_url(draft, "goals"), {**GOALS, **page_patient, "goals_text": "My own words"})
    response = helper_client.post(step_url(draft, "goals"), {**GOALS, **page_helper, "goals_text": "Her son's words"})
    assert "changed by Li Wei (patient) after this page was opened" in html.unescape(response.content.decode())


def test_someone_else_and_my_other_device_are_both_named(patient_client, second_device, caregiver, draft):
    helper_client = Client()
    helper_client.force_login(caregiver)
    page = opened(patient_client, draft, "goals")
    on_phone, by_son = opened(second_device, draft, "goals"), opened(helper_client, draft, "goals")
    second_device.post(step_url(draft, "goals"), {**GOALS, **on_phone, "own_questions": "From my phone"})
    helper_client.post(step_url(draft, "goals"), {**GOALS, **by_son, "goals_text": "Typed by her son"})
    response = patient_client.post(step_url(draft, "goals"), {**GOALS, **page, "goals_text": "On the laptop"})
    text = html.unescape(response.content.decode())
    assert "changed by Ming Wei (caregiver) and you on another device after this page was opened" in text


def test_a_page_without_its_version_names_no_one(patient_client, caregiver, draft):
    helper_client = Client()
    helper_client.force_login(caregiver)
    page_patient, page_helper = opened(patient_client, draft, "goals"), opened(helper_client, draft, "goals")
    helper_client.post(step_url(draft, "goals"), {**GOALS, **page_helper, "goals_text": "Typed by her son"})
    page_patient.pop("_version")  # an older page: when it was opened is not known
    response = patient_client.post(step_url(draft, "goals"), {**GOALS, **page_patient, "goals_text": "Mine"})
    assert "changed on another device" in response.content.decode()


def test_the_conflict_box_names_the_person_in_chinese(caregiver, draft):
    with translation.override("zh-hans"):
        named = ChangedBy(others=(person_on_case(caregiver, draft),))
        heading, error, device = named.heading, named.conflict_error, ChangedBy().heading
    assert heading.startswith("打开本页后，以下回答已由Ming Wei（照护者）修改")
    assert "Ming Wei（照护者）" in error and "another device" not in heading
    assert device.startswith("打开本页后，以下回答已在另一台设备上被修改")
