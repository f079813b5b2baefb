"""RECIST 1.1 response at each assessment time point.

Eisenhauer EA et al., Eur J Cancer 2009;45:228-247: target lesion response
(section 4.3.1), non-target response (4.3.3), new lesions (4.3.4) and the
overall response tables (Table 1: targets with or without non-targets;
Table 2: non-target disease only). A lesion that reappears after an overall
complete response is progression, as the RECIST working group answers (EORTC
RECIST FAQ "Does a new lesion always result in PD?"); after a partial
response or stable disease its size goes back into the sum. Every
explanation with measured targets gives the change from nadir beside the
change from baseline.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number, fmt_percent, percent_change
from .base import Assessment, invalid, result
from .recist_input import RecistInput, parse_recist

PR_CHANGE = Decimal(-30)
PD_CHANGE = Decimal(20)
PD_ABSOLUTE_MM = Decimal(5)
NODE_NORMAL_MM = Decimal(10)
NOT_APPLICABLE = gettext_noop("n/a")  # a change from a sum of 0 mm has no percentage

T_BASELINE = gettext_noop(
    "sum %(sum)s mm, %(change)s from baseline %(baseline)s mm, %(nadir_change)s from nadir %(nadir)s mm: %(category)s"
)
T_NADIR = gettext_noop(
    "sum %(sum)s mm, %(change)s (%(delta)s mm) from nadir %(nadir)s mm, "
    "%(base_change)s from baseline %(baseline)s mm: PD"
)
T_SUMS = gettext_noop(
    "target sum %(sum)s mm, %(base_change)s from baseline %(baseline)s mm, %(nadir_change)s from nadir %(nadir)s mm"
)
T_REAPPEARED = gettext_noop(
    "%(sites)s reappeared after a complete response (%(sums)s): PD (RECIST working group: "
    "a lesion that reappears after CR is progression)"
)
T_PARTIAL_PD = gettext_noop(
    "%(missing)s target lesion(s) not measured, but the measured ones alone sum %(sum)s mm, "
    "%(change)s (%(delta)s mm) from nadir %(nadir)s mm: PD"
)
T_NE = gettext_noop("%(missing)s of %(total)s target lesion(s) not measured: NE")
T_CR = gettext_noop(
    "all non-nodal targets gone, every nodal target under 10 mm (sum %(sum)s mm), "
    "non-target disease absent, no new lesions: CR"
)
T_CR_NT_PRESENT = gettext_noop("target lesions in complete response but non-target disease present: PR")
T_CR_NT_NE = gettext_noop("target lesions in complete response, non-target disease not evaluated: PR")
T_REAPPEARED_ONLY = gettext_noop(
    "%(sites)s reappeared after a complete response: PD (RECIST working group: "
    "a lesion that reappears after CR is progression)"
)
T_NEW = gettext_noop("new lesion(s): PD")
T_NT_PD = gettext_noop("unequivocal progression of non-target disease: PD")
T_AFTER_PD = gettext_noop(
    "after progression at assessment %(at)s, RECIST 1.1 takes the best response up to progression and reads no "
    "later scan (treated beyond progression: see iRECIST): not classified"
)
# A time point after the progression that ended the RECIST 1.1 assessment (Eisenhauer 2009, section 4.4): not "not
# evaluable" (its scans may be complete) but outside RECIST 1.1; iRECIST (Seymour 2017) reads treatment beyond it.
AFTER_PD = "after_PD"
T_NEW_SUMS = gettext_noop("new lesion(s) (%(sums)s): PD")
T_NT_PD_SUMS = gettext_noop("unequivocal progression of non-target disease (%(sums)s): PD")
T_NT_CR = gettext_noop("no target lesions; non-target disease absent, no new lesions: CR")
T_NT_PRESENT = gettext_noop("no target lesions; non-target disease present: NonCR/NonPD")
T_NT_NE = gettext_noop("no target lesions; non-target disease not evaluated: NE")


@dataclass(frozen=True)
class TargetResponse:
    category: str  # CR, PR, SD, PD or NE
    assessment: Assessment


def _is_pd(total: Decimal, nadir: Decimal) -> bool:
    """RECIST 1.1: at least +20% over the nadir and at least +5 mm absolute.

    From a nadir of 0 mm any growth is an infinite relative increase, so only
    the 5 mm absolute rule decides.
    """
    if total - nadir < PD_ABSOLUTE_MM:
        return False
    return nadir == 0 or percent_change(total, nadir) >= PD_CHANGE


def _nadir_params(total: Decimal, nadir: Decimal) -> dict:
    change = fmt_percent(percent_change(total, nadir)) if nadir else NOT_APPLICABLE
    return {
        "sum": fmt_number(total),
        "change": change,
        "delta": f"{total - nadir:+}",
        "nadir": fmt_number(nadir),
    }


def _is_cr(data: RecistInput, point: tuple[Decimal, ...]) -> bool:
    """Non-nodal targets disappeared and every nodal target under 10 mm short axis."""
    return all(mm < NODE_NORMAL_MM if t.nodal else mm == 0 for t, mm in zip(data.targets, point, strict=True))


def _unmeasured(point: tuple[Decimal | None, ...], nadir: Decimal) -> TargetResponse:
    measured = sum((mm for mm in point if mm is not None), Decimal(0))
    missing = sum(1 for mm in point if mm is None)
    if _is_pd(measured, nadir):
        params = {"missing": missing, **_nadir_params(measured, nadir)}
        return TargetResponse("PD", result("PD", T_PARTIAL_PD, **params))
    return TargetResponse("NE", result("NE", T_NE, missing=missing, total=len(point)))


def _change(total: Decimal, reference: Decimal) -> str:
    return fmt_percent(percent_change(total, reference)) if reference else NOT_APPLICABLE


def baseline_sum(data: RecistInput) -> Decimal:
    return sum((t.mm for t in data.targets), Decimal(0))


def sums(data: RecistInput, total: Decimal, nadir: Decimal) -> Message:
    """The target sum with its change from baseline and from nadir, for any explanation."""
    baseline = baseline_sum(data)
    return Message(
        T_SUMS,
        sum=fmt_number(total),
        base_change=_change(total, baseline),
        baseline=fmt_number(baseline),
        nadir_change=_change(total, nadir),
        nadir=fmt_number(nadir),
    )


def target_response(data: RecistInput, t: int, nadir: Decimal) -> TargetResponse:
    """Target lesion response at time point t against baseline and nadir."""
    point = data.timepoints[t]
    if any(mm is None for mm in point):
        return _unmeasured(point, nadir)
    measured = cast(tuple[Decimal, ...], point)  # every target has a size from here on
    total = sum(measured, Decimal(0))
    if _is_cr(data, measured):
        return TargetResponse("CR", result("CR", T_CR, sum=fmt_number(total)))
    baseline = baseline_sum(data)
    if _is_pd(total, nadir):
        params = _nadir_params(total, nadir) | {
            "base_change": _change(total, baseline),
            "baseline": fmt_number(baseline),
        }
        return TargetResponse("PD", result("PD", T_NADIR, **params))
    change = percent_change(total, baseline)
    category = "PR" if change <= PR_CHANGE else "SD"
    params = {"sum": fmt_number(total), "change": fmt_percent(change), "nadir_change": _change(total, nadir)}
    params |= {"baseline": fmt_number(baseline), "nadir": fmt_number(nadir), "category": category}
    return TargetResponse(category, result(category, T_BASELINE, **params))


def reappeared(data: RecistInput, point: tuple[Decimal | None, ...]) -> list[str]:
    """Targets visible again: a non-nodal lesion measured above 0, a node back to 10 mm or more."""
    out = []
    for target, mm in zip(data.targets, point, strict=True):
        if mm is not None and (mm >= NODE_NORMAL_MM if target.nodal else mm > 0):
            out.append(target.site)
    return out


def _overall(target: TargetResponse, nontarget: str, new: bool, summed: Message | None = None) -> Assessment:
    """RECIST 1.1 Table 1: targets combined with non-targets and new lesions."""
    if new:
        return result("PD", T_NEW_SUMS, sums=summed) if summed else result("PD", T_NEW)
    if nontarget == "unequivocal_progression":
        return result("PD", T_NT_PD_SUMS, sums=summed) if summed else result("PD", T_NT_PD)
    if target.category != "CR" or nontarget == "absent":
        return target.assessment
    return result("PR", T_CR_NT_PRESENT if nontarget == "present" else T_CR_NT_NE)


def _nontarget_only(nontarget: str, new: bool) -> Assessment:
    """RECIST 1.1 Table 2: non-target disease only."""
    if new:
        return result("PD", T_NEW)
    table = {
        "unequivocal_progression": ("PD", T_NT_PD),
        "absent": ("CR", T_NT_CR),
        "present": ("NonCR/NonPD", T_NT_PRESENT),
        "not_evaluated": ("NE", T_NT_NE),
    }
    return result(*table[nontarget])


def _series(data: RecistInput) -> list[Assessment]:
    if not data.targets:
        return [_nontarget_only(nt, new) for nt, new in zip(data.nontarget, data.new_lesions, strict=True)]
    nadir = baseline_sum(data)
    out: list[Assessment] = []
    for t, point in enumerate(data.timepoints):
        out.append(_timepoint(data, t, nadir, out[-1].category if out else ""))
        if all(mm is not None for mm in point):
            nadir = min(nadir, sum(cast(tuple[Decimal, ...], point), Decimal(0)))
    return out


def _timepoint(data: RecistInput, t: int, nadir: Decimal, previous: str) -> Assessment:
    point = data.timepoints[t]
    complete = all(mm is not None for mm in point)
    summed = sums(data, sum(cast(tuple[Decimal, ...], point), Decimal(0)), nadir) if complete else None
    back = reappeared(data, point) if previous == "CR" else []
    if back and not data.new_lesions[t]:
        sites = ", ".join(back)
        if summed is None:
            return result("PD", T_REAPPEARED_ONLY, sites=sites)
        return result("PD", T_REAPPEARED, sites=sites, sums=summed)
    return _overall(target_response(data, t, nadir), data.nontarget[t], data.new_lesions[t], summed)


def recist_series(data: object) -> list[Assessment]:
    """RECIST 1.1 (Eisenhauer 2009) overall response at every assessment time point.

    The nadir is the smallest complete sum on study, baseline included; an
    assessment with an unmeasured target does not set a new nadir. Invalid
    input gives a single INVALID assessment. Progression ends the assessment:
    the best overall response is taken up to it (Eisenhauer 2009, section 4.4),
    so a later time point is AFTER_PD, not classified under RECIST 1.1, rather
    than read as a new response (only iRECIST goes on after a progression).
    """
    parsed = parse_recist(data)
    if isinstance(parsed, list):
        return [invalid(parsed)]
    out: list[Assessment] = []
    progressed_at = 0
    for t, assessment in enumerate(_series(parsed), start=1):
        if progressed_at:
            out.append(result(AFTER_PD, T_AFTER_PD, at=progressed_at))
            continue
        out.append(assessment)
        if assessment.category == "PD":
            progressed_at = t
    return out


def assess_recist(data: object) -> Assessment:
    """RECIST 1.1 (Eisenhauer, Eur J Cancer 2009) overall response at the last time point, or the progression
    that ended the assessment before it."""
    series = recist_series(data)
    return series[overall_index(series)]


def overall_index(series: list[Assessment]) -> int:
    """Which time point gives a series' overall reading: the last one, or the progression that ended the RECIST
    1.1 assessment when only AFTER_PD time points follow it (Eisenhauer 2009, section 4.4)."""
    i = len(series) - 1
    while i > 0 and series[i].category == AFTER_PD:
        i -= 1
    return i
