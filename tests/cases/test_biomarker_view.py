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
