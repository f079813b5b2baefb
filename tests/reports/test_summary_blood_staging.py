"""A blood cancer's stage in the MDT summary PDF, read back with pypdf: named by its system, never with TNM letters."""

import io

import pytest
from pypdf import PdfReader

from reports.documents.summary import summary_pdf
from tests.factories import complete_case

pytestmark = pytest.mark.django_db


def pdf_words(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_myeloma_summary_shows_the_iss_stage_and_no_letters_left_from_another_type(patient):
    case = complete_case(patient, cancer_type="myeloma", cancer_subtype="", stage_group="III")  # T2a N2 M1c kept
    text = pdf_words(summary_pdf(case))
    assert "ISS/R-ISS stage III" in text
    assert "TNM" not in text and "T2a" not in text and "M1c" not in text


def test_lymphoma_summary_shows_the_lugano_stage(patient):
    case = complete_case(patient, cancer_type="lymphoma", cancer_subtype="dlbcl", stage_group="IIE")
    text = pdf_words(summary_pdf(case))
    assert "Lugano 2014 stage IIE" in text
    assert "TNM" not in text and "M1c" not in text


def test_solid_tumour_summary_still_shows_its_tnm(patient):
    text = pdf_words(summary_pdf(complete_case(patient)))
    assert "Stage IVB" in text and "TNM" in text and "M1c" in text
