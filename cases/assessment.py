"""The bridge from a Case in the database to the pure clinical rules.

`snapshot_for` copies what the rules need into plain dataclasses; the
intake review, the submit check and triage all read the same answers from
here.
"""

import re
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from cases import compiled, partial_dates
from cases.clinical.biomarkers import Interpretation, interpret
from cases.clinical.biomarkers.legacy import parse_value
from cases.clinical.completeness import Completeness, Limits, assess_completeness
from cases.clinical.i18n import Message
from cases.clinical.lab_values import LabValue
from cases.clinical.panels import BiomarkerResult, biomarker_gaps
from cases.clinical.response.categories import is_progression
from cases.clinical.snapshot import CaseSnapshot, DocumentInfo, LocalTreatmentInfo, TreatmentLineInfo
from cases.clinical.urgency import urgency_flags
from cases.labels import join_list, tnm_letters
from cases.models import Case


def _latest_lab_date(case):
    dates = [lab.measured_on for lab in case.labs.all() if lab.measured_on]
    return max(dates) if dates else None


def assessment_date(assessment) -> date | None:
    """The date of an assessment's last time point: RECIST-style data keep them in "dates", RANO in each scan;
    other criteria are dated by the assessment itself."""
    data = assessment.data or {}
    dates = data.get("dates") or [s.get("date") for s in data.get("scans") or [] if isinstance(s, dict)]
    try:
        return date.fromisoformat(str(dates[-1])) if dates and dates[-1] else assessment.assessed_on
    except ValueError:
        return assessment.assessed_on


def latest_assessment(case, *, usable_only: bool = False):
    """The assessment whose last time point is the most recent (undated ones count as oldest; ties: iRECIST, the
    reading for immunotherapy (Seymour, Lancet Oncol 2017), over RECIST 1.1 of the same scans, then last saved).

    `usable_only` leaves out inputs the criteria could not assess (INVALID or empty).
    """
    rows = case.response_assessments.all()
    if usable_only:
        rows = [a for a in rows if a.derived_category not in ("", "INVALID")]
    return max(
        rows,
        key=lambda a: (assessment_date(a) or date.min, a.criteria == "irecist", a.updated_at),
        default=None,
    )


def _derived_pd_date(case) -> date | None:
    from cases.responses import decided_on  # cases.responses reads this module's helpers

    # The progression's own scan, not a later one that RECIST 1.1 no longer classifies (Eisenhauer 2009, 4.4).
    dates = [decided_on(a) for a in case.response_assessments.all() if is_progression(a.derived_category)]
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


_SNAPSHOT_RELATIONS = (
    "labs",
    "local_treatments",
    "response_assessments",
    "biomarkers",
    "treatment_lines",
    "documents",
)


def _snapshot_key(case: Case) -> tuple | None:
    """What the case's snapshot is read from, as it is now on this object; None when a relation is not loaded
    onto it (then every read goes to the database, and nothing is kept).

    The case's own fields by value (lists and dicts by their repr, so a change in place counts), each loaded
    relation by the identity and length of its rows: a field set on the case, a row added or removed through
    its manager (which drops the loaded rows) or the case loaded again all give another key.
    """
    loaded = getattr(case, "_prefetched_objects_cache", None)
    if not loaded or any(name not in loaded for name in _SNAPSHOT_RELATIONS):
        return None
    values = case.__dict__
    fields = tuple(repr(v) if isinstance(v, (list, dict)) else v for v in (values.get(name) for name in _case_fields()))
    rows = tuple((id(loaded[name]), len(loaded[name])) for name in _SNAPSHOT_RELATIONS)
    return fields, rows


def _case_fields() -> list[str]:
    global _CASE_FIELDS
    if _CASE_FIELDS is None:
        _CASE_FIELDS = [f.attname for f in Case._meta.concrete_fields]
    return _CASE_FIELDS


_CASE_FIELDS: list[str] | None = None


def snapshot_for(case: Case) -> CaseSnapshot:
    """The case as the rules read it. Built once for a case object whose clinical rows are loaded onto it
    (with_clinical), and again whenever what it is read from changes (_snapshot_key): a case page asks for it
    from several panels in one request (issue 16)."""
    key = _snapshot_key(case)
    kept = case.__dict__.get("_snapshot")
    if key is not None and kept is not None and kept[0] == key:
        return kept[1]
    snapshot = _build_snapshot(case)
    if key is not None:
        case.__dict__["_snapshot"] = (key, snapshot)
    return snapshot


