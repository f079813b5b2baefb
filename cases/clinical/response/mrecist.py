"""mRECIST for hepatocellular carcinoma: response of the viable (enhancing) tumour.

Lencioni R, Llovet JM. Modified RECIST (mRECIST) assessment for
hepatocellular carcinoma. Semin Liver Dis 2010;30:52-60. Target lesions are
measured by the longest diameter of their viable part (arterial-phase
enhancement), selected as in RECIST 1.1 (at most 5, 2 per organ).
- CR: no intratumoral arterial enhancement in any target lesion.
- PR: the sum of viable diameters down >= 30% from baseline.
- PD: the sum of viable diameters up >= 20% from the smallest sum (nadir);
  mRECIST has no 5 mm absolute rule.
- SD: neither.
Non-target lesions and new lesions combine as in RECIST 1.1 Table 1; a new
lesion counts when it is >= 1 cm with the typical HCC pattern (arterial
enhancement with washout), or a smaller one that grows to that.
mRECIST changes what is measured (the viable tumour) and which new lesions
count, and otherwise follows RECIST's response framework, so progression
ends the assessment as in RECIST 1.1 (Eisenhauer 2009, section 4.4): a
later time point is AFTER_PD, not classified, and sets no new nadir.
"""

from decimal import Decimal
from typing import cast

from ..i18n import gettext_noop
from ..numbers import fmt_number, fmt_percent, percent_change
from .base import Assessment, invalid, result
from .recist import AFTER_PD, NOT_APPLICABLE, overall_index
from .recist_input import RecistInput, parse_recist

PR_CHANGE = Decimal(-30)
PD_CHANGE = Decimal(20)

T_CR = gettext_noop(
    "no arterial enhancement left in any target lesion, non-target %(nontarget)s, no new lesions: %(category)s"
)
T_SUM = gettext_noop(
    "viable tumour sum %(sum)s mm, %(change)s from baseline %(baseline)s mm, %(nadir_change)s from nadir "
    "%(nadir)s mm, non-target %(nontarget)s: %(category)s"
)
T_NE = gettext_noop("%(missing)s target lesion(s) not measured: NE")
T_NEW = gettext_noop("new lesion(s) of typical HCC pattern (1 cm or more): PD")
T_NT_PD = gettext_noop("unequivocal progression of non-target disease: PD")
T_NT_ONLY = gettext_noop("no target lesions; non-target disease %(nontarget)s: %(category)s")
T_AFTER_PD = gettext_noop(
    "after progression at assessment %(at)s, mRECIST takes the best response up to progression and reads no "
    "later scan (treated beyond progression): not classified"
)


def _target(data: RecistInput, t: int, nadir: Decimal) -> tuple[str, dict]:
    point = cast(tuple[Decimal, ...], data.timepoints[t])
    total = sum(point, Decimal(0))
    baseline = sum((x.mm for x in data.targets), Decimal(0))
    params = {
        "sum": fmt_number(total),
        "change": fmt_percent(percent_change(total, baseline)),
        "baseline": fmt_number(baseline),
        "nadir_change": fmt_percent(percent_change(total, nadir)) if nadir else NOT_APPLICABLE,
        "nadir": fmt_number(nadir),
    }
    if total == 0:
        return "CR", params
    if (nadir and percent_change(total, nadir) >= PD_CHANGE) or (not nadir and total > 0):
        return "PD", params
    return ("PR" if percent_change(total, baseline) <= PR_CHANGE else "SD"), params


def _timepoint(data: RecistInput, t: int, nadir: Decimal) -> Assessment:
    nontarget, new = data.nontarget[t], data.new_lesions[t]
    if new:
        return result("PD", T_NEW)
    if nontarget == "unequivocal_progression":
        return result("PD", T_NT_PD)
    if not data.targets:
        table = {"absent": "CR", "present": "NonCR/NonPD", "not_evaluated": "NE"}
        return result(table[nontarget], T_NT_ONLY, nontarget=nontarget.replace("_", " "), category=table[nontarget])
    missing = sum(1 for mm in data.timepoints[t] if mm is None)
    if missing:
        return result("NE", T_NE, missing=missing)
    category, params = _target(data, t, nadir)
    if category == "CR" and nontarget != "absent":
        category = "PR"  # RECIST Table 1: target CR with non-target disease present or not evaluated
    shown = nontarget.replace("_", " ")
    if category == "CR":
        return result("CR", T_CR, nontarget=shown, category="CR")
    return result(category, T_SUM, nontarget=shown, category=category, **params)


def mrecist_series(data: object) -> list[Assessment]:
    """mRECIST (Lencioni & Llovet, Semin Liver Dis 2010) response at every time point."""
    parsed = parse_recist(data)
    if isinstance(parsed, list):
        return [invalid(parsed)]
    nadir = sum((x.mm for x in parsed.targets), Decimal(0))
    out: list[Assessment] = []
    progressed_at = 0
    for t, point in enumerate(parsed.timepoints):
        # Progression ends the assessment, as in RECIST 1.1 (Eisenhauer 2009, section 4.4), whose framework mRECIST
        # keeps (Lencioni & Llovet 2010): a later scan is not classified and its sum never becomes the nadir.
        if progressed_at:
            out.append(result(AFTER_PD, T_AFTER_PD, at=progressed_at))
            continue
        out.append(_timepoint(parsed, t, nadir))
        if out[-1].category == "PD":
            progressed_at = t + 1
        if parsed.targets and all(mm is not None for mm in point):
            nadir = min(nadir, sum(cast(tuple[Decimal, ...], point), Decimal(0)))
    return out


def assess_mrecist(data: object) -> Assessment:
    """mRECIST for HCC (Lencioni & Llovet 2010) at the last time point, or the progression that ended the
    assessment before it: CR, PR, SD, PD (NE, NonCR/NonPD)."""
    series = mrecist_series(data)
    return series[overall_index(series)]
