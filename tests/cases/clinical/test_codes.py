"""Coded value lists used by the intake forms."""

import pytest

from cases.clinical import codes


def test_cancer_types_include_the_subtypes_the_panels_need():
    assert list(codes.CANCER_TYPES["nsclc"].subtypes) == ["adenocarcinoma", "squamous", "large_cell", "nos"]
    assert list(codes.CANCER_TYPES["breast"].subtypes) == ["hr_pos_her2_neg", "her2_pos", "triple_negative", "unknown"]
    assert {"papillary", "follicular", "medullary", "anaplastic"} <= set(codes.CANCER_TYPES["thyroid"].subtypes)
    assert {"dlbcl", "hodgkin", "follicular", "mantle_cell", "ptcl", "other"} <= set(
        codes.CANCER_TYPES["lymphoma"].subtypes
    )
    assert "other" in codes.CANCER_TYPES


def test_every_cancer_type_has_coded_subtypes():
    assert all(ct.subtypes for ct in codes.CANCER_TYPES.values())


def test_the_cancer_types_of_issue_11_are_offered():
    wanted = {
        "hcc",
        "oesophageal_squamous",
        "head_neck",
        "renal",
        "urothelial",
        "cervical",
        "glioma",
        "sarcoma",
        "gist",
        "neuroendocrine",
        "germ_cell",
        "mesothelioma",
        "cup",
        "uveal_melanoma",
        "all",
        "cll",
        "cml",
        "mds",
    }
    assert wanted <= set(codes.CANCER_TYPES)


def test_seed_questions_are_the_ten_from_the_seed_text():
    assert len(codes.SEED_QUESTIONS) == 10
    assert codes.SEED_QUESTIONS["mdt_review"] == "Should this case be reviewed by a full MDT team?"


def test_stage_groups_and_tnm_values():
    assert list(codes.STAGE_GROUPS)[:3] == ["0", "I", "IA"]
    assert "unknown" in codes.STAGE_GROUPS
    assert {"TX", "T0", "Tis", "T1a", "T4b"} <= set(codes.T_CATEGORIES)
    assert {"NX", "N0", "N1mi", "N2a", "N3"} <= set(codes.N_CATEGORIES)
    assert list(codes.M_CATEGORIES) == ["M0", "M1", "M1a", "M1b", "M1c", "M1d"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("GROWTH_TEMPO", ["slow", "moderate", "rapid", "unknown"]),
        ("RESPONSE_CATEGORIES", ["CR", "PR", "SD", "PD", "NED", "not_assessed", "unknown"]),
        ("BIOMARKER_STATUSES", ["positive", "negative", "equivocal", "pending", "not_tested", "unknown"]),
        ("BIOMARKER_METHODS", ["ihc", "fish", "pcr", "tissue_ngs", "liquid_ngs", "other"]),
        ("STOP_REASONS", ["completed", "progression", "toxicity", "patient_choice", "other", "ongoing"]),
        ("LOCAL_TREATMENT_KINDS", ["surgery", "radiotherapy", "sbrt", "ablation", "other"]),
        ("ECOG", [0, 1, 2, 3, 4]),
    ],
)
def test_code_lists_are_in_form_order(name, expected):
    assert list(getattr(codes, name)) == expected


def test_metastatic_sites_include_the_cns_sites_urgency_reads():
    assert {"brain", "leptomeninges", "bone_marrow", "distant_lymph_nodes"} <= set(codes.METASTATIC_SITES)


def test_lab_tests_carry_units_and_reference_ranges():
    hb = codes.LAB_TESTS["haemoglobin"]
    assert (hb.unit, hb.low < hb.high) == ("g/dL", True)
    assert codes.LAB_TESTS["creatinine"].unit == "µmol/L"
    assert codes.LAB_TESTS["egfr"].high is None
    assert {
        "neutrophils",
        "platelets",
        "bilirubin",
        "alt",
        "ast",
        "albumin",
        "ldh",
        "cea",
        "ca125",
        "psa",
        "calcium",
    } <= set(codes.LAB_TESTS)


@pytest.mark.parametrize(
    ("sites", "lesions", "expected"),
    [(1, 1, True), (3, 5, True), (3, 6, False), (1, 0, False), (2, None, None), (6, None, False), (None, None, None)],
)
def test_oligometastatic_means_one_to_five_lesions(sites, lesions, expected):
    assert codes.oligometastatic(sites, lesions) is expected


@pytest.mark.parametrize(
    ("sites", "lesions", "expected"),
    # EORTC lung consensus 2019 (Dingemans, J Thorac Oncol 2019): at most 5 metastases in at most 3 organs.
    [(3, 5, True), (4, 4, False), (4, None, False), (3, 6, False), (1, 1, True), (3, None, None)],
)
def test_lung_oligometastatic_disease_is_also_limited_to_three_organs(sites, lesions, expected):
    assert codes.oligometastatic(sites, lesions, "nsclc") is expected
    if sites == 4 and lesions == 4:
        assert codes.oligometastatic(sites, lesions, "breast") is True  # ESTRO/ASTRO sets no organ limit


@pytest.mark.parametrize("cancer_type", ["lymphoma", "myeloma", "aml"])
def test_no_blood_cancer_is_called_oligometastatic(cancer_type):
    """Lugano 2014 (Cheson, J Clin Oncol 2014): a lymphoma's extranodal sites are stage IV, not metastases."""
    assert codes.oligometastatic(2, 3, cancer_type) is None
    assert codes.oligometastatic(2, 3, "breast") is True


def test_a_single_pleural_metastasis_of_lung_cancer_needs_thoracoscopy_before_it_counts():
    """EORTC lung consensus (Dingemans, J Thorac Oncol 2019): thoracoscopy and biopsies of distant ipsilateral
    pleural sites for a solitary pleural metastasis."""
    assert codes.needs_pleural_thoracoscopy(["pleura"], 1, "nsclc")
    assert not codes.needs_pleural_thoracoscopy(["pleura"], 2, "nsclc")
    assert not codes.needs_pleural_thoracoscopy(["pleura", "bone"], 2, "nsclc")
    assert not codes.needs_pleural_thoracoscopy(["pleura"], 1, "breast")


def test_lymphoma_is_offered_the_lugano_2014_stages_and_only_hodgkin_lymphoma_the_a_and_b_suffixes():
    """Lugano 2014 (Cheson BD et al., J Clin Oncol 2014): I, IE, II, IIE, II bulky, III, IV; A/B for Hodgkin only."""
    nodal = codes.stage_choices("lymphoma", "dlbcl")
    assert list(nodal) == ["I", "IE", "II", "IIE", "IIbulky", "III", "IV", "unknown"]
    assert nodal["IIbulky"] == "Lugano 2014 stage II bulky"
    hodgkin = codes.stage_choices("lymphoma", "hodgkin")
    assert {"II", "IIA", "IIB", "IIbulkyB", "IVB"} <= set(hodgkin)
    assert hodgkin["IIEB"] == "Lugano 2014 stage IIEB"


@pytest.mark.parametrize(
    ("cancer_type", "stages"),
    [("nsclc", "STAGE_GROUPS"), ("myeloma", "ISS_STAGES"), ("lymphoma", "LUGANO_STAGES"), ("cll", None)],
)
def test_each_cancer_is_offered_the_stage_groups_of_its_own_system(cancer_type, stages):
    assert codes.stage_choices(cancer_type, "") == (getattr(codes, stages) if stages else {})