def _build_snapshot(case: Case) -> CaseSnapshot:
    latest = latest_assessment(case)
    t, n, m = tnm_letters(case)  # none for a blood cancer, whatever letters were stored before its type was set
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
        t=t,
        n=n,
        m=m,
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
        latest_derived_criteria=latest.criteria if latest else "",
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
    """Every result on record as the rules read it: the one place model rows become clinical records."""
    return [biomarker_record(b) for b in case.biomarkers.all() if b.result]


# HER2 is stored as two scores kept apart; the rules read both as alteration classes of HER2.
_HER2_ISH = {"positive": "ish_amplified", "negative": "ish_not_amplified"}


def biomarker_record(b) -> BiomarkerResult:
    """One stored row as a clinical record. What the coded fields leave empty is read from the text as written
    (cases.clinical.biomarkers.legacy: "exon 19 deletion", "TPS 30%", "germline BRCA2" …)."""
    parsed = parse_value(b.marker, b.value)
    from_text = [c for c in parsed.alterations if not (c.startswith(("ihc_", "ish_")) and (b.her2_ihc or b.her2_ish))]
    alterations = [*(b.alterations or from_text)]
    if b.her2_ihc:
        alterations.append(b.her2_ihc)
    if b.her2_ish in _HER2_ISH:
        alterations.append(_HER2_ISH[b.her2_ish])
    return BiomarkerResult(
        marker=b.marker,
        result=b.result,
        covers_gene=b.covers_gene,
        alterations=tuple(dict.fromkeys(alterations)),
        variant=b.value,
        fusion_partner=b.fusion_partner,
        origin=b.origin or parsed.origin,
        specimen=b.specimen,
        specimen_site=b.specimen_site,
        collected_on=b.collected_on,
        reported_on=b.tested_on,
        assay=b.assay,
        scope=tuple(b.detects or ()),
        genes_covered=(b.marker,) if b.covers_gene else (),
        exons_tested=tuple(int(p) for p in b.exons_tested.replace(" ", "").split(",") if p.isdigit()),
        score=float(b.pdl1_score) if b.pdl1_score is not None else parsed.score,
        scoring=b.pdl1_system or (parsed.scoring if b.pdl1_score is None else ""),
        clone=b.pdl1_clone,
        vaf=float(b.vaf) if b.vaf is not None else None,
        report_id=b.document_id,
        record_id=b.pk,
    )


def limits() -> Limits:
    return Limits(imaging_max_age_days=settings.IMAGING_MAX_AGE_DAYS, labs_max_age_days=settings.LABS_MAX_AGE_DAYS)


def completeness_for(case: Case) -> Completeness:
    return assess_completeness(snapshot_for(case), today=timezone.localdate(), limits=limits())


def gaps_for(case: Case):
    """One row per panel marker (and per extra test needed), read in the context of the case."""
    snapshot = snapshot_for(case)
    return biomarker_gaps(case.cancer_type, case.cancer_subtype, list(snapshot.biomarkers), snapshot)


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


# A date in a message's values: the rules write it as ISO text (it is kept in JSON), a reader sees their own format.
_ISO_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


def _value(value):
    if isinstance(value, date):
        return partial_dates.local(value, getattr(value, "precision", partial_dates.DAY))
    if isinstance(value, str) and _ISO_DATE.match(value):
        return partial_dates.local_iso(value)
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
    if isinstance(value, partial_dates.PartialDate):
        return value.as_iso()  # 2024-03: read back as the month only
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


CLINICAL_RELATIONS = (
    "biomarkers",
    "treatment_lines",
    "local_treatments",
    "labs",
    "documents",
    "response_assessments",
    "ecog_records",
)


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
    for name in missing:
        # What prefetch_related_objects([case], name) does, with the SQL kept once per process (cases.compiled:
        # building and compiling these seven queries cost ten times running them, issue 16).
        compiled.prefetch_rows(case, name)
    return case


def prefetch_clinical(queryset):
    return queryset.prefetch_related(*CLINICAL_RELATIONS)
