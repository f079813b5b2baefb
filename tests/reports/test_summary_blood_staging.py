"""A blood cancer's stage in the MDT summary PDF, read back with pypdf: named by its system, never with TNM letters."""

import io

import pytest
from pypdf import PdfReader

from reports.documents.summary import summary_pdf
from tests.factories import complete_case

pytestmark = pytest.mark.django_db


def pdf_words(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_myeloma_summary_names_the_staging_system_and_shows_no_letters_left_from_another_type(patient):
    case = complete_case(patient, cancer_type="myeloma", cancer_subtype="", stage_group="RISS-III")  # T2a N2 M1c
    text = pdf_words(summary_pdf(case))
    assert "R-ISS stage III" in text and "ISS/R-ISS" not in text
    assert "TNM" not in text and "T2a" not in text and "M1c" not in text


def test_myeloma_stage_saved_without_its_system_says_the_system_was_not_recorded(patient):
    case = complete_case(patient, cancer_type="myeloma", cancer_subtype="", stage_group="III")
    assert "ISS/R-ISS stage III (system not recorded)" in pdf_words(summary_pdf(case))


def test_r2_iss_has_a_fourth_stage(patient):
    case = complete_case(patient, cancer_type="myeloma", cancer_subtype="", stage_group="R2ISS-IV")
    assert "R2-ISS stage IV" in pdf_words(summary_pdf(case))


def test_lymphoma_sites_print_as_involvement_never_as_metastatic_spread(patient):
    """Oncologist's review: a lymphoma read "Metastatic spread: Lung, Distant lymph nodes … oligometastatic,
    ESTRO/ASTRO consensus 2020" beside its Lugano stage; extranodal disease is Lugano stage IV, not a metastasis."""
    case = complete_case(patient, cancer_type="lymphoma", cancer_subtype="dlbcl", stage_group="IIbulky")
    case.metastatic_sites, case.metastatic_lesion_count = ["lung", "distant_lymph_nodes", "brain"], 3
    case.save()
    text = pdf_words(summary_pdf(case))
    assert "Lugano 2014 stage II bulky" in text
    assert "SITES OF INVOLVEMENT (AS ENTERED) Lung, Distant lymph nodes, Brain" in text
    assert "Number of lesions (as entered) 3" in text
    assert "brain involvement (as entered)" in text and "brain metastases" not in text
    for solid_tumour_words in ("METASTATIC SPREAD", "Metastatic sites", "Number of metastases", "oligometastatic"):
        assert solid_tumour_words not in text
    assert "ESTRO/ASTRO" not in text


def test_lymphoma_without_sites_reads_not_applicable_like_the_other_blood_cancers(patient):
    case = complete_case(patient, cancer_type="lymphoma", cancer_subtype="dlbcl", stage_group="II")
    case.metastatic_sites, case.metastatic_lesion_count = [], None
    case.save()
    text = pdf_words(summary_pdf(case))
    assert "METASTATIC SPREAD Not applicable" in text and "oligometastatic" not in text


def test_solid_tumour_summary_still_shows_its_spread_and_oligometastatic_verdict(patient):
    text = pdf_words(summary_pdf(complete_case(patient)))  # lung cancer in bone and liver, 4 lesions
    assert "METASTATIC SPREAD Bone, Liver" in text and "oligometastatic EORTC lung consensus 2019" in text


def test_lymphoma_summary_shows_the_lugano_stage(patient):
    case = complete_case(patient, cancer_type="lymphoma", cancer_subtype="dlbcl", stage_group="IIE")
    text = pdf_words(summary_pdf(case))
    assert "Lugano 2014 stage IIE" in text
    assert "TNM" not in text and "M1c" not in text


def test_solid_tumour_summary_still_shows_its_tnm(patient):
    text = pdf_words(summary_pdf(complete_case(patient)))
    assert "Stage IVB" in text and "TNM" in text and "M1c" in text
