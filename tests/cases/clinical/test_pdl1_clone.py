"""A PD-L1 cut-off is read with the assay it was validated with (data/pdl1_assays.py).

One row per scenario: the cancer, the PD-L1 result (score, scoring system, clone) and any driver; what the
reader must see about the assay (words of the note, words of its source) or that no such note appears, and the
treatment statement that still stands. Expectations from the FDA companion diagnostics (22C3 for pembrolizumab
in NSCLC, Oct 2015, and in TNBC at CPS 10, Nov 2020; SP263 for cemiplimab in NSCLC, Mar 2023, and CE-IVD for
pembrolizumab; SP142 for atezolizumab, May 2020) and Blueprint phase 2 (Tsao MS et al., 2018: 22C3, 28-8 and
SP263 comparable on tumour cells, SP142 less and 73-10 more sensitive).
"""

import re
from dataclasses import dataclass
from datetime import date

import pytest

from cases.clinical.biomarkers import BiomarkerResult, interpret
from cases.clinical.data.pdl1_assays import PATIENT_ASSAY_NOTE
from cases.clinical.snapshot import CaseSnapshot

NGS = {"assay": "dna_rna_ngs"}
NO_DRIVER = tuple(
    BiomarkerResult(m, "negative", **NGS) for m in ("EGFR", "ALK", "ROS1", "KRAS", "BRAF", "MET", "RET", "NTRK")
)
TNBC = (BiomarkerResult("ER", "negative"), BiomarkerResult("PR", "negative"))


def pdl1(score, scoring="TPS", clone="22C3"):
    result = "negative" if score < 1 else "positive"
    return BiomarkerResult("PDL1", result, score=score, scoring=scoring, clone=clone, assay="ihc")


@dataclass
class Row:
    name: str
    cancer: str
    subtype: str
    results: tuple
    note: tuple = ()  # words every one of which must be in one assay note
    source: str = ""  # words in that note's source
    no_note: bool = False
    still: tuple = ()  # (kind, words): the treatment statement read from the cut-off is still there


