"""Oncologist's review 2026-11-30 (Chinese MDT summary): "检出（阳性）: …" put an ASCII colon after Chinese text.
The separator after a result follows the language: "：" in Chinese, ": " in English. PDFs read back with pdftotext."""

import pytest

from cases.biomarker_view import document_results
from cases.models import Biomarker
from reports.documents.summary import summary_pdf
from tests.factories import add_document, complete_case
from tests.helpers.pdfs import page_texts, squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(patient):
    case = complete_case(patient)
    case.biomarkers.all().delete()
    Biomarker.objects.create(case=case, marker="EGFR", result="detected", alterations=["ex19del"], assay="dna_ngs")
    return case


def text(case, language: str) -> str:
    return squeeze(" ".join(page_texts(summary_pdf(case, language=language))))


def test_chinese_biomarker_table_uses_the_full_width_colon(case):
    chinese = text(case, "zh-hans")
    assert "检出（阳性）：" in chinese
    assert "检出（阳性）:" not in chinese


def test_english_biomarker_table_keeps_the_ascii_colon(case):
    assert "Detected(positive):" in text(case, "en")


def test_packet_separator_lines_use_the_full_width_colon_in_chinese(case):
    from django.utils import translation

    document = add_document(case, "biomarker_report")
    case.biomarkers.update(document=document)
    with translation.override("zh-hans"):
        assert document_results(document)[0].startswith("EGFR：")
    with translation.override("en"):
        assert document_results(document)[0].startswith("EGFR: ")
