"""The bridge from a Case in the database to the pure clinical rules.

`snapshot_for` copies what the rules need into plain dataclasses; the
intake review, the submit check and triage all read the same answers from
here.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from cases.clinical.biomarkers import Interpretation, interpret
from cases.clinical.biomarkers.legacy import parse_value
from cases.clinical.completeness import Completeness, Limits, assess_completeness
from cases.clinical.i18n import Message
from cases.clinical.lab_values import LabValue
from cases.clinical.panels import BiomarkerResult, biomarker_gaps
from cases.clinical.snapshot import CaseSnapshot, DocumentInfo, LocalTreatmentInfo, TreatmentLineInfo
from cases.clinical.urgency import urgency_flags
from cases.labels import join_list
from cases.models import Case


def _latest_lab_date(case):
    dates = [lab.measured_on for lab in case.labs.all() if lab.measured_on]
    return max(dates) if dates else None


def _assessment_date(assessment) -> date | None:
    """The date of an assessment's last time point (RECIST-style data keep them in "dates")."""
    dates = (assessment.data or {}).get("dates") or []
    try:
        return date.fromisoformat(str(dates[-1])) if dates else None
    except ValueError:
        return None


def _derived_pd_date(case) -> date | None:
    dates = [_assessment_date(a) for a in case.response_assessments.all() if a.derived_category == "PD"]
    known = [d for d in dates if d is not None]
    return max(known, default=None)


def _mdt_needs(case) -> dict:
    """The answers the MDT needs before it can recommend treatment (cases.clinical.mdt_needs)."""
    names = (
        "brain_mri_date", "lvef_percent", "hepatitis_b", "hepatitis_c", "hiv", "autoimmune_disease",
        "organ_transplant", "medications", "past_toxicities", "family_history", "germline_testing",
        "tissue_block_location",
    )  # fmt: skip
    return {name: getattr(case, name) for name in names}


def snapshot_for(case: Case) -> CaseSnapshot:
    latest = max(case.response_assessments.all(), key=lambda a: a.updated_at, default=None)
    return CaseSnapshot(
        **_mdt_needs(case),
        labs=tuple(LabValue(lab.test, lab.value, lab.unit, lab.measured_on) for lab in case.labs.all()),
        local_treatments=tuple(LocalTreatmentInfo(t.kind, t.site, t.date) for t in case.local_treatments.all()),
        derived_pd_date=_derived_pd_date(case),
        emergencies=case.emergencies,
        patient_sex=case.patient_sex,
        biomarker_dates=tuple(b.tested_on for b in case.biomarkers.all() if b.tested_on),
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
                intent=t.intent,
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
    """The case's results as records the rules read; the variant text is read for its coded class."""
    results = []
    for b in case.biomarkers.all():
        if not b.status:
            continue
        parsed = parse_value(b.marker, b.value)
        results.append(
            BiomarkerResult(
                marker=b.marker,
                result=b.status,
                method=b.method,
                covers_gene=b.covers_gene,
                alterations=parsed.alterations,
                variant=b.value,
                origin=parsed.origin,
                score=parsed.score,
                scoring=parsed.scoring,
                reported_on=b.tested_on,
                record_id=b.pk,
            )
        )
    return results


def limits() -> Limits:
    return Limits(imaging_max_age_days=settings.IMAGING_MAX_AGE_DAYS, labs_max_age_days=settings.LABS_MAX_AGE_DAYS)


def completeness_for(case: Case) -> Completeness:
    return assess_completeness(snapshot_for(case), today=timezone.localdate(), limits=limits())


def gaps_for(case: Case):
    """One row per panel marker (and per extra test needed), read in the context of the case."""
    return biomarker_gaps(case.cancer_type, case.cancer_subtype, biomarker_results(case), snapshot_for(case))


def interpretation_for(case: Case) -> Interpretation:
    """What the case's biomarker results open, rule out and mean, and which tests are still needed, with sources."""
    return interpret(snapshot_for(case), today=timezone.localdate())


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


def case_with_clinical(case: Case) -> Case:
    """`case` read again with its owner and every clinical row the rules read, in one query per table."""
    return prefetch_clinical(Case.objects.filter(pk=case.pk)).select_related("owner").get()


def prefetch_clinical(queryset):
    return queryset.prefetch_related(
        "biomarkers", "treatment_lines", "local_treatments", "labs", "documents", "response_assessments", "ecog_records"
    )
