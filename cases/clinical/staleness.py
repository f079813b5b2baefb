"""Staleness that follows the disease, not only the calendar.

- Imaging taken before the latest progression no longer shows the disease the
  MDT is asked about, whatever its age. The scan that found the progression
  is usually taken some days before the drug is stopped, so a scan up to
  PROGRESSION_GRACE_DAYS before the progression date counts as showing it (our
  convention, not a published rule).
- Tissue (or a blood test) that predates progression on a targeted therapy
  cannot show how the cancer escaped it: a new biopsy or a ctDNA test is
  needed (Rolfo C et al., IASLC liquid biopsy consensus, J Thorac Oncol 2021;
  Pascual J et al., ESMO ctDNA recommendations, Ann Oncol 2022; NCCN NSCLC:
  biopsy at progression on EGFR/ALK TKIs).
- Blood counts in acute leukaemia that is not in remission change within days
  (hyperleukocytosis, falling counts on induction): older than
  ACUTE_LEUKAEMIA_LABS_MAX_AGE_DAYS they are stale. In remission the general
  limit applies (NCCN AML surveillance: blood counts every 1-3 months).
"""

from datetime import date, timedelta

from . import reported
from .histology import is_acute_leukaemia
from .progression import Progression, latest_progression, targeted_progressions
from .response.categories import REMISSION as DERIVED_REMISSION
from .snapshot import IMAGING_KINDS, CaseSnapshot

PROGRESSION_GRACE_DAYS = 28
ACUTE_LEUKAEMIA_LABS_MAX_AGE_DAYS = 7
REMISSION = reported.REMISSION  # what the patient was told, in any criteria's words
TISSUE_KINDS = ("pathology_report", "biomarker_report")


def labs_limit(case: CaseSnapshot, default: int) -> int:
    in_remission = case.latest_reported_response in REMISSION or case.latest_derived_response in DERIVED_REMISSION
    if is_acute_leukaemia(case) and not in_remission:
        return min(default, ACUTE_LEUKAEMIA_LABS_MAX_AGE_DAYS)
    return default


def _before(newest: date | None, progression: date) -> bool:
    return newest is not None and newest < progression - timedelta(days=PROGRESSION_GRACE_DAYS)


def imaging_before_progression(case: CaseSnapshot) -> date | None:
    """The progression date when the newest dated scan was taken before it; else None."""
    progression = latest_progression(case)
    dates = [d.document_date for d in case.documents_of(*IMAGING_KINDS) if d.document_date]
    if progression is None or not dates:
        return None
    return progression if _before(max(dates), progression) else None


def brain_mri_before_progression(case: CaseSnapshot) -> date | None:
    progression = latest_progression(case)
    if progression is None or case.brain_mri_date is None:
        return None
    return progression if _before(case.brain_mri_date, progression) else None


def tissue_before_targeted_progression(case: CaseSnapshot) -> Progression | None:
    """The latest progression on a targeted drug that no tissue or blood test was taken after."""
    tissue = [d.document_date for d in case.documents_of(*TISSUE_KINDS) if d.document_date]
    tissue += list(case.biomarker_dates)
    newest = max(tissue, default=None)
    for progression in reversed(targeted_progressions(case)):
        # With no progression date, a test taken after the line started may be the post-progression one.
        since = progression.on or progression.line_start
        if since is None or newest is None or newest < since:
            return progression
    return None