ROWS = [
    # --- NSCLC, no driver: TPS cut-offs 1 and 50 per cent ---------------------------------------------------------
    Row(
        "22c3-validated",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(60)),
        no_note=True,
        still=(("actionable", "pembrolizumab"),),
    ),
    Row("sp263-validated", "nsclc", "adenocarcinoma", (*NO_DRIVER, pdl1(60, clone="SP263")), no_note=True),
    Row("sp263-tc-is-tps", "nsclc", "squamous", (*NO_DRIVER, pdl1(20, "TC", "SP263")), no_note=True),
    Row(
        "sp142-high",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(60, clone="SP142")),
        note=("SP142 stains fewer tumour cells", "consider re-testing with 22C3", "companion test for atezolizumab"),
        source="Blueprint",
        still=(("actionable", "pembrolizumab"),),
    ),
    Row(
        "sp142-middle-band-may-be-higher",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(30, clone="SP142")),
        note=("may be an underestimate",),
        source="FDA May 2020",
        still=(("actionable", "TPS 1-49"),),
    ),
    Row(
        "sp142-negative-may-be-positive",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(0, clone="SP142")),
        note=("below 1 per cent may be an underestimate",),
        source="Blueprint",
        still=(("note", "below 1"),),
    ),
    Row(
        "clone-not-recorded",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(60, clone="")),
        note=("does not say which antibody", "22C3", "SP263"),
        source="FDA Oct 2015",
        still=(("actionable", "pembrolizumab"),),
    ),
    Row(
        "clone-not-recorded-negative",
        "nsclc",
        "squamous",
        (*NO_DRIVER, pdl1(0, clone="")),
        note=("does not say which antibody",),
        source="FDA Mar 2023",
    ),
    Row(
        "73-10-overestimates",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(55, clone="73-10")),
        note=("73-10", "may be an overestimate", "re-testing with 22C3"),
        source="Blueprint",
    ),
    Row(
        "28-8-comparable",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(60, clone="28-8")),
        note=("28-8 stains tumour cells comparably",),
        source="Blueprint",
    ),
    Row(
        "e1l3n-lab-developed",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(60, clone="E1L3N")),
        note=("PD-L1 score from E1L3N, not an assay", "re-testing with 22C3"),
        source="CE-IVD",
    ),
    Row(
        "other-clone",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(60, clone="other")),
        note=("an antibody other than the named clones",),
    ),
    Row(
        "cps-in-lung",
        "nsclc",
        "adenocarcinoma",
        (*NO_DRIVER, pdl1(60, "CPS", "22C3")),
        note=("given as CPS", "Ask the laboratory for the TPS"),
        source="FDA Oct 2015",
    ),
    Row(
        "ic-in-lung-from-sp142", "nsclc", "adenocarcinoma", (*NO_DRIVER, pdl1(10, "IC", "SP142")), note=("given as IC",)
    ),
    # --- NSCLC with a driver: PD-L1 decides nothing, so no assay note --------------------------------------------
    Row(
        "egfr-driver",
        "nsclc",
        "adenocarcinoma",
        (BiomarkerResult("EGFR", "positive", alterations=("L858R",), **NGS), pdl1(80, clone="SP142")),
        no_note=True,
        still=(("rules_out", "not a reason for immunotherapy"),),
    ),
    Row(
        "alk-driver-no-clone",
        "nsclc",
        "adenocarcinoma",
        (BiomarkerResult("ALK", "positive", alterations=("fusion",)), pdl1(60, clone="")),
        no_note=True,
    ),
    # --- Triple-negative breast cancer: CPS 10 with 22C3 ------------------------------------------------------------
    Row(
        "tnbc-22c3",
        "breast",
        "triple_negative",
        (*TNBC, pdl1(15, "CPS")),
        no_note=True,
        still=(("actionable", "pembrolizumab"),),
    ),
    Row(
        "tnbc-sp142",
        "breast",
        "triple_negative",
        (*TNBC, pdl1(15, "CPS", "SP142")),
        note=("SP142", "validated with 22C3 only"),
        source="FDA Nov 2020",
    ),
    Row(
        "tnbc-no-clone",
        "breast",
        "triple_negative",
        (*TNBC, pdl1(15, "CPS", "")),
        note=("does not say which antibody", "CPS cut-off of 10"),
        source="KEYNOTE-355",
    ),
    Row(
        "tnbc-sp263-below-10",
        "breast",
        "triple_negative",
        (*TNBC, pdl1(5, "CPS", "SP263")),
        note=("SP263", "validated with 22C3 only"),
        still=(("rules_out", "not indicated"),),
    ),
    Row(
        "tnbc-ic-score",
        "breast",
        "triple_negative",
        (*TNBC, pdl1(5, "IC", "SP142")),
        note=("given as IC", "combined positive score (CPS) with 22C3"),
    ),
    # --- CPS cancers (FDA May 2025 gastric labels; FDA Oct 2021 cervical, KEYNOTE-826; FDA Jun 2019 head and neck,
    # KEYNOTE-048): a score in another system is named; the clone is not checked, so none is asked for ----------------
    Row(
        "gastric-tps-is-not-cps",
        "gastric_oesophageal",
        "",
        (pdl1(5, "TPS", "28-8"),),
        note=("given as TPS", "combined positive score (CPS 1 or more)"),
        source="FDA May 2025",
        still=(("actionable", "nivolumab, pembrolizumab or tislelizumab"),),
    ),
    Row(
        "gastric-tps-0-may-hide-a-cps",
        "gastric_oesophageal",
        "",
        (pdl1(0, "TPS", "22C3"),),
        note=("given as TPS", "Ask the laboratory for the CPS"),
        source="KEYNOTE-859",
    ),
    Row("gastric-cps-no-clone", "gastric_oesophageal", "", (pdl1(10, "CPS", ""),), no_note=True),
    Row("oesophageal-squamous-tc", "oesophageal_squamous", "", (pdl1(0, "TC", "28-8"),), no_note=True),
    Row(
        "cervical-tps-is-not-cps",
        "cervical",
        "",
        (pdl1(3, "TPS", "22C3"),),
        # KEYNOTE-A18 (FDA Jan 2024): with chemoradiotherapy for FIGO 2014 stage III-IVA, whatever the PD-L1.
        note=("given as TPS", "persistent, recurrent or metastatic cervical cancer", "CPS 1 or more", "III-IVA"),
        source="FDA Oct 2021",
    ),
    Row("cervical-cps-22c3", "cervical", "", (pdl1(3, "CPS", "22C3"),), no_note=True),
    Row(
        "head-neck-tps-is-not-cps",
        "head_neck",
        "",
        (pdl1(20, "TPS", "22C3"),),
        # FDA Jun 2019: pembrolizumab with platinum-fluorouracil for all patients, alone for CPS 1 or more; the EMA
        # requires CPS 1 or more for both (Keytruda product information).
        note=("given as TPS", "head and neck squamous cell carcinoma", "CPS 1 or more", "any CPS"),
        source="FDA Jun 2019",
        still=(("actionable", "pembrolizumab alone"),),
    ),
    Row("head-neck-cps-no-clone", "head_neck", "", (pdl1(0, "CPS", ""),), no_note=True),
    # --- Breast, not triple-negative: PD-L1 guides nothing -------------------------------------------------------------
    Row("hr-positive-no-clone", "breast", "hr_pos_her2_neg", (pdl1(15, "CPS", ""),), no_note=True),
]


def _assay_notes(reading):
    return [s for s in reading.statements if s.marker == "PDL1" and s.patient == PATIENT_ASSAY_NOTE]


def _text(statement):
    return statement.template % statement.params if statement.params else statement.template


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_pdl1_cut_off_and_its_assay(row: Row):
    snapshot = CaseSnapshot(cancer_type=row.cancer, cancer_subtype=row.subtype, biomarkers=row.results)
    reading = interpret(snapshot, today=date(2026, 11, 30))
    notes = _assay_notes(reading)
    if row.no_note:
        assert not notes, [_text(n) for n in notes]
    if row.note:
        matching = [n for n in notes if all(words in _text(n) for words in row.note)]
        assert matching, (row.note, [_text(n) for n in notes])
        assert all(n.kind == "note" for n in notes)
        assert row.source in matching[0].source
    for kind, words in row.still:
        assert any(words in _text(s) for s in reading.statements if s.kind == kind and s.marker == "PDL1"), words


def test_every_assay_note_names_a_dated_source():
    for row in ROWS:
        reading = interpret(CaseSnapshot(cancer_type=row.cancer, cancer_subtype=row.subtype, biomarkers=row.results))
        for note in _assay_notes(reading):
            assert re.search(r"\b20\d\d\b", note.source), (row.name, note.source)
