"""RECIST 1.1 response at each assessment time point.

Eisenhauer EA et al., Eur J Cancer 2009;45:228-247: target lesion response
(section 4.3.1), non-target response (4.3.3), new lesions (4.3.4) and the
overall response tables (Table 1: targets with or without non-targets;
Table 2: non-target disease only).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from ..i18n import gettext_noop
from ..numbers import fmt_number, fmt_percent, percent_change
from .base import Assessment, invalid, result
from .recist_input import RecistInput, parse_recist

PR_CHANGE = Decimal(-30)
PD_CHANGE = Decimal(20)
PD_ABSOLUTE_MM = Decimal(5)
NODE_NORMAL_MM = Decimal(10)

T_BASELINE = gettext_noop("sum %(sum)s mm, %(change)s from baseline %(baseline)s mm: %(category)s")
T_NADIR = gettext_noop("sum %(sum)s mm, %(change)s (%(delta)s mm) from nadir %(nadir)s mm: PD")
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
T_NEW = gettext_noop("new lesion(s): PD")
T_NT_PD = gettext_noop("unequivocal progression of non-target disease: PD")
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
    change = fmt_percent(percent_change(total, nadir)) if nadir else "n/a"
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


def target_response(data: RecistInput, t: int, nadir: Decimal) -> TargetResponse:
    """Target lesion response at time point t against baseline and nadir."""
    point = data.timepoints[t]
    if any(mm is None for mm in point):
        return _unmeasured(point, nadir)
    measured = cast(tuple[Decimal, ...], point)  # every target has a size from here on
    total = sum(measured, Decimal(0))
    if _is_cr(data, measured):
        return TargetResponse("CR", result("CR", T_CR, sum=fmt_number(total)))
    if _is_pd(total, nadir):
        return TargetResponse("PD", result("PD", T_NADIR, **_nadir_params(total, nadir)))
    baseline = sum((t.mm for t in data.targets), Decimal(0))
    change = percent_change(total, baseline)
    category = "PR" if change <= PR_CHANGE else "SD"
    params = {"sum": fmt_number(total), "change": fmt_percent(change)}
    params |= {"baseline": fmt_number(baseline), "category": category}
    return TargetResponse(category, result(category, T_BASELINE, **params))


def _overall(target: TargetResponse, nontarget: str, new: bool) -> Assessment:
    """RECIST 1.1 Table 1: targets combined with non-targets and new lesions."""
    if new:
        return result("PD", T_NEW)
    if nontarget == "unequivocal_progression":
        return result("PD", T_NT_PD)
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
    nadir = sum((t.mm for t in data.targets), Decimal(0))
    out = []
    for t, point in enumerate(data.timepoints):
        target = target_response(data, t, nadir)
        out.append(_overall(target, data.nontarget[t], data.new_lesions[t]))
        if all(mm is not None for mm in point):
            nadir = min(nadir, sum(cast(tuple[Decimal, ...], point), Decimal(0)))
    return out


def recist_series(data: object) -> list[Assessment]:
    """RECIST 1.1 (Eisenhauer 2009) overall response at every assessment time point.

    The nadir is the smallest complete sum on study, baseline included; an
    assessment with an unmeasured target does not set a new nadir. Invalid
    input gives a single INVALID assessment.
    """
    parsed = parse_recist(data)
    if isinstance(parsed, list):
        return [invalid(parsed)]
    return _series(parsed)


def assess_recist(data: object) -> Assessment:
    """RECIST 1.1 (Eisenhauer, Eur J Cancer 2009) overall response at the last time point."""
    return recist_series(data)[-1]
