"""The biomarker-gap letter: what the patient takes to their local oncologist or laboratory.

One PDF: the letter in the patient's report language, then the same letter
in English (once only when that language is English), naming each missing
test, the method and the specimen or report it needs. Each language is laid
out on its own and then joined, so each half has its own page numbers and
running footer in its own language ("第 1 页，共 2 页", then "Page 1 of 2").
"""

from collections import defaultdict
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import get_language_info, get_supported_language_variant
from django.utils.translation import gettext as _

from cases.assessment import interpretation_for, snapshot_for
from cases.biomarker_view import gap_rows, marker_names, panel_note
from cases.clinical.biomarkers import Gap
from cases.clinical.lab_requests import given_drug_classes, requests_for
from cases.labels import diagnosis_line
from cases.models import Case
from reports.documents.patient_report import merge_pdfs
from reports.pdf import render_template_pdf

TEMPLATE = "reports/letter/letter.html"
ENGLISH = "en"


class NoBiomarkerGaps(Exception):
    """The case has no biomarker gap, so there is no letter to write."""


def letter_gaps(case: Case) -> list[Gap]:
    """The tests still needed, and why, as the interpretation of the case's results says (cases.clinical.biomarkers)."""
    return list(interpretation_for(case).gaps)


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
    interpretation = interpretation_for(case)
    if not interpretation.gaps:
        raise NoBiomarkerGaps(case.reference)
    languages = letter_languages(case)
    halves = []
    for language in languages:
        section = _section(case, interpretation, language)
        with translation.override(language):
            footer = f"{case.reference} · {_('Biomarker tests requested')}"
            halves.append(render_template_pdf(TEMPLATE, {"case": case, "sections": [section], "footer": footer}))
    return halves[0] if len(halves) == 1 else merge_pdfs(halves)


def letter_filename(case: Case) -> str:
    return f"{case.reference}-biomarker-letter.pdf"


def requester(case: Case) -> dict:
    """Who asks for the tests and how to reach them: the service (settings.MDT_SERVICE_*) and the case's coordinator.

    Always an email: the letter goes to a doctor outside the service, who cannot sign in to the patient's case page,
    so without a service address or a coordinator it gives the address the service's emails come from."""
    coordinator = case.coordinator
    email = (
        settings.MDT_SERVICE_EMAIL
        or (coordinator.email if coordinator else "")
        or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    )
    return {
        "service": settings.MDT_SERVICE_NAME or _("MDT Intake second-opinion service"),
        "coordinator": (coordinator.get_full_name() or coordinator.email) if coordinator else "",
        "email": email,
        "phone": settings.MDT_SERVICE_PHONE,
    }


def _section(case: Case, interpretation, language: str) -> dict:
    """Everything the template shows that comes from data, translated into `language`."""
    with translation.override(language):
        rows = [_row(case, gap, row) for gap, row in zip(interpretation.gaps, gap_rows(interpretation), strict=True)]
        panel = panel_note(interpretation)
        return {
            "language": language,
            "language_name": get_language_info(language)["name_local"],
            "date": _date(timezone.localdate()),
            "birth_date": _date(case.patient_birth_date),
            "diagnosis": diagnosis_line(case),
            "rows": rows,
            "panel": panel,
            # With one comprehensive panel recommended, the per-method grouping would only repeat it.
            "shared": [] if panel else _shared_methods(case, interpretation.gaps),
            "requester": requester(case),
            "case_url": settings.SITE_URL + reverse("intake:case_detail", args=[case.reference]),
        }


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _row(case: Case, gap: Gap, row: dict) -> dict:
    requests = requests_for(gap.marker, case.cancer_type, gap.state, gap.reason, given=_given(case))
    return {
        "code": gap.marker,
        "label": row["name"],
        "status": row["reason"],
        "why": row["why"],
        "guideline": row["source"],
        "specimen_hint": row["specimen_hint"],
        "requests": [{"method": _(r.method), "specimen": _(r.specimen)} for r in requests],
    }


def _given(case: Case) -> frozenset[str]:
    """The drug classes the patient has had: a test asked "before the first dose" is asked before the next."""
    return given_drug_classes(snapshot_for(case).treatment_lines)


def _shared_methods(case: Case, gaps) -> list[dict]:
    """Methods asked for first by two or more gaps: one test on one specimen can answer them together."""
    by_method = defaultdict(list)
    for gap in gaps:
        requests = requests_for(gap.marker, case.cancer_type, gap.state, gap.reason, given=_given(case))
        if requests and requests[0].specimen_code != "report":
            by_method[requests[0].method].append(gap_label(gap.marker))
    return [{"method": _(method), "markers": labels} for method, labels in by_method.items() if len(labels) > 1]


def gap_label(code: str) -> str:
    return marker_names(code)[1]
