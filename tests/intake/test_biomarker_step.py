"""The biomarker results: the patient's simple step, the coordinator's complete page, several results per marker."""

import datetime
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Biomarker, CaseEvent, State
from tests.factories import CaseFactory, UserFactory, add_document, complete_case

pytestmark = pytest.mark.django_db


def step_url(case):
    return reverse("intake:step", args=[case.reference, "biomarkers"])


def records_url(case):
    return reverse("intake:biomarker_records", args=[case.reference])


def post_data(page, overrides=None, **buttons):
    """Everything the page's formset would post as shown, with `overrides` as {(row, field): value}."""
    formset = page.context["formset"]
    data = {
        "bm-TOTAL_FORMS": str(len(formset.forms)),
        "bm-INITIAL_FORMS": "0",
        "bm-MIN_NUM_FORMS": "0",
        "bm-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name)
            if value in (None, "", []):
                continue
            key = f"bm-{i}-{name}"
            if name == "document":
                data[key] = str(value)
            elif isinstance(value, list):
                data[key] = value
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            else:
                data[key] = str(value)
    for (row, name), value in (overrides or {}).items():
        data[f"bm-{row}-{name}"] = value
    return {**data, **(buttons or {"save": "1"})}


def rows(page, marker):
    """The indexes of the rows of `marker` on the page, in order."""
    return [i for i, f in enumerate(page.context["formset"].forms) if f.marker_code == marker]


def free_rows(page):
    return rows(page, "")


# The patient's step -----------------------------------------------------------------------------------------------


def test_biomarker_step_offers_the_panel_for_the_cancer_type(patient_client, patient):
    nsclc = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    breast = CaseFactory(owner=patient, cancer_type="breast", cancer_subtype="hr_pos_her2_neg")
    nsclc_markers = {f.marker_code for f in patient_client.get(step_url(nsclc)).context["formset"]}
    breast_markers = {f.marker_code for f in patient_client.get(step_url(breast)).context["formset"]}
    assert {"EGFR", "ALK", "ROS1", "RET", "MET", "KRAS"} <= nsclc_markers
    assert {"ER", "PR", "HER2"} <= breast_markers
    assert "EGFR" not in breast_markers


def test_patient_answers_simply_and_custom_names_are_kept_as_typed(patient_client, patient):
    case = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    page = patient_client.get(step_url(case))
    first_free, second_free = free_rows(page)
    data = post_data(
        page,
        {
            (rows(page, "EGFR")[0], "result"): "detected",
            (rows(page, "ROS1")[0], "result"): "not_tested",
            (rows(page, "RET")[0], "result"): "unknown",
            (first_free, "marker_name"): "Claudin 18.2 (VENTANA 43-14A)",
            (first_free, "result"): "pending",
            (second_free, "marker_name"): "nrg1",
            (second_free, "result"): "not_detected",
        },
    )
    response = patient_client.post(step_url(case), data)
    assert response.status_code == 302
    saved = {b.marker: b for b in Biomarker.objects.filter(case=case)}
    assert saved["EGFR"].result == "detected"
    assert saved["ROS1"].result == "not_tested"
    assert saved["RET"].result == "unknown"
    assert saved["Claudin 18.2 (VENTANA 43-14A)"].result == "pending"  # as typed, not cut or upper-cased
    assert saved["NRG1"].result == "not_detected"  # a known marker typed in lower case is that marker
    assert "ALK" not in saved  # unanswered rows store nothing


def test_the_step_shows_detail_behind_more_detail_and_only_the_fields_of_each_marker(patient_client, patient):
    case = CaseFactory(owner=patient, cancer_type="breast", cancer_subtype="her2_pos")
    page = patient_client.get(step_url(case))
    html = page.content.decode()
    assert "More detail (optional)" in html
    her2 = page.context["formset"].forms[rows(page, "HER2")[0]]
    er = page.context["formset"].forms[rows(page, "ER")[0]]
    assert {"her2_ihc", "her2_ish"} <= set(her2.fields)
    assert "her2_ihc" not in er.fields and "pdl1_score" not in er.fields
    # Coordinator-only detail is not asked of a patient.
    assert "vaf" not in her2.fields and "detects" not in her2.fields and "pdl1_clone" not in her2.fields


def test_patient_detail_is_saved_with_the_report_it_comes_from(patient_client, patient):
    case = CaseFactory(owner=patient, cancer_type="breast", cancer_subtype="her2_pos")
    report = add_document(case, "pathology_report", datetime.date(2025, 1, 20), name="biopsy.pdf")
    page = patient_client.get(step_url(case))
    her2 = rows(page, "HER2")[0]
    data = post_data(
        page,
        {
            (her2, "result"): "not_detected",
            (her2, "her2_ihc"): "ihc_1plus",
            (her2, "assay"): "ihc",
            (her2, "specimen"): "tissue_metastasis",
            (her2, "collected_on"): "2025-01-10",
            (her2, "tested_on"): "2025-01-20",
            (her2, "document"): str(report.pk),
            (her2, "value"): "HER2 1+ (low)",
        },
    )
    assert patient_client.post(step_url(case), data).status_code == 302
    record = Biomarker.objects.get(case=case, marker="HER2")
    assert (record.result, record.her2_ihc, record.assay, record.specimen) == (
        "not_detected",
        "ihc_1plus",
        "ihc",
        "tissue_metastasis",
    )
    assert record.collected_on == datetime.date(2025, 1, 10) and record.document == report
    assert record.value == "HER2 1+ (low)"


def test_a_report_of_another_case_is_refused_and_the_answers_stay_on_the_page(patient_client, patient):
    case = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    other = CaseFactory(owner=patient, cancer_type="nsclc")
    theirs = add_document(other, "biomarker_report", name="other-case-ngs.pdf")
    page = patient_client.get(step_url(case))
    egfr = rows(page, "EGFR")[0]
    data = post_data(page, {(egfr, "result"): "detected", (egfr, "document"): str(theirs.pk)})
    response = patient_client.post(step_url(case), data)
    assert response.status_code == 200
    form = response.context["formset"].forms[egfr]
    assert "document" in form.errors
    assert form["result"].value() == "detected"  # what was typed is still there
    assert "other-case-ngs.pdf" not in response.content.decode()  # never offered either
    assert not Biomarker.objects.filter(case=case).exists()


def test_dates_in_the_future_and_a_sample_taken_after_its_report_are_refused(patient_client, patient):
    case = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    page = patient_client.get(step_url(case))
    egfr, alk = rows(page, "EGFR")[0], rows(page, "ALK")[0]
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    data = post_data(
        page,
        {
            (egfr, "result"): "detected",
            (egfr, "tested_on"): future,
            (alk, "result"): "not_detected",
            (alk, "collected_on"): "2025-05-02",
            (alk, "tested_on"): "2025-05-01",
        },
    )
    response = patient_client.post(step_url(case), data)
    forms = response.context["formset"].forms
    assert forms[egfr].errors["tested_on"] == ["This date is in the future."]
    assert forms[alk].errors["collected_on"] == ["The specimen cannot have been taken after the date of its report."]
    assert not Biomarker.objects.filter(case=case).exists()


def test_patient_adds_a_retest_and_both_results_stay_on_record(patient_client, patient):
    case = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    Biomarker.objects.create(case=case, marker="EGFR", result="detected", alterations=["ex19del"])
    page = patient_client.get(step_url(case))
    response = patient_client.post(step_url(case), post_data(page, add_result="EGFR"))
    assert response.status_code == 302 and "add=EGFR" in response["Location"]
    assert response["Location"].endswith("#marker-egfr")
    page = patient_client.get(response["Location"].split("#")[0])
    first, second = rows(page, "EGFR")
    assert page.context["formset"].forms[first].initial["alterations"] == ["ex19del"]
    data = post_data(
        page,
        {(second, "result"): "detected", (second, "specimen"): "plasma", (second, "collected_on"): "2026-06-01"},
    )
    assert patient_client.post(step_url(case), data).status_code == 302
    results = list(Biomarker.objects.filter(case=case, marker="EGFR").order_by("id"))
    assert [(r.result, r.specimen) for r in results] == [("detected", ""), ("detected", "plasma")]
    assert results[0].alterations == ["ex19del"]  # the first result untouched
    page = patient_client.get(step_url(case))
    assert "Result 2 · 1 Jun 2026" in page.content.decode()


def test_clearing_one_result_removes_only_that_record(patient_client, patient):
    case = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    old = Biomarker.objects.create(case=case, marker="EGFR", result="detected", collected_on=datetime.date(2025, 1, 1))
    new = Biomarker.objects.create(case=case, marker="EGFR", result="pending", collected_on=datetime.date(2026, 1, 1))
    page = patient_client.get(step_url(case))
    first, second = rows(page, "EGFR")
    data = post_data(page)
    for key in [k for k in data if k.startswith(f"bm-{second}-") and not k.endswith(("-record", "-marker"))]:
        del data[key]
    patient_client.post(step_url(case), data)
    assert list(Biomarker.objects.filter(case=case).values_list("pk", flat=True)) == [old.pk]
    assert not Biomarker.objects.filter(pk=new.pk).exists()


def test_a_patient_save_keeps_what_the_coordinator_completed(patient_client, patient):
    case = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    Biomarker.objects.create(
        case=case,
        marker="PDL1",
        result="detected",
        pdl1_score=30,
        pdl1_system="TPS",
        pdl1_clone="22C3",
        vaf=None,
        detects=["protein"],
        specimen_site="Right upper lobe",
    )
    page = patient_client.get(step_url(case))
    pdl1 = rows(page, "PDL1")[0]
    patient_client.post(step_url(case), post_data(page, {(pdl1, "pdl1_score"): "35"}))
    record = Biomarker.objects.get(case=case, marker="PDL1")
    assert record.pdl1_score == 35
    assert (record.pdl1_clone, record.detects, record.specimen_site) == ("22C3", ["protein"], "Right upper lobe")


# The coordinator's page ------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(patient):
    return complete_case(patient, state=State.IN_TRIAGE)


def test_coordinator_completes_every_field_and_adds_a_retest(client, coordinator, submitted):
    client.force_login(coordinator)
    report = add_document(submitted, "biomarker_report", datetime.date(2026, 6, 3), name="ctdna.pdf")
    page = client.get(records_url(submitted))
    assert page.status_code == 200
    response = client.post(records_url(submitted), post_data(page, add_result="EGFR"))
    page = client.get(response["Location"].split("#")[0])
    first, retest = rows(page, "EGFR")
    data = post_data(
        page,
        {
            (retest, "result"): "detected",
            (retest, "alterations"): ["ex19del", "T790M"],
            (retest, "origin"): "somatic",
            (retest, "vaf"): "2.1",
            (retest, "assay"): "ctdna_ngs",
            (retest, "detects"): ["mutations", "insertions"],
            (retest, "specimen"): "plasma",
            (retest, "collected_on"): "2026-06-01",
            (retest, "tested_on"): "2026-06-03",
            (retest, "document"): str(report.pk),
            (rows(page, "KRAS")[0], "result"): "not_detected",
            (rows(page, "KRAS")[0], "assay"): "pcr_hotspot",
            (rows(page, "KRAS")[0], "exons_tested"): "2",
            (rows(page, "ALK")[0], "result"): "detected",
            (rows(page, "ALK")[0], "fusion_partner"): "EML4",
        },
    )
    assert client.post(records_url(submitted), data).status_code == 302
    egfr = list(Biomarker.objects.filter(case=submitted, marker="EGFR").order_by("id"))
    assert len(egfr) == 2 and egfr[0].value == "exon 19 deletion"  # the first result kept
    assert egfr[1].alterations == ["ex19del", "T790M"] and float(egfr[1].vaf) == 2.1
    assert (egfr[1].specimen, egfr[1].detects, egfr[1].document) == ("plasma", ["mutations", "insertions"], report)
    assert Biomarker.objects.get(case=submitted, marker="KRAS").exons_tested == "2"
    assert Biomarker.objects.get(case=submitted, marker="ALK").fusion_partner == "EML4"
    event = CaseEvent.objects.filter(case=submitted, kind="biomarkers_completed").get()
    assert event.actor == coordinator


def test_coordinator_page_refuses_a_vaf_over_100(client, coordinator, submitted):
    client.force_login(coordinator)
    page = client.get(records_url(submitted))
    egfr = rows(page, "EGFR")[0]
    response = client.post(records_url(submitted), post_data(page, {(egfr, "vaf"): "130"}))
    assert response.status_code == 200
    assert response.context["formset"].forms[egfr].errors["vaf"] == ["Give a percentage from 0 to 100."]


@pytest.mark.parametrize("who", ["patient", "other_patient", "specialist"])
def test_only_coordinators_open_the_complete_page(client, request, who, submitted):
    client.force_login(request.getfixturevalue(who))
    assert client.get(records_url(submitted)).status_code == 404


def test_coordinator_cannot_open_a_draft_or_a_closed_case(client, coordinator, patient):
    client.force_login(coordinator)
    assert client.get(records_url(CaseFactory(owner=patient))).status_code == 404
    closed = complete_case(patient, state=State.CLOSED, submitted_at=datetime.datetime.now(datetime.UTC))
    assert client.get(records_url(closed)).status_code == 404


def test_the_same_new_answers_sent_twice_are_kept_once(patient_client, patient):
    """The autosave and "Save and continue" both on their way before the page learnt the new rows' ids."""
    case = CaseFactory(owner=patient, cancer_type="nsclc", cancer_subtype="adenocarcinoma")
    page = patient_client.get(step_url(case))
    answers = {
        (rows(page, "EGFR")[0], "result"): "detected",
        (rows(page, "EGFR")[0], "tested_on"): "2024-05",
        (rows(page, "ALK")[0], "result"): "not_tested",
    }
    patient_client.post(step_url(case), post_data(page, answers), HTTP_X_AUTOSAVE="1")
    patient_client.post(step_url(case), post_data(page, answers, next="1"))  # the same page, without the ids
    assert sorted(Biomarker.objects.filter(case=case).values_list("marker", "result")) == [
        ("ALK", "not_tested"),
        ("EGFR", "detected"),
    ]
    # A different answer for the marker is still a second result (a re-test), not lost.
    retest = {**answers, (rows(page, "EGFR")[0], "result"): "not_detected"}
    patient_client.post(step_url(case), post_data(page, retest))
    assert Biomarker.objects.filter(case=case, marker="EGFR").count() == 2


def _with_base(page, overrides):
    data = post_data(page, overrides)
    data["_base"] = page.context["step_base"]
    return data


def test_an_older_coordinator_tab_does_not_silently_overwrite_a_newer_save(client, coordinator, submitted):
    """Two tabs open the page; the second saves first. The first tab's save is merged, never a blind overwrite."""
    client.force_login(coordinator)
    old_tab = client.get(records_url(submitted))
    new_tab = client.get(records_url(submitted))
    kras, alk = rows(new_tab, "KRAS")[0], rows(new_tab, "ALK")[0]
    newer = {(kras, "result"): "detected", (kras, "alterations"): ["G12C"], (alk, "result"): "not_detected"}
    assert client.post(records_url(submitted), _with_base(new_tab, newer)).status_code == 302
    # The old tab still shows the page as it was; it changes KRAS differently and touches ROS1 only.
    ros1 = rows(old_tab, "ROS1")[0]
    older = {(kras, "result"): "not_detected", (ros1, "result"): "not_detected"}
    response = client.post(records_url(submitted), _with_base(old_tab, older))
    assert response.status_code == 200  # not a silent success: there is something to choose
    kras_record = Biomarker.objects.get(case=submitted, marker="KRAS")
    assert (kras_record.result, kras_record.alterations) == ("detected", ["G12C"])  # the newer save stands
    assert Biomarker.objects.get(case=submitted, marker="ALK").result == "not_detected"  # only the newer tab
    assert Biomarker.objects.get(case=submitted, marker="ROS1").result == "not_detected"  # only the old tab
    conflicts = response.context["outcome"].conflicts
    assert [c.field.key.rsplit(".", 1)[1] for c in conflicts] == ["result"]
    html = response.content.decode()
    assert "These answers were changed on another device after this page was opened" in html
    assert conflicts[0].field.label == "KRAS · Result"  # says which marker's result
    # The coordinator chooses the old tab's value: now it is saved.
    # What the page shows now (the form as bound after the merge), posted back with the choice.
    data = {k: v for k, v in response.context["formset"].data.lists() if not k.startswith("_")}
    data[f"_choose:{conflicts[0].field.key}"] = "mine"
    data["_base"] = response.context["step_base"]
    assert client.post(records_url(submitted), data).status_code == 302
    assert Biomarker.objects.get(case=submitted, marker="KRAS").result == "not_detected"  # one KRAS record still


def test_a_save_without_a_snapshot_still_saves(client, coordinator, submitted):
    client.force_login(coordinator)
    page = client.get(records_url(submitted))
    assert 'name="_base"' in page.content.decode()
    response = client.post(records_url(submitted), post_data(page, {(rows(page, "ALK")[0], "result"): "detected"}))
    assert response.status_code == 302
    assert Biomarker.objects.get(case=submitted, marker="ALK").result == "detected"


def test_the_patient_is_told_the_coordinator_changed_a_result_meanwhile(patient_client, patient):
    """A case sent back for information: the patient's step and the coordinator's page both edit the results."""
    case = complete_case(patient, state=State.AWAITING_INFORMATION, submitted_at=timezone.now())
    dana = UserFactory(email="dana@example.org", first_name="Dana", last_name="Coordinator", role="coordinator")
    Biomarker.objects.create(case=case, marker="ALK", result="not_tested")
    patient_page = patient_client.get(step_url(case))
    client = Client()
    client.force_login(dana)
    records = client.get(records_url(case))
    alk = rows(records, "ALK")[0]
    assert client.post(records_url(case), _with_page(records, {(alk, "result"): "detected"})).status_code == 302
    mine = {(rows(patient_page, "ALK")[0], "result"): "not_detected"}
    response = patient_client.post(step_url(case), _with_page(patient_page, mine))
    assert response.status_code == 200
    text = unescape(response.content.decode())
    assert "These answers were changed by Dana Coordinator (coordinator) after this page was opened" in text
    assert "another device" not in text
    assert Biomarker.objects.get(case=case, marker="ALK").result == "detected"  # the coordinator's stands


def test_a_second_tab_of_the_same_coordinator_is_another_device(client, coordinator, submitted):
    client.force_login(coordinator)
    old_tab, new_tab = client.get(records_url(submitted)), client.get(records_url(submitted))
    kras = rows(new_tab, "KRAS")[0]
    client.post(records_url(submitted), _with_page(new_tab, {(kras, "result"): "detected"}))
    response = client.post(records_url(submitted), _with_page(old_tab, {(kras, "result"): "not_detected"}))
    text = response.content.decode()
    assert "These answers were changed on another device after this page was opened" in text
    assert "changed by" not in text


def _with_page(page, overrides):
    """What the page posts: its answers, and the version and snapshot it was opened at."""
    return {**_with_base(page, overrides), "_version": str(page.context["step_version"])}
