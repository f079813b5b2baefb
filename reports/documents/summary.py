"""The MDT summary PDF and the patient's copy: one renderer, two audiences.

``summary_pdf(case)`` is what a tumour board reads first: a one-page "at a
glance", then the biomarker panel with its gaps, the treatment timeline and
tumour measurements, the condition now, the patient's own goals and questions
and an index of the records. ``audience="patient"`` renders the same data as
the patient's copy of what they submitted: their wording ("What you told
us"), no urgency flags or triage data, gaps worded as in the intake review.

Everything is rendered inside ``translation.override``: the MDT copy in
English unless asked otherwise, the patient's copy in their report language.
Patient text reaches the template as plain strings and is autoescaped there.
"""

import datetime

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.assessment import case_with_clinical, completeness_for, flags_for, latest_assessment, render
from cases.biomarker_view import biomarker_picture
from cases.clinical import codes
from cases.clinical.lines import measured_to_relapse
from cases.labels import cancer_type_label, code_label, reported_label, stage_label, subtype_label, tnm_letters
from cases.models import Case
from cases.partial_dates import local_iso
from reports.documents import summary_condition, summary_treatment
from reports.labels import foreign_to, has_han, months_between, shown_date
from reports.pdf import render_document

AUDIENCES = ("mdt", "patient")
PAGE_SIZES = ("A4", "Letter")
TEMPLATE = "reports/summary/summary.html"
ORGAN_LIMIT = 3  # the organ limit many oligometastatic trials add to the ESTRO/ASTRO lesion count
# Page 1 must stay one page: long answers are cut there (with "…") and given in full in their section.
GLANCE_CHARS = 200
# How page 1 is fitted, tried in order until the end of "at a glance" (the element with this id) is on page 1:
# the normal layout with up to three of the patient's questions, the compact one, then the compact one with only
# the main question. A case that fits at once is rendered once (of the demo cases, only MDT-DEMN2C with its four
# urgency flags needs the compact layout).
GLANCE_END = "glance-end"
GLANCE_FITS = (
    {"compact": False, "questions": 3},
    {"compact": True, "questions": 3},
    {"compact": True, "questions": 1},
)


def summary_pdf(case: Case, *, audience: str = "mdt", language: str | None = None, page_size: str = "A4") -> bytes:
    """The summary PDF of `case` for `audience` ("mdt" or "patient"), on A4 or Letter paper."""
    return summary_document(case, audience=audience, language=language, page_size=page_size).write_pdf()


