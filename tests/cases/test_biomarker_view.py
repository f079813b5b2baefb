"""Where a gap's test is done: data in cases.clinical.biomarkers with its source, worded by the view in the reader's language."""

import re
from datetime import date

from django.utils import translation

from cases.biomarker_view import gap_rows
from cases.clinical.biomarkers import SPECIMEN_HINTS, BiomarkerResult, interpret
from cases.clinical.snapshot import CaseSnapshot, TreatmentLineInfo


def test_every_where_to_test_label_names_a_dated_source():
    for code, (label, source) in SPECIMEN_HINTS.items():
        assert label and re.search(r"\b20\d\d\b", source), code


def _aml_in_remission():
    induction = TreatmentLineInfo("7+3 induction", date(2026, 5, 1), date(2026, 6, 1), "CR", "completed", False)
    return interpret(
        CaseSnapshot(
            cancer_type="aml",
            biomarkers=(BiomarkerResult("NPM1", "positive"), BiomarkerResult("IDH1", "not_tested")),
            treatment_lines=(induction,),
            latest_reported_response="CR",
        ),
        today=date(2026, 11, 30),
    )


def test_gap_rows_say_where_to_test_in_the_readers_language():
    reading = _aml_in_remission()
    with translation.override("en"):
        rows = {r["code"]: r for r in gap_rows(reading)}
    assert rows["IDH1"]["specimen_hint"] == "The stored sample from diagnosis"
    assert rows["IDH1"]["specimen_hint_source"].startswith("ELN 2022")
    assert rows["HLA"]["specimen_hint"] == "Blood sample"
    with translation.override("zh-hans"):
        rows = {r["code"]: r for r in gap_rows(reading)}
    assert rows["IDH1"]["specimen_hint"] == "诊断时保存的样本"
    assert rows["HLA"]["specimen_hint"] == "血液样本"


def test_a_combined_positive_score_is_shown_without_a_per_cent_sign(draft):
    # The oncologist's review (2026-11-30): CPS counts PD-L1 positive tumour and immune cells per 100 viable tumour
    # cells and is reported as a number, capped at 100; TPS, TC and IC are percentages of cells or area (PD-L1 IHC
    # 22C3 pharmDx interpretation manual, Agilent).
    from cases.biomarker_view import result_rows
    from cases.models import Biomarker

    for marker, system, score in (("PDL1", "CPS", 30), ("PDL1", "TPS", 50), ("PDL1", "IC", 1)):
        Biomarker.objects.create(case=draft, marker=marker, result="detected", pdl1_score=score, pdl1_system=system)
    Biomarker.objects.create(case=draft, marker="PDL1", result="not_detected", pdl1_score=0, pdl1_system="CPS")
    with translation.override("en"):
        found = [r["found"] for r in result_rows(draft)]
    assert "CPS 30" in found and "CPS 0" in found
    assert "TPS 50%" in found and "IC 1%" in found
    assert not any("CPS" in f and "%" in f for f in found)
