"""Biomarker panels per cancer type and the gaps a case still has."""

import pytest

from cases.clinical.codes import BIOMARKER_STATUSES, CANCER_TYPES
from cases.clinical.panels import BiomarkerResult, biomarker_gaps, marker, panel_for


def codes_for(cancer_type: str, subtype: str = "") -> list[str]:
    return [m.code for m in panel_for(cancer_type, subtype)]


def rows_by_code(cancer_type, subtype, results):
    return {row.marker.code: row for row in biomarker_gaps(cancer_type, subtype, results)}


def test_nsclc_adenocarcinoma_with_ros1_and_ret_not_tested_lists_them_as_gaps():
    results = [
        BiomarkerResult("EGFR", "negative", "tissue_ngs", covers_gene=True),
        BiomarkerResult("ALK", "negative", "ihc", covers_gene=True),
        BiomarkerResult("ROS1", "not_tested"),
        BiomarkerResult("RET", "not_tested"),
        BiomarkerResult("PDL1", "positive", "ihc"),
    ]
    rows = rows_by_code("nsclc", "adenocarcinoma", results)
    assert rows["ROS1"].is_gap and rows["ROS1"].state == "not_tested"
    assert rows["RET"].is_gap and rows["RET"].state == "not_tested"
    assert not rows["EGFR"].is_gap and rows["EGFR"].state == "negative"
    assert not rows["PDL1"].is_gap


def test_negative_from_a_panel_that_did_not_cover_the_gene_is_a_gap_not_a_negative():
    row = rows_by_code("nsclc", "adenocarcinoma", [BiomarkerResult("RET", "negative", "pcr", covers_gene=False)])["RET"]
    assert row.is_gap
    assert row.state != "negative"
    assert "could not see" in row.reason


def test_not_tested_and_negative_are_never_confused():
    rows = rows_by_code(
        "colorectal", "", [BiomarkerResult("KRAS", "negative", covers_gene=True), BiomarkerResult("NRAS", "not_tested")]
    )
    assert (rows["KRAS"].state, rows["KRAS"].is_gap) == ("negative", False)
    assert (rows["NRAS"].state, rows["NRAS"].is_gap) == ("not_tested", True)


def test_a_marker_with_no_result_at_all_is_an_unknown_gap():
    row = rows_by_code("melanoma", "", [])["BRAF"]
    assert (row.state, row.is_gap) == ("unknown", True)
    # "could open" was wrong for markers that rule a drug out or only grade risk: the reason now says why it matters.
    assert row.reason % row.params == "not known whether tested: " + row.marker.why


def test_pending_result_is_a_gap_awaiting_result():
    row = rows_by_code("breast", "her2_pos", [BiomarkerResult("HER2", "pending")])["HER2"]
    assert (row.state, row.is_gap, row.reason) == ("pending", True, "awaiting result")


def test_equivocal_her2_needs_ish_confirmation():
    row = rows_by_code("breast", "hr_pos_her2_neg", [BiomarkerResult("HER2", "equivocal", "ihc")])["HER2"]
    assert row.is_gap
    assert "ISH" in row.reason


def test_positive_result_wins_over_an_earlier_uncovered_negative():
    results = [BiomarkerResult("ALK", "negative", "pcr", covers_gene=False), BiomarkerResult("ALK", "positive", "fish")]
    assert rows_by_code("nsclc", "adenocarcinoma", results)["ALK"].state == "positive"


def test_egfr_negative_on_a_pcr_hotspot_kit_stays_a_gap_because_it_misses_exon_20_insertions():
    row = rows_by_code("nsclc", "adenocarcinoma", [BiomarkerResult("EGFR", "negative", "pcr")])["EGFR"]
    assert (row.state, row.is_gap, row.gap_reason) == ("not_tested", True, "assay_blind")


def test_negative_from_an_unnamed_test_is_taken_as_negative():
    row = rows_by_code("nsclc", "adenocarcinoma", [BiomarkerResult("EGFR", "negative")])["EGFR"]
    assert (row.state, row.is_gap) == ("negative", False)


def test_markers_outside_the_panel_are_listed_after_it_and_never_gaps():
    rows = biomarker_gaps("colorectal", "", [BiomarkerResult("ALK", "not_tested"), BiomarkerResult("XYZ1", "positive")])
    assert [r.marker.code for r in rows[-2:]] == ["ALK", "XYZ1"]
    assert not any(r.is_gap for r in rows[-2:])


def test_rows_follow_panel_order():
    assert [r.marker.code for r in biomarker_gaps("prostate", "", [])] == codes_for("prostate")


