"""What the local team must send for each missing biomarker test."""

import pytest

from cases.clinical.data.lab_requests import CANCER_OVERRIDES, MARKER_METHODS, METHOD_SPECIMEN, METHODS, SPECIMENS
from cases.clinical.data.markers import MARKERS
from cases.clinical.data.panels import PANELS
from cases.clinical.lab_requests import requests_for
from cases.clinical.panels import panel_for


def _panel_markers():
    for key in PANELS:
        cancer_type, _, subtype = key.partition("/")
        for m in panel_for(cancer_type, subtype):
            yield cancer_type, m.code


@pytest.mark.parametrize("cancer_type,code", sorted(set(_panel_markers())))
def test_every_panel_marker_names_a_method_and_a_specimen(cancer_type, code):
    requests = requests_for(code, cancer_type)
    assert requests, f"{cancer_type}/{code} has no lab request"
    for r in requests:
        assert r.method.strip() and r.specimen.strip()


def test_every_known_marker_has_methods():
    assert set(MARKERS) <= set(MARKER_METHODS)


def test_every_method_has_a_label_and_a_usual_specimen():
    assert set(METHOD_SPECIMEN) == set(METHODS)
    assert set(METHOD_SPECIMEN.values()) <= set(SPECIMENS)
    entries = [e for methods in [*MARKER_METHODS.values(), *CANCER_OVERRIDES.values()] for e in methods]
    for e in entries:
        method, specimen = e if isinstance(e, tuple) else (e, METHOD_SPECIMEN[e])
        assert method in METHODS and specimen in SPECIMENS


def test_lung_egfr_asks_for_tissue_ngs_first_with_plasma_ctdna_as_the_alternative():
    requests = requests_for("EGFR", "nsclc")
    assert [r.specimen_code for r in requests] == ["ffpe", "plasma"]
    assert "RNA" in requests[0].method


def test_aml_markers_need_fresh_marrow_not_a_tissue_block():
    for code in ("FLT3", "NPM1", "IDH1", "TP53", "PML_RARA", "KMT2A"):
        assert requests_for(code, "aml")[0].specimen_code == "marrow", code


def test_myeloma_cytogenetics_need_cd138_selected_marrow():
    for code in ("DEL17P", "T4_14", "T14_16", "GAIN1Q", "T11_14", "TP53"):
        assert requests_for(code, "myeloma")[0].specimen_code == "marrow_cd138", code


def test_endometrial_tp53_is_p53_immunohistochemistry():
    assert requests_for("TP53", "endometrial")[0].method_code == "ihc"


def test_esr1_is_a_blood_test():
    assert [r.specimen_code for r in requests_for("ESR1", "breast")] == ["plasma"]


def test_brca_asks_for_germline_blood_and_tumour_tissue():
    assert [r.specimen_code for r in requests_for("BRCA", "ovarian")] == ["blood_germline", "ffpe"]


def test_equivocal_her2_asks_for_ish_only():
    assert [r.method_code for r in requests_for("HER2", "breast", state="equivocal")] == ["ish"]


def test_pending_result_needs_the_report_not_a_new_specimen():
    [request] = requests_for("ALK", "nsclc", state="pending")
    assert request.specimen_code == "report"
    assert "report" in request.specimen


def test_psma_is_a_scan_not_a_specimen():
    assert requests_for("PSMA", "prostate")[0].specimen_code == "pet_scan"


def test_unknown_marker_has_no_request():
    assert requests_for("NOPE", "nsclc") == []


def test_myeloma_tp53_is_sequencing_not_fish_nor_a_myeloid_panel():
    # Review item 2 (Y7P): FISH finds del(17p), not a TP53 mutation; FLT3/NPM1 panels are for AML (IMWG 2025).
    requests = requests_for("TP53", "myeloma")
    assert [r.method_code for r in requests] == ["ngs_myeloma"]
    assert "Sequencing of TP53" in requests[0].method
    assert not any("FLT3" in r.method or "FISH" in r.method for r in requests)


def test_met_and_her2_resistance_testing_is_on_the_new_biopsy_with_met_fish_and_ihc():
    # Review item 13 (N2C): MET amplification/overexpression is read by FISH/IHC (SAVANNAH); an archived
    # pre-treatment block cannot show acquired resistance.
    met = requests_for("MET", "nsclc", "not_tested", "resistance")
    assert [r.method_code for r in met] == ["ngs_tissue_rna", "met_fish", "met_ihc", "ngs_liquid"]
    assert [r.specimen_code for r in met[:3]] == ["new_biopsy", "new_biopsy_tissue", "new_biopsy_tissue"]
    her2 = requests_for("HER2", "nsclc", "not_tested", "resistance")
    assert [r.specimen_code for r in her2] == ["new_biopsy_tissue", "new_biopsy_tissue", "new_biopsy"]
    assert requests_for("HER2", "nsclc")[0].specimen_code == "ffpe"  # a first diagnosis still uses the block


def test_fish_and_immunohistochemistry_are_never_offered_on_plasma():
    # The oncologist's review (2026-11-30): FISH, ISH and IHC read cells on a tissue section; plasma carries only
    # cell-free DNA, so only ctDNA sequencing can fall back to it (Malapelle U et al., J Mol Pathol 2021).
    requests = requests_for("MET", "nsclc", "not_tested", "resistance") + requests_for(
        "HER2", "nsclc", "not_tested", "resistance"
    )
    tissue_only = [r for r in requests if r.method_code in ("met_fish", "met_ihc", "ihc", "ish")]
    assert {r.method_code for r in tissue_only} == {"met_fish", "met_ihc", "ihc", "ish"}
    assert all("or plasma" not in r.specimen for r in tissue_only)
    assert all("or plasma" not in SPECIMENS[METHOD_SPECIMEN[m]] for m in ("ihc", "ish", "met_fish", "met_ihc"))
    sequencing = [r for r in requests if r.method_code == "ngs_tissue_rna"]
    assert sequencing and all("or plasma" in r.specimen for r in sequencing)