def summary_document(
    case: Case,
    *,
    audience: str = "mdt",
    language: str | None = None,
    page_size: str = "A4",
    font_config=None,
):
    """The summary laid out (a WeasyPrint Document) in the first of GLANCE_FITS that keeps "at a glance" on page 1;
    the case packet writes it with its own pages (reports.pdf.render_pdfs, sharing `font_config`)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {AUDIENCES}")
    if page_size not in PAGE_SIZES:
        raise ValueError(f"unknown page size {page_size!r}; expected one of {PAGE_SIZES}")
    case = case_with_clinical(case)
    language = language or default_language(case, audience)
    with translation.override(language):
        context = summary_context(case, audience=audience, today=timezone.localdate())
        context["page_size"] = page_size
        for fit in GLANCE_FITS:
            context["fit"] = fit
            document = render_document(render_to_string(TEMPLATE, context), font_config=font_config)
            if GLANCE_END in document.pages[0].anchors:
                break
        return document


def default_language(case: Case, audience: str) -> str:
    if audience == "mdt":
        return settings.LANGUAGE_CODE
    return case.report_language or getattr(case.owner, "language", "") or settings.LANGUAGE_CODE


def summary_context(case: Case, *, audience: str, today: datetime.date) -> dict:
    """Everything the summary template shows, as plain values in the active language."""
    mdt = audience == "mdt"
    lines = summary_treatment.line_rows(case, today)
    title = _("MDT case summary") if mdt else _("Your case: what you told us")
    biomarkers = biomarker_picture(case)
    return {
        "case": case,
        "mdt": mdt,
        "title": title,
        "footer": f"{case.reference} · {title}",
        "generated_on": shown_date(today),
        "glance": glance(case, biomarkers, lines, today, mdt=mdt),
        "diagnosis": diagnosis(case),
        "biomarkers": biomarkers,
        **({} if mdt else still_needed(case)),
        "treatment": {
            "lines": lines,
            "timeline": summary_treatment.timeline(case, lines, today),
            "local": summary_treatment.local_rows(case),
            "assessments": summary_treatment.assessments(case),
            "line_outcomes": any(r["derived"]["best"] or r["derived"]["progression"] for r in lines),
            "to_relapse": measured_to_relapse(case.cancer_type, f"{case.histology} {case.cancer_subtype}"),
            "markers": summary_treatment.marker_trends(case),
            "aml": summary_treatment.aml_notes(case, today),
        },
        "condition": summary_condition.condition(case),
        "goals": goals(case),
        "documents": documents(case),
        "texts": texts(case),
        "typed_note": typed_note(case, lines, biomarkers),
    }


def typed_note(case: Case, lines: list[dict], biomarkers: dict) -> bool:
    """Whether the document shows words the patient typed in another script than its own (Latin in a Chinese
    copy), set in italics by the `typed` filter: page 1 then says what the italics mean."""
    language = translation.get_language() or ""
    if not language.startswith("zh"):
        return False
    typed = [case.histology, case.primary_site, case.patient_country, case.goals_text, case.oncologist_said]
    typed += case.own_questions.splitlines() + [case.travel_notes]
    typed += [case.diagnosis_notes, case.biomarker_notes, case.treatment_notes, case.organ_function_notes]
    typed += [case.comorbidities, case.nutrition_notes]
    typed += [text for r in lines for text in (r["line"].regimen, r["line"].notes)]
    typed += [text for t in case.local_treatments.all() for text in (t.site, t.notes)]
    typed += [text for r in biomarkers["results"] for text in (r.get("value") or "", r.get("site") or "")]
    return any(foreign_to(text or "", language) for text in typed)


def texts(case: Case) -> dict:
    """The free-text answers, verbatim, each tagged with its script."""
    return {
        "diagnosis": patient_text(case.diagnosis_notes),
        "biomarkers": patient_text(case.biomarker_notes),
        "treatment": patient_text(case.treatment_notes),
        "organ": patient_text(case.organ_function_notes),
        "comorbidities": patient_text(case.comorbidities),
        "nutrition": patient_text(case.nutrition_notes),
    }


# At a glance ---------------------------------------------------------------------------------------------------


def age(birth: datetime.date | None, today: datetime.date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def reported_response(case: Case) -> str:
    """The latest response as the patient was told it: the latest dated assessment's reported category (what the
    response section shows), else the one given at intake."""
    latest = latest_assessment(case, usable_only=True)
    code = (latest.reported_category if latest else "") or case.reported_response
    return reported_label(case, code) if code else ""


def glance(case: Case, biomarkers: dict, lines: list[dict], today: datetime.date, *, mdt: bool) -> dict:
    current = summary_treatment.current_lines(lines)
    return {
        "stage_not_applicable": case.cancer_type in codes.NO_STAGE_GROUP,
        "spread_not_applicable": case.cancer_type in codes.NO_METASTATIC_SPREAD and not case.metastatic_sites,
        # A blood cancer's sites, if entered, are sites of involvement, never metastases (cases.clinical.tnm).
        "involvement": case.cancer_type in codes.NO_METASTATIC_SPREAD,
        "age": age(case.patient_birth_date, today),
        "sex": case.get_patient_sex_display(),
        "cancer": cancer_type_label(case.cancer_type),
        "subtype": subtype_label(case.cancer_type, case.cancer_subtype) if case.cancer_subtype else "",
        "stage": stage_label(case.cancer_type, case.stage_group, case.histology),
        "no_tnm": case.cancer_type in codes.NO_TNM,
        "tnm": " ".join(c for c in tnm_letters(case) if c),
        "diagnosed_months": months_between(case.diagnosis_date, today) if case.diagnosis_date else None,
        "spread": spread(case),
        "ecog": ecog_words(case.ecog),
        "positives": latest_detected(biomarkers["results"]),
        "actionable": list(
            dict.fromkeys(
                i["marker"]
                for s in biomarkers["sections"]
                if s["kind"] == "actionable"
                for i in s["items"]
                if i["marker"]
            )
        ),
        "gap_count": len(biomarkers["gaps"]),
        "gaps": list(dict.fromkeys(g["short"] for g in biomarkers["gaps"])),
        "current": current,
        "current_is_ongoing": any(r["line"].ongoing for r in current),
        "reported_response": reported_response(case),
        "derived_response": summary_treatment.latest_derived(case),
        "flags": [{"severity": f.severity, "text": render(f.reason, f.params)} for f in flags_for(case)] if mdt else [],
        "out_of_date": out_of_date(case) if mdt else [],
        "questions": glance_questions(case),
        "hopes": patient_text(clip(case.goals_text)),
        "question_count": len(case.question_codes or [])
        + len([q for q in case.own_questions.splitlines() if q.strip()]),
    }


def ecog_words(ecog: int | None) -> str:
    """What an ECOG grade means, without the grade number the label starts with ("1 - Restricted…")."""
    if ecog is None:
        return ""
    text = code_label(codes.ECOG, ecog)
    return text.split(" - ", 1)[1] if text.startswith(f"{ecog} - ") else text


def spread(case: Case) -> dict:
    """Metastatic sites and counts, with the oligometastatic verdict and the rule it follows; for a blood cancer
    (cases.clinical.tnm.NO_METASTATIC_SPREAD) the sites as entered, with no verdict and no rule."""
    sites = list(case.metastatic_sites or [])
    lesions = case.metastatic_lesion_count
    listed = {
        "sites": [code_label(codes.METASTATIC_SITES, s) for s in sites],
        "short_sites": [code_label(codes.METASTATIC_SITES, s).split(" (", 1)[0] for s in sites],
        "site_count": len(sites),
        "lesion_count": lesions,
    }
    if case.cancer_type in codes.NO_METASTATIC_SPREAD:
        return {**listed, "oligometastatic": None, "verdict": "", "rule": "", "beyond_organ_limit": False}
    lung = case.cancer_type == "nsclc"
    oligo = codes.oligometastatic(len(sites) or None, lesions, case.cancer_type)
    if not sites and not lesions:
        verdict = ""
    elif oligo is None:
        verdict = _("oligometastatic or not: not known (number of lesions not given)")
    elif oligo:
        verdict = _("oligometastatic")
    elif lung and len(sites) > codes.NSCLC_OLIGOMETASTATIC_MAX_ORGANS:
        verdict = _("not oligometastatic (more than %(max)s organs)") % {"max": codes.NSCLC_OLIGOMETASTATIC_MAX_ORGANS}
    else:
        verdict = _("not oligometastatic (more than %(max)s lesions)") % {"max": codes.OLIGOMETASTATIC_MAX_LESIONS}
    if oligo and codes.needs_pleural_thoracoscopy(sites, lesions, case.cancer_type):
        verdict = _(
            "oligometastatic only if thoracoscopy with biopsies of distant pleural sites on the same side shows no "
            "other pleural disease"
        )
    if lung:
        rule = _(
            "EORTC lung consensus 2019 (Dingemans, J Thorac Oncol 2019): at most %(max)s metastases in at most "
            "%(organs)s organs, mediastinal nodes not counted; PET-CT and brain imaging required"
        ) % {"max": codes.OLIGOMETASTATIC_MAX_LESIONS, "organs": codes.NSCLC_OLIGOMETASTATIC_MAX_ORGANS}
    else:
        rule = _(
            "ESTRO/ASTRO consensus 2020: 1 to %(max)s metastatic lesions, all safely treatable; no limit on organs"
        ) % {"max": codes.OLIGOMETASTATIC_MAX_LESIONS}
    return {
        **listed,
        "oligometastatic": oligo,
        "verdict": verdict,
        "rule": rule,
        # The organ limit many trials add to the ESTRO/ASTRO count; the lung consensus has it in its rule.
        "beyond_organ_limit": bool(oligo) and not lung and len(sites) > ORGAN_LIMIT,
        "organ_limit": ORGAN_LIMIT,
    }


def clip(text: str, limit: int = GLANCE_CHARS) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def glance_questions(case: Case) -> list[dict]:
    """The patient's questions for page 1, their own words first (cut at GLANCE_CHARS), then those they chose."""
    own = [patient_text(clip(line)) for line in case.own_questions.splitlines() if line.strip()]
    chosen = [{"text": code_label(codes.SEED_QUESTIONS, q), "lang": ""} for q in case.question_codes or []]
    return [q for q in own if q] + chosen


