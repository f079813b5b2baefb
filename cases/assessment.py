"""The bridge from a Case in the database to the pure clinical rules.

`snapshot_for` copies what the rules need into plain dataclasses; the
intake review, the submit check and triage all read the same answers from
here.
"""

from datetime import date

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext

from cases.clinical.completeness import Completeness, Limits, assess_completeness
from cases.clinical.i18n import Message
from cases.clinical.panels import BiomarkerResult, biomarker_gaps
from cases.clinical.snapshot import CaseSnapshot, DocumentInfo, TreatmentLineInfo
from cases.clinical.urgency import urgency_flags
from cases.labels import join_list
from cases.models import Case


def _latest_lab_date(case):
    dates = [lab.measured_on for lab in case.labs.all() if lab.measured_on]
    return max(dates) if dates else None


def snapshot_for(case: Case) -> CaseSnapshot:
    latest = max(case.response_assessments.all(), key=lambda a: a.updated_at, default=None)
    return CaseSnapshot(
        cancer_type=case.cancer_type,
        cancer_subtype=case.cancer_subtype,
        histology=case.histology,
        primary_site=case.primary_site,
        diagnosis_date=case.diagnosis_date,
        stage_group=case.stage_group,
        t=case.t_category,
        n=case.n_category,
        m=case.m_category,
        metastatic_sites=tuple(case.metastatic_sites or ()),
        metastatic_lesion_count=case.metastatic_lesion_count,
        growth_tempo=case.growth_tempo,
        biomarkers=tuple(biomarker_results(case)),
        no_treatment_yet=case.no_treatment_yet,
        treatment_lines=tuple(
            TreatmentLineInfo(
                regimen=t.regimen,
                start=t.start_date,
                end=t.end_date,
                best_response=t.best_response,
                stop_reason=t.stop_reason,
                ongoing=t.ongoing,
            )
            for t in case.treatment_lines.all()
        ),
        local_treatments_count=len(case.local_treatments.all()),
        latest_reported_response=case.reported_response,
        latest_derived_response=latest.derived_category if latest else "",
        ecog=case.ecog,
        karnofsky=case.karnofsky,
        labs_date=_latest_lab_date(case),
        weight_kg=case.weight_kg,
        weight_kg_3_months_ago=case.weight_kg_3_months_ago,
        goals_text=case.goals_text,
        question_codes=tuple(case.question_codes or ()),
        own_questions=case.own_questions,
        report_language=case.report_language,
        documents=tuple(
            DocumentInfo(kind=d.kind, document_date=d.document_date or _study_date(d)) for d in case.documents.all()
        ),
        consent_review=case.consent_review,
        consent_share=case.consent_share,
        patient_name=case.patient_name,
        patient_birth_date=case.patient_birth_date,
        patient_country=case.patient_country,
    )


def _study_date(document):
    raw = (document.metadata or {}).get("study_date") or ""
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def biomarker_results(case: Case) -> list[BiomarkerResult]:
    return [
        BiomarkerResult(marker=b.marker, status=b.status, method=b.method, covers_gene=b.covers_gene)
        for b in case.biomarkers.all()
        if b.status
    ]


def limits() -> Limits:
    return Limits(imaging_max_age_days=settings.IMAGING_MAX_AGE_DAYS, labs_max_age_days=settings.LABS_MAX_AGE_DAYS)


def completeness_for(case: Case) -> Completeness:
    return assess_completeness(snapshot_for(case), today=timezone.localdate(), limits=limits())


def gaps_for(case: Case):
    return biomarker_gaps(case.cancer_type, case.cancer_subtype, biomarker_results(case))


def flags_for(case: Case):
    return urgency_flags(snapshot_for(case), today=timezone.localdate())


def render(template: str, params: dict | None = None) -> str:
    """Translate a message from cases.clinical (or one stored with `message_json`) and fill in its values.

    A value that is itself a message is rendered the same way, and a list of
    them is joined with the language's list separator.
    """
    text = gettext(template)
    if not params:
        return text
    return text % {k: _value(v) for k, v in params.items()}


def _value(value):
    if isinstance(value, Message):
        return render(value.template, value.params)
    if isinstance(value, dict):
        return render_stored(value)
    if isinstance(value, list | tuple):
        return join_list((_value(v) for v in value), strong=True)
    return gettext(value) if isinstance(value, str) else value


def message_json(template: str, params: dict | None = None) -> dict:
    """A message to keep in a JSONField: its untranslated template and its values, read back by `render_stored`.

    `template` is the msgid itself (gettext_noop), never a lazy or translated
    string, so the text can be shown later in whichever language the reader uses.
    """
    return {"template": str(template), "params": {k: _json(v) for k, v in (params or {}).items()}}


def _json(value):
    if isinstance(value, Message):
        return message_json(value.template, value.params)
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if value is None or isinstance(value, bool | int | float | dict):
        return value
    return str(value)  # Decimal, date: filled in as %s anyway


def render_stored(stored: dict | None) -> str:
    """A message kept by `message_json`, in the current language.

    Rows written before messages were kept this way hold only their English
    text, as {"text": ...}; they keep showing it.
    """
    if not stored:
        return ""
    if "template" in stored:
        return render(stored["template"], stored.get("params"))
    return stored.get("text", "")


CLINICAL_RELATIONS = ("biomarkers", "treatment_lines", "local_treatments", "labs", "documents", "response_assessments")


def case_with_clinical(case: Case) -> Case:
    """`case` read again with its owner and every clinical row the rules read, in one query per table."""
    return prefetch_clinical(Case.objects.filter(pk=case.pk)).select_related("owner").get()


def with_clinical(case: Case) -> Case:
    """`case` itself, with every clinical row the rules read loaded onto it once (a second call costs nothing).

    For a request that reads: the case page loads its case once, not once per panel (issue 16). A service that
    has just written reads the case again with case_with_clinical.
    """
    loaded = getattr(case, "_prefetched_objects_cache", {})
    missing = [name for name in CLINICAL_RELATIONS if name not in loaded]
    if missing:
        prefetch_related_objects([case], *missing)
    return case


def prefetch_clinical(queryset):
    return queryset.prefetch_related(*CLINICAL_RELATIONS)
