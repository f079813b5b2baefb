"""The demo cases show their biomarker records, read in context, in the MDT summary and the letter (PDFs read back)."""

import io

import pytest
from django.core.management import call_command

from cases.assessment import interpretation_for, render
from cases.clinical.biomarkers import GAP_REASONS
from cases.models import Case
from reports.documents.letter import gap_letter_pdf
from reports.documents.summary import summary_pdf
from tests.helpers.pdfs import flat, page_texts

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return flat(" ".join(page_texts(pdf)))


def words(text: str) -> str:
    """Without spaces or hyphens: pdftotext splits cells and joins words hyphenated at a line's end."""
    return "".join(text.split()).replace("-", "")


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return {c.reference: c for c in Case.objects.all()}


def assert_gaps_printed_with_reasons(case, text):
    gaps = words(text[text.index("Gaps and why") :])
    for gap in interpretation_for(case).gaps:
        assert words(GAP_REASONS[gap.reason]) in gaps, gap.marker
        assert words(render(gap.template, gap.params)) in gaps, gap.marker
        assert words(gap.source) in gaps, gap.marker


def test_demo_cases_read_their_results_in_context(demo):
    # EGFR exon 19 deletion progressing on osimertinib: the records with specimen, date, assay, clone, VAF and origin;
    # resistance testing is the gap, not ROS1 or RET.
    n2c = demo["MDT-DEMN2C"]
    text = text_of(summary_pdf(n2c))
    table = section(text, "Result and alteration", "Gaps and why")
    for fact in ("exon 19 deletion", "T790M", "Blood plasma", "Tissue from the primary tumour", "34%", "2.1%", "22C3"):
        assert fact in table, fact
    assert "Tumour only (somatic)" in table and "Liquid biopsy NGS (ctDNA)" in table
    gaps = interpretation_for(n2c).gaps
    assert "resistance" in {g.reason for g in gaps}
    assert not {"ROS1", "RET", "ALK"} & {g.marker for g in gaps}
    assert_gaps_printed_with_reasons(n2c, text)
    assert "Rules out" in text and "pneumonitis" in text  # PD-L1 read in an EGFR-driven cancer
    letter = text_of(gap_letter_pdf(n2c))
    assert "ROS1 rearrangement" not in letter
    assert "coordinator Mei Chen" in letter and "coordinator@demo.mdt" in letter
    assert words(render(interpretation_for(n2c).panel_recommendation.template)) in words(letter)

    # HER2-positive, ER/PR 0%: HER2 IHC 3+ is actionable; no endocrine-therapy marker is a gap.
    b3r = demo["MDT-DEMB3R"]
    text = text_of(summary_pdf(b3r))
    assert "IHC 3+" in section(text, "Result and alteration", "Actionable now")
    assert not {"PIK3CA", "ESR1", "AKT1", "PTEN"} & {g.marker for g in interpretation_for(b3r).gaps}
    # HER2 amplification excludes NTRK/RET fusions (JSCO/JSMO NTRK 2020): no such gap, and agnostic markers once.
    b3r_gaps = [g.marker for g in interpretation_for(b3r).gaps]
    assert not {"NTRK", "RET", "BRAF"} & set(b3r_gaps) and b3r_gaps.count("AGNOSTIC") <= 1
    assert "NTRK" not in section(text, "Gaps and why", "Treatment history")
    assert_gaps_printed_with_reasons(b3r, text)

    # Colorectal, dMMR/MSI-H: immunotherapy actionable; KRAS exon 2 only leaves extended RAS open; Lynch work-up.
    c4k = demo["MDT-DEMC4K"]
    text = text_of(summary_pdf(c4k))
    table = section(text, "Result and alteration", "Actionable now")
    assert "MSI by PCR" in table and "PCR hotspot" in table and "lossofMLH1/PMS2staining" in words(table)
    # The IHC record reads dMMR, the PCR record MSI-high (review 2026-11-30; CAP MMR/MSI guideline 2022).
    assert "dMMR (mismatch-repair deficient)" in table and "Detected (positive): MSI" in table
    reasons = {g.marker: g.reason for g in interpretation_for(c4k).gaps}
    assert reasons.get("KRAS") == "exons_limited"
    # MLH1/PMS2 loss with BRAF V600E negative: Lynch screening starts with MLH1 methylation on the tumour (NCCN 2024).
    assert reasons.get("GERMLINE") == "lynch_screen"
    assert_gaps_printed_with_reasons(c4k, text)
    assert "AGNOSTIC" not in text  # the one tissue-agnostic row is named in words, not by its code
    assert words("Tissueagnostic markers").lower() in words(text).lower()

    # AML in first remission: NPM1 MRD by qPCR is on file (no gap); the karyotype is still missing.
    a6l = demo["MDT-DEMA6L"]
    text = text_of(summary_pdf(a6l))
    assert "Bone marrow" in section(text, "Result and alteration", "Gaps and why") and "41%" in text
    a6l_gaps = {g.marker for g in interpretation_for(a6l).gaps}
    assert "KARYOTYPE" in a6l_gaps and "MRD" not in a6l_gaps
    # In remission, revumenib (approved for relapsed or refractory disease only) is a note for later, not actionable.
    assert not any("revumenib" in s.template for s in interpretation_for(a6l).actionable)
    assert "Actionable now" not in text[: text.index("Gaps and why")]
    assert "revumenib" in section(text, "If the disease comes back or stops responding", "Gaps and why")
    assert_gaps_printed_with_reasons(a6l, text)