# Diagnosis and biomarkers ------------------------------------------------------------------------------------------


def diagnosis(case: Case) -> dict:
    t, n, m = tnm_letters(case)  # none for a blood cancer
    return {
        "t": code_label(codes.T_CATEGORIES, t),
        "n": code_label(codes.N_CATEGORIES, n),
        "m": code_label(codes.M_CATEGORIES, m),
        "tempo": code_label(codes.GROWTH_TEMPO, case.growth_tempo),
    }


def latest_detected(results: list[dict]) -> list[dict]:
    """The latest detected result of each marker (the table lists them all, oldest first), each with `glance`: what
    was found without the marker's name when it starts with it, so page 1 reads "HER2 IHC 3+", not "HER2 HER2 IHC 3+"."""
    latest = {r["code"]: r for r in results if r["detected"]}
    return [{**r, "glance": _without_name(r["found"] or r["value"], r["short"])} for r in latest.values()]


def _without_name(found: str, name: str) -> str:
    """`found` without a leading `name` that stands as a word of its own: before a space, a colon or Chinese text
    ("ALK融合" reads "融合" after "ALK"), never out of a longer name ("ALKBH1") or a hyphenated one ("ALK-positive")."""
    rest = found[len(name) :]
    if (
        name
        and found.casefold().startswith(name.casefold())
        and (rest[:1] in ("", " ", ":", "：") or has_han(rest[:1]))
    ):
        return rest.lstrip(" :：")
    return found


