"""The MDT summary PDF against bare WeasyPrint on the same HTML.

Product: `summary_pdf(case)` (the case loaded with its clinical data, the context built, the template rendered,
WeasyPrint through the safe fetcher, attachments stripped). Floor: `weasyprint.HTML(string=html).write_pdf()` on
the very HTML the product rendered, with the same fetcher (it has to load the same stylesheet and fonts).
"""

import datetime

from bench.common import QUICK, ROWS, Row, alternate, ratios, spread, timed


def _rich_case():
    """A case with enough in it for a several-page summary: lines of treatment, markers, records, questions."""
    from cases.models import Biomarker, TreatmentLine
    from tests.factories import UserFactory, add_document, complete_case

    case = complete_case(UserFactory(), question_codes=["treatment_options", "clinical_trials"])
    today = datetime.date.today()
    for i, regimen in enumerate(["Carboplatin + pemetrexed", "Docetaxel", "Pembrolizumab", "Amivantamab"]):
        TreatmentLine.objects.create(
            case=case,
            regimen=regimen,
            start_date=today - datetime.timedelta(days=900 - 150 * i),
            end_date=today - datetime.timedelta(days=760 - 150 * i),
            best_response="SD",
            stop_reason="progression",
        )
    for marker, result in [("ALK", "not_detected"), ("ROS1", "not_detected"), ("KRAS", "not_detected")]:
        Biomarker.objects.create(case=case, marker=marker, result=result, assay="dna_rna_ngs")
    Biomarker.objects.create(
        case=case, marker="PD-L1", result="detected", pdl1_score=60, pdl1_system="TPS", pdl1_clone="22C3", assay="ihc"
    )
    for day in range(12):
        add_document(
            case,
            ["pathology_report", "imaging_report", "lab_results"][day % 3],
            today - datetime.timedelta(days=day * 20),
        )
    return case


def main() -> None:
    from django.template.loader import render_to_string
    from django.utils import timezone, translation
    from pypdf import PdfReader
    from weasyprint import HTML

    from cases.assessment import case_with_clinical
    from reports.documents.summary import GLANCE_END, GLANCE_FITS, TEMPLATE, summary_context, summary_pdf
    from reports.pdf import BASE_URL, SafeFetcher

    case = _rich_case()
    with translation.override("en"):
        context = summary_context(case_with_clinical(case), audience="mdt", today=timezone.localdate())
        context["page_size"] = "A4"
        # The HTML the product ends up writing: the first "at a glance" fit that keeps it on page 1 (the product
        # may lay out more than one; that is part of its cost, the floor lays out only the final one).
        for fit in GLANCE_FITS:
            context["fit"] = fit
            html = render_to_string(TEMPLATE, context)
            if GLANCE_END in HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).render().pages[0].anchors:
                break
    out = {}

    def product():
        out["product"] = summary_pdf(case, audience="mdt", language="en")

    def floor():
        out["floor"] = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).write_pdf()

    product(), floor()  # warm-up: fonts and stylesheets loaded once, as in a running worker
    products, floors = alternate(lambda: timed(product), lambda: timed(floor), 4 if QUICK else 6)
    import io

    pages = len(PdfReader(io.BytesIO(out["product"])).pages)
    floor_pages = len(PdfReader(io.BytesIO(out["floor"])).pages)
    print(
        f"summary PDF: {pages} pages (floor: {floor_pages}); product {spread(products, 's')}, floor {spread(floors, 's')}"
    )
    ROWS.append(
        Row(
            name=f"MDT summary PDF ({pages} pages)",
            product=spread(products, "s"),
            floor=f"bare WeasyPrint, same HTML: {spread(floors, 's')}",
            ratios=ratios(products, floors),
            goal=1.15,
        )
    )
