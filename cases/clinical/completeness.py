"""What a case still lacks before the MDT can give a useful opinion.

Rules follow the intake's five steps: required (diagnosis, stage, pathology,
recent imaging, treatment history, ECOG performance status, identity and
consent), recommended (the biomarker gaps that could open a treatment, labs,
goals, and what the MDT needs before it can recommend a treatment:
cases.clinical.mdt_needs), stale (imaging or labs older than a limit, and
what follows the disease: cases.clinical.staleness). The intake review page,
the submit check and the triage page all call assess_completeness.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from .codes import BIOMARKER_STATUSES, NO_STAGE_GROUP, NO_TNM
from .completeness_messages import (
    MESSAGES,
    PATIENT_GERMLINE_GAP,
    PATIENT_RESISTANCE_GAP,
    PATIENT_RESULT_NEEDS_DETAIL,
    PATIENT_RETEST_GAP,
    RECOMMENDED,
    REQUIRED,
    STALE,
)
from .mdt_needs import mdt_need_codes, mdt_need_params
from .panels import biomarker_gaps
from .snapshot import IMAGING_KINDS, CaseSnapshot, DocumentInfo, TreatmentLineInfo
from .staleness import (
    brain_mri_before_progression,
    imaging_before_progression,
    labs_limit,
    tissue_before_targeted_progression,
)

__all__ = [
    "CaseSnapshot",
    "Completeness",
    "DocumentInfo",
    "Item",
    "Limits",
    "TreatmentLineInfo",
    "assess_completeness",
]

WEIGHTS = {REQUIRED: 12, RECOMMENDED: 4, STALE: 4}
BIOMARKER_GAP_WEIGHT = 2


@dataclass(frozen=True)
class Item:
    code: str
    level: str  # required, recommended or stale
    step: str  # diagnosis, biomarkers, treatment, goals or records
    patient_message: str  # gettext_noop template
    coordinator_message: str  # gettext_noop template
    params: dict


@dataclass(frozen=True)
class Completeness:
    items: tuple[Item, ...]
    score: int  # 0..100, for sorting

    def _level(self, level: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.level == level)

    @property
    def required(self) -> tuple[Item, ...]:
        return self._level(REQUIRED)

    @property
    def recommended(self) -> tuple[Item, ...]:
        return self._level(RECOMMENDED)

    @property
    def stale(self) -> tuple[Item, ...]:
        return self._level(STALE)

    @property
    def is_submittable(self) -> bool:
        return not self.required


@dataclass(frozen=True)
class Limits:
    imaging_max_age_days: int = 60
    labs_max_age_days: int = 30
    pathology_max_age_days: int | None = None


def _item(code: str, /, **params: object) -> Item:
    level, step, patient, coordinator = MESSAGES[code]
    return Item(code, level, step, patient, coordinator, dict(params))


# The leukaemias and MDS have no stage group (cases.clinical.tnm.NO_STAGE_GROUP): they are risk-classed, and no
# stage is asked of them. Acute leukaemia is followed by marrow and blood counts, not by imaging (ELN 2022).
NOT_STAGED = NO_STAGE_GROUP
NO_ROUTINE_IMAGING = frozenset({"aml"})


_STAGE_ITEMS = {"myeloma": "stage_myeloma", "lymphoma": "stage_lymphoma"}


def _has_stage(case: CaseSnapshot) -> bool:
    if case.cancer_type in NOT_STAGED:
        return True
    known_group = case.stage_group not in ("", "unknown")
    # Myeloma (ISS/R-ISS) and lymphoma (Lugano 2014) keep their stage in the stage group; TNM letters do not apply.
    if case.cancer_type in NO_TNM:
        return known_group
    return known_group or all((case.t, case.n, case.m))


def _required(case: CaseSnapshot) -> Iterator[Item]:
    checks = {
        "patient_name": bool(case.patient_name.strip()),
        "patient_birth_date": case.patient_birth_date is not None,
        "patient_country": bool(case.patient_country),
        "cancer_type": bool(case.cancer_type),
        "stage": _has_stage(case),
        "diagnosis_date": case.diagnosis_date is not None,
        "pathology_report": bool(case.documents_of("pathology_report")),
        "imaging": case.cancer_type in NO_ROUTINE_IMAGING or bool(case.documents_of(*IMAGING_KINDS)),
        "treatment_history": bool(case.treatment_lines) or case.no_treatment_yet,
        # ECOG decides which treatments are possible at all (Oken 1982): the MDT cannot recommend without it.
        "performance_status": case.ecog is not None,
        "consent_review": case.consent_review,
        "consent_share": case.consent_share,
    }
    for code, ok in checks.items():
        if not ok:
            # Myeloma (ISS/R-ISS) and lymphoma (Lugano) are not staged by TNM: their own question, never the TNM one.
            yield _item(_STAGE_ITEMS.get(case.cancer_type, code) if code == "stage" else code)


# Gaps whose reason the generic "it matters for the choice of treatment" would misstate to the patient.
_PATIENT_GAP_MESSAGES = {
    "germline": PATIENT_GERMLINE_GAP,
    "lynch_screen": PATIENT_GERMLINE_GAP,
    "resistance": PATIENT_RESISTANCE_GAP,
    "retest_at_progression": PATIENT_RETEST_GAP,
}


def _biomarker_items(case: CaseSnapshot) -> Iterator[Item]:
    if not case.cancer_type:
        return
    answered = {b.marker for b in case.biomarkers if b.result not in ("", "not_tested", "unknown")}
    for row in biomarker_gaps(case.cancer_type, case.cancer_subtype, list(case.biomarkers), case):
        if row.is_gap:
            state = BIOMARKER_STATUSES[row.state]
            item = _item("biomarker_gap", marker=row.marker.label, code=row.marker.code, state=state)
            if row.gap_reason in _PATIENT_GAP_MESSAGES:
                item = replace(item, patient_message=_PATIENT_GAP_MESSAGES[row.gap_reason])
            elif row.marker.code in answered:
                # A result the patient gave that the rules cannot use yet (e.g. HER2 "negative" without its IHC
                # score): "we do not have a result" would tell them their answer was lost. Not for a gap whose
                # reason has its own message: after progression the answer stands and a new test is what is asked.
                item = replace(item, patient_message=PATIENT_RESULT_NEEDS_DETAIL)
            yield item


def _recommended(case: CaseSnapshot) -> Iterator[Item]:
    yield from _biomarker_items(case)
    if case.labs_date is None and not case.documents_of("lab_results"):
        yield _item("labs")
    if not (case.goals_text.strip() or case.question_codes or case.own_questions.strip()):
        yield _item("goals")
    yield from (_item(code, **mdt_need_params(case, code)) for code in mdt_need_codes(case))


def _age(dates: Sequence[date | None], undated: str, stale: str, today: date, limit: int | None) -> Iterator[Item]:
    """One item when every copy is undated, or when the newest dated copy is older than limit."""
    known = [d for d in dates if d is not None]
    if dates and not known:
        yield _item(undated)
    elif known and limit is not None and (today - max(known)).days > limit:
        yield _item(stale, days=(today - max(known)).days, limit=limit)


def _stale(case: CaseSnapshot, today: date, limits: Limits) -> Iterator[Item]:
    imaging = [d.document_date for d in case.documents_of(*IMAGING_KINDS)]
    # A scan from before the latest progression is stale whatever its age, and saying so says more than its age.
    if imaging_before_progression(case) is None:
        yield from _age(imaging, "imaging_undated", "imaging_stale", today, limits.imaging_max_age_days)
    labs = [d.document_date for d in case.documents_of("lab_results")]
    labs += [case.labs_date] if case.labs_date else []
    yield from _age(labs, "labs_undated", "labs_stale", today, labs_limit(case, limits.labs_max_age_days))
    yield from _disease_stale(case)
    pathology = [d.document_date for d in case.documents_of("pathology_report")]
    known = [d for d in pathology if d is not None]
    if known:
        yield from _age(known, "", "pathology_stale", today, limits.pathology_max_age_days)


def _disease_stale(case: CaseSnapshot) -> Iterator[Item]:
    if (progression := imaging_before_progression(case)) is not None:
        yield _item("imaging_before_progression", date=progression.isoformat())
    if (progression := brain_mri_before_progression(case)) is not None:
        yield _item("brain_mri_before_progression", date=progression.isoformat())
    if (line := tissue_before_targeted_progression(case)) is not None:
        yield _item("tissue_before_progression", regimen=line.regimen)


def score(items: tuple[Item, ...]) -> int:
    """100 minus weighted deductions, kept within 0..100."""
    deduction = sum(BIOMARKER_GAP_WEIGHT if i.code == "biomarker_gap" else WEIGHTS[i.level] for i in items)
    return max(0, 100 - deduction)


def assess_completeness(case: CaseSnapshot, *, today: date, limits: Limits = Limits()) -> Completeness:
    """What the case lacks for a useful MDT review (the intake's five-step framework).

    Imaging must be no older than limits.imaging_max_age_days: an undated
    imaging document counts as present but is flagged stale/undated.
    """
    items = (*_required(case), *_recommended(case), *_stale(case, today, limits))
    return Completeness(items, score(items))
