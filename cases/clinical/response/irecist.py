"""iRECIST: RECIST 1.1 for trials of immunotherapy.

Seymour L et al., iRECIST: guidelines for response criteria for use in trials
testing immunotherapeutics. Lancet Oncol 2017;18:e143-e152, Table 2
(time-point response with and without a previous iUPD). The first RECIST 1.1
progression is unconfirmed (iUPD). It is confirmed (iCPD) at the next
assessment (4-8 weeks later) by a further increase in the category that was
iUPD (target sum up >= 5 mm from the iUPD time point, any further increase of
non-target disease, new lesions up >= 5 mm in sum or in number), or by RECIST
progression in a category that had not progressed before. When the next
assessment no longer meets progression, the bar resets: iCR, iPR or iSD,
and a later progression is a new iUPD. While iUPD stands unconfirmed, each
further increase is measured from the iUPD time point itself, so sequential
increases add up (EORTC RECIST working group iRECIST FAQ "How do new lesions
define progression?": a 4 mm increase then a further 2 mm confirms iCPD).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number
from .base import Assessment, invalid, result
from .recist import PD_ABSOLUTE_MM, RecistInput, baseline_sum, sums, target_response
from .recist_input import parse_recist

PREFIX = {"CR": "iCR", "PR": "iPR", "SD": "iSD", "NonCR/NonPD": "iNonCR/NonUPD", "NE": "iNE"}

E_PER_POINT = gettext_noop("%(key)s must be a list with one entry per time point")
T_IUPD = gettext_noop("RECIST 1.1 progression (%(reasons)s), not yet confirmed: iUPD (confirm 4-8 weeks later)")
T_ICPD = gettext_noop("iUPD at the previous assessment confirmed by %(reasons)s: iCPD")
T_STILL = gettext_noop(
    "still meets RECIST 1.1 progression but with no further increase since iUPD (%(sums)s): iUPD (confirm at the next assessment)"
)
T_RESET = gettext_noop("RECIST 1.1: %(recist)s. The iUPD is not confirmed and the bar resets; iRECIST: %(category)s")
T_PLAIN = gettext_noop("RECIST 1.1: %(recist)s; iRECIST: %(category)s")
T_AFTER_ICPD = gettext_noop("progression was confirmed (iCPD) at an earlier assessment: iCPD")
R_TARGET = gettext_noop("target sum up 20 percent and 5 mm or more from nadir")
R_NONTARGET = gettext_noop("unequivocal non-target progression")
R_NEW = gettext_noop("new lesion(s)")
C_TARGET = gettext_noop("target sum up %(delta)s mm since iUPD (5 mm or more)")
C_NONTARGET = gettext_noop("further increase of non-target disease")
C_NEW_SIZE = gettext_noop("new lesions up %(delta)s mm in sum (5 mm or more)")
C_NEW_COUNT = gettext_noop("more new lesions (%(before)s then %(now)s)")
C_OTHER = gettext_noop("RECIST progression in a category not progressing before (%(what)s)")


@dataclass(frozen=True)
class Extra:
    """What iRECIST reads beyond RECIST 1.1, per time point."""

    new_sum: tuple[Decimal | None, ...]
    new_count: tuple[int | None, ...]
    nontarget_increase: tuple[bool, ...]


def _list(data: dict, key: str, count: int, errors: list[str], check) -> list:
    raw = data.get(key)
    if raw is None:
        return [None] * count
    if not isinstance(raw, list) or len(raw) != count or not all(v is None or check(v) for v in raw):
        errors.append(Message(E_PER_POINT, key=key))
        return [None] * count
    return raw


def _number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v >= 0


def _extra(data: dict, count: int, errors: list[str]) -> Extra:
    sums_ = _list(data, "new_lesion_sum_mm", count, errors, _number)
    counts = _list(data, "new_lesion_count", count, errors, lambda v: isinstance(v, int) and not isinstance(v, bool))
    grew = _list(data, "nontarget_increase", count, errors, lambda v: isinstance(v, bool))
    return Extra(
        tuple(None if v is None else Decimal(str(v)) for v in sums_),
        tuple(counts),
        tuple(bool(v) for v in grew),
    )


@dataclass
class Point:
    recist: Assessment
    target_pd: bool
    target_sum: Decimal | None
    nontarget_pd: bool
    new: bool
    nadir: Decimal = Decimal(0)  # the nadir this time point was read against


def _points(data: RecistInput) -> list[Point]:
    """RECIST 1.1 at each time point, with which category progressed."""
    series = recist_series_from(data)
    out = []
    nadir = baseline_sum(data)
    for t, point in enumerate(data.timepoints):
        complete = all(mm is not None for mm in point)
        total = sum(cast(tuple[Decimal, ...], point), Decimal(0)) if complete else None
        target_pd = bool(data.targets) and target_response(data, t, nadir).category == "PD"
        nontarget_pd = data.nontarget[t] == "unequivocal_progression"
        out.append(Point(series[t], target_pd, total, nontarget_pd, data.new_lesions[t], nadir))
        if total is not None:
            nadir = min(nadir, total)
    return out


def recist_series_from(data: RecistInput) -> list[Assessment]:
    from .recist import _series  # the same series RECIST 1.1 gives

    return _series(data)


def _reasons(p: Point, data: RecistInput) -> list[str]:
    reasons: list[str] = []
    if p.target_pd:
        reasons.append(R_TARGET)
    if p.nontarget_pd:
        reasons.append(R_NONTARGET)
    if p.new:
        reasons.append(R_NEW)
    if not reasons:  # a target that reappeared after CR
        reasons.append(p.recist.explanation)
    return reasons


def _confirmation(iupd: Point, u: int, t: int, now: Point, extra: Extra) -> list[str]:
    """Why the iUPD at time point u is confirmed at time point t (empty: not confirmed).

    Every increase is measured from the iUPD time point u, not from the assessment just before, so increases
    over several unconfirmed assessments add up (Seymour 2017; EORTC iRECIST FAQ).
    """
    why: list[str] = []
    if iupd.target_pd and iupd.target_sum is not None and now.target_sum is not None:
        delta = now.target_sum - iupd.target_sum
        if delta >= PD_ABSOLUTE_MM:
            why.append(Message(C_TARGET, delta=fmt_number(delta)))
    if iupd.nontarget_pd and extra.nontarget_increase[t]:
        why.append(C_NONTARGET)
    if iupd.new and now.new:
        before, after = extra.new_sum[u], extra.new_sum[t]
        if before is not None and after is not None and after - before >= PD_ABSOLUTE_MM:
            why.append(Message(C_NEW_SIZE, delta=fmt_number(after - before)))
        n0, n1 = extra.new_count[u], extra.new_count[t]
        if n0 is not None and n1 is not None and n1 > n0:
            why.append(Message(C_NEW_COUNT, before=n0, now=n1))
    other = []
    if now.target_pd and not iupd.target_pd:
        other.append(R_TARGET)
    if now.nontarget_pd and not iupd.nontarget_pd:
        other.append(R_NONTARGET)
    if now.new and not iupd.new:
        other.append(R_NEW)
    if other:
        why.append(Message(C_OTHER, what=other))
    return why


def irecist_series(data: object) -> list[Assessment]:
    """iRECIST (Seymour, Lancet Oncol 2017) time-point response at every assessment."""
    parsed = parse_recist(data)
    if isinstance(parsed, list):
        return [invalid(parsed)]
    errors: list[str] = []
    extra = _extra(cast(dict, data), len(parsed.timepoints), errors)
    if errors:
        return [invalid(errors)]
    out: list[Assessment] = []
    iupd: Point | None = None
    iupd_at = 0
    for t, now in enumerate(_points(parsed)):
        if out and out[-1].category in ("iCPD",) or (out and out[-1].template == T_AFTER_ICPD):
            out.append(result("iCPD", T_AFTER_ICPD))
            continue
        progressed = now.recist.category == "PD"
        if iupd is None:
            if progressed:
                iupd, iupd_at = now, t
                out.append(result("iUPD", T_IUPD, reasons=_reasons(now, parsed)))
            else:
                category = PREFIX[now.recist.category]
                out.append(result(category, T_PLAIN, recist=_msg(now.recist), category=category))
            continue
        why = _confirmation(iupd, iupd_at, t, now, extra)
        if why:
            out.append(result("iCPD", T_ICPD, reasons=why))
            continue
        if progressed:
            summed = _sums(parsed, now)
            out.append(result("iUPD", T_STILL, sums=summed))
            continue
        iupd = None
        category = PREFIX[now.recist.category]
        out.append(result(category, T_RESET, recist=_msg(now.recist), category=category))
    return out


def _sums(data: RecistInput, p: Point) -> str:
    if p.target_sum is None:
        return "-"
    # The change from the nadir the time point was read against (the sum itself would always read +0.0%).
    return sums(data, p.target_sum, p.nadir)


def _msg(a: Assessment) -> Message:
    return Message(a.template, **a.params)


def assess_irecist(data: object) -> Assessment:
    """iRECIST (Seymour, Lancet Oncol 2017) response at the last time point."""
    return irecist_series(data)[-1]
