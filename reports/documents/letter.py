"""The biomarker-gap letter: what the patient takes to their local oncologist or laboratory.

One PDF: the letter in the patient's report language, then the same letter
in English (once only when that language is English), naming each missing
test, the method and the specimen or report it needs.
"""

from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import get_language_info, get_supported_language_variant
from django.utils.translation import gettext as _

from cases.assessment import gaps_for, interpretation_for, render
from cases.clinical.biomarkers import GAP_REASONS
from cases.clinical.codes import BIOMARKER_STATUSES
from cases.clinical.lab_requests import requests_for
from cases.clinical.panels import MarkerStatus
from cases.labels import diagnosis_line
from cases.models import Case
from reports.pdf import render_template_pdf

TEMPLATE = "reports/letter/letter.html"
ENGLISH = "en"


PLAIN_REASONS = ("not_tested", "unknown", "pending", "equivocal")


class NoBiomarkerGaps(Exception):
    """The case has no biomarker gap, so there is no letter to write."""


def letter_gaps(case: Case) -> list[MarkerStatus]:
    return [row for row in gaps_for(case) if row.is_gap]


def letter_languages(case: Case) -> list[str]:
    """The case's report language (or the owner's language) first, then English."""
    wanted = case.report_language or case.owner.language or ENGLISH
    try:
        language = get_supported_language_variant(wanted)
    except LookupError:
        language = ENGLISH
    return [language] if language == ENGLISH else [language, ENGLISH]


def gap_letter_pdf(case: Case) -> bytes:
    """The letter as PDF bytes; NoBiomarkerGaps if nothing is missing."""
    gaps = letter_gaps(case)
    if not gaps:
        raise NoBiomarkerGaps(case.reference)
    languages = letter_languages(case)
    sections = [_section(case, gaps, language) for language in languages]
    with translation.override(languages[0]):
        context = {"case": case, "sections": sections, "footer": case.reference}
        return render_template_pdf(TEMPLATE, context)


def letter_filename(case: Case) -> str:
    return f"{case.reference}-biomarker-letter.pdf"


def _section(case: Case, gaps: list[MarkerStatus], language: str) -> dict:
    """Everything the template shows that comes from data, translated into `language`."""
    with translation.override(language):
        return {
            "language": language,
            "language_name": get_language_info(language)["name_local"],
            "date": _date(timezone.localdate()),
            "birth_date": _date(case.patient_birth_date),
            "diagnosis": diagnosis_line(case),
            "rows": [_row(case, gap) for gap in gaps],
            "shared": _shared_methods(case, gaps),
            "panel_recommendation": _panel_recommendation(case),
            "case_url": settings.SITE_URL + reverse("intake:case_detail", args=[case.reference]),
        }


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _row(case: Case, gap: MarkerStatus) -> dict:
    m = gap.marker
    plain = gap.gap_reason in PLAIN_REASONS or gap.gap_reason not in GAP_REASONS
    status = BIOMARKER_STATUSES.get(gap.state, gap.state) if plain else GAP_REASONS[gap.gap_reason]
    requests = requests_for(m.code, case.cancer_type, gap.state)
    return {
        "code": m.code,
        "label": _(m.label),
        "status": _(status),
        # The plain reasons are in the status column; a special one (resistance, germline, assay) explains itself.
        "why": _(m.why) if gap.gap_reason in PLAIN_REASONS and m.why else render(gap.reason, gap.params),
        "guideline": m.guideline,
        "requests": [{"method": _(r.method), "specimen": _(r.specimen)} for r in requests],
    }


def _panel_recommendation(case: Case) -> dict | None:
    """One comprehensive DNA+RNA panel instead of single-gene tests, when the rules recommend it."""
    note = interpretation_for(case).panel_recommendation
    return {"text": render(note.template, note.params), "source": note.source} if note else None


def _shared_methods(case: Case, gaps: list[MarkerStatus]) -> list[dict]:
    """Methods asked for first by two or more gaps: one test on one specimen can answer them together."""
    by_method = defaultdict(list)
    for gap in gaps:
        requests = requests_for(gap.marker.code, case.cancer_type, gap.state)
        if requests and requests[0].specimen_code != "report":
            by_method[requests[0].method].append(_(gap.marker.label))
    return [{"method": _(method), "markers": labels} for method, labels in by_method.items() if len(labels) > 1]