def out_of_date(case: Case) -> list[str]:
    """For the MDT: what is stale, and what it needs before it can recommend a treatment (not the biomarker gaps,
    which have their own section), in the coordinator's words (cases.clinical.completeness_messages)."""
    completeness = completeness_for(case)
    items = (*completeness.stale, *completeness.recommended)
    return [render(i.coordinator_message, i.params) for i in items if i.code not in ("biomarker_gap", "goals")]


def still_needed(case: Case) -> dict:
    """What the intake review asks of the patient, in the same words (cases.clinical.completeness_messages)."""
    completeness = completeness_for(case)
    items = (*completeness.required, *completeness.stale, *completeness.recommended)
    messages = [{"code": i.code, "text": render(i.patient_message, i.params)} for i in items]
    return {
        "gap_messages": [m for m in messages if m["code"] == "biomarker_gap"],
        "other_needed": [m for m in messages if m["code"] != "biomarker_gap"],
    }


# Goals and documents ------------------------------------------------------------------------------------------------


def patient_text(text: str) -> dict | None:
    """Patient text, verbatim, with the language tag that picks the right glyphs for Chinese."""
    if not text or not text.strip():
        return None
    language = translation.get_language() or ""
    han = has_han(text)
    return {
        "text": text.strip(),
        "lang": "zh-Hans" if han else "",
        "foreign": foreign_to(text, language),
    }


def goals(case: Case) -> dict:
    own = [patient_text(line) for line in case.own_questions.splitlines() if line.strip()]
    return {
        "hopes": patient_text(case.goals_text),
        "oncologist_said": patient_text(case.oncologist_said),
        "questions": [code_label(codes.SEED_QUESTIONS, q) for q in case.question_codes or []],
        "own_questions": own,
        "report_language": dict(settings.LANGUAGES).get(case.report_language, case.report_language),
        "care_in_china": case.get_care_in_china_display(),
        "travel": patient_text(case.travel_notes),
        "supportive": [code_label(codes.SUPPORTIVE_CARE_NEEDS, s) for s in case.supportive_needs or []],
        "any": bool(case.goals_text.strip() or case.oncologist_said.strip() or case.question_codes or own),
    }


KIND_ORDER = [
    "pathology_report",
    "biomarker_report",
    "imaging_report",
    "imaging_study",
    "lab_results",
    "treatment_summary",
    "other",
]


def _document_date(document) -> str:
    return shown_date(document.document_date) or local_iso((document.metadata or {}).get("study_date", ""))


def _extent(document) -> str:
    meta = document.metadata or {}
    pages = meta.get("pages", meta.get("page_count"))
    if pages is not None:
        return _("%(n)s p.") % {"n": pages}
    if meta.get("image_count") is not None:
        modality = ", ".join(meta.get("modalities") or [meta.get("modality") or ""]).strip(", ")
        text = _("%(n)s images") % {"n": meta["image_count"]}
        return f"{text} ({modality})" if modality else text
    if meta.get("width"):
        return f"{meta['width']}×{meta['height']} px"
    return ""


def documents(case: Case) -> list[dict]:
    """Records by kind (pathology first), then date: the order and numbering of the packet
    (reports.packet_build.packet_documents sorts the same way)."""

    def key(d):
        rank = KIND_ORDER.index(d.kind) if d.kind in KIND_ORDER else len(KIND_ORDER)
        return rank, _document_date(d) or "9999", d.pk

    return [
        {
            "number": i,
            "kind": d.get_kind_display(),
            "name": d.description or d.original_name,
            "date": _document_date(d),
            "extent": _extent(d),
            "size": filesizeformat(d.size),
            "sha": [d.sha256[:32], d.sha256[32:]],
        }
        for i, d in enumerate(sorted(case.documents.all(), key=key), start=1)
    ]