@pytest.mark.parametrize(
    ("cancer_type", "subtype", "expected"),
    [
        (
            "nsclc",
            "adenocarcinoma",
            ["EGFR", "ALK", "ROS1", "KRAS", "BRAF", "MET", "RET", "NTRK", "HER2", "NRG1", "PDL1"],
        ),
        ("nsclc", "squamous", ["PDL1", "EGFR", "ALK", "ROS1"]),
        ("breast", "hr_pos_her2_neg", ["ER", "PR", "HER2", "PIK3CA", "ESR1", "BRCA"]),
        ("breast", "her2_pos", ["HER2", "ER", "PR"]),
        ("breast", "triple_negative", ["PDL1", "BRCA", "HER2"]),
        ("colorectal", "", ["MSI", "KRAS", "NRAS", "BRAF", "HER2"]),
        ("gastric_oesophageal", "", ["HER2", "PDL1", "MSI", "CLDN18"]),
        ("melanoma", "", ["BRAF"]),
        ("prostate", "", ["BRCA", "HRR", "MSI"]),
        ("ovarian", "", ["BRCA", "HRD"]),
        ("endometrial", "", ["MSI", "POLE", "TP53"]),
        ("pancreatic", "", ["BRCA", "KRAS", "NRG1"]),
        ("cholangiocarcinoma", "", ["FGFR2", "IDH1", "HER2"]),
        ("thyroid", "papillary", ["BRAF", "RET", "NTRK"]),
        ("thyroid", "medullary", ["RET"]),
        ("aml", "", ["FLT3", "NPM1", "IDH1", "IDH2", "CEBPA", "TP53"]),
        ("myeloma", "", ["DEL17P", "T4_14", "GAIN1Q"]),
    ],
)
def test_panel_lists_the_markers_that_open_treatments(cancer_type, subtype, expected):
    panel = codes_for(cancer_type, subtype)
    assert panel[: len(expected)] == expected or set(expected) <= set(panel)


@pytest.mark.parametrize("cancer_type", ["nsclc", "breast", "colorectal", "pancreatic", "sclc", "other"])
def test_solid_tumour_panels_end_with_the_tissue_agnostic_markers(cancer_type):
    panel = panel_for(cancer_type)
    assert {"MSI", "TMB", "NTRK", "RET", "BRAF"} <= {m.code for m in panel}
    assert len(panel) == len({m.code for m in panel})


@pytest.mark.parametrize("cancer_type", ["aml", "myeloma", "lymphoma"])
def test_blood_cancer_panels_do_not_add_solid_tumour_agnostic_markers(cancer_type):
    assert "TMB" not in codes_for(cancer_type)


def test_unknown_cancer_type_gets_the_general_panel():
    assert codes_for("kidney") == ["MSI", "TMB", "NTRK", "RET", "BRAF", "HER2"]


def test_type_specific_markers_come_before_tissue_agnostic_ones():
    panel = panel_for("colorectal")
    assert [m.code for m in panel][-3:] == ["TMB", "NTRK", "RET"]


def test_cancer_specific_reason_overrides_the_general_one():
    crc_her2 = next(m for m in panel_for("colorectal") if m.code == "HER2")
    assert "tucatinib" in crc_her2.why
    assert crc_her2.label == marker("HER2").label


@pytest.mark.parametrize("cancer_type", list(CANCER_TYPES))
def test_every_cancer_type_has_a_panel_with_reasons_and_guidelines(cancer_type):
    subtypes = list(CANCER_TYPES[cancer_type].subtypes) or [""]
    for subtype in subtypes:
        for m in panel_for(cancer_type, subtype):
            assert m.code.isupper() or "_" in m.code
            assert m.label and m.why and m.guideline


def test_marker_lookup():
    assert marker("NTRK").agnostic is True
    assert marker("EGFR").agnostic is False
    assert marker("NOPE") is None


def test_every_state_is_a_biomarker_status_code():
    results = [BiomarkerResult("EGFR", s) for s in BIOMARKER_STATUSES]
    for status in BIOMARKER_STATUSES:
        row = rows_by_code("nsclc", "adenocarcinoma", [BiomarkerResult("EGFR", status)])["EGFR"]
        assert row.state in BIOMARKER_STATUSES
    assert results


def test_idh1_in_aml_cites_the_aml_guideline_and_ivosidenib_approvals_not_the_generic_source():
    # The oncologist's review (2026-11-30): "NCCN 2025; ESMO 2023" names no AML guideline. ELN 2022 and the FDA
    # ivosidenib approvals in AML (Jul 2018 relapsed or refractory; May 2022 with azacitidine, AGILE).
    idh1 = {m.code: m for m in panel_for("aml", "")}["IDH1"]
    assert idh1.guideline.startswith("ELN 2022")
    assert "FDA Jul 2018" in idh1.guideline and "FDA May 2022" in idh1.guideline
    assert "ESMO 2023" not in idh1.guideline and "azacitidine" in idh1.why
    # Other cancers keep their own source.
    assert "Biliary" in {m.code: m for m in panel_for("cholangiocarcinoma", "")}["IDH1"].guideline
