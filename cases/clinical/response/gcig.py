"""GCIG CA-125 response and progression in ovarian cancer.

Rustin GJS et al., Definitions for response and progression in ovarian
cancer clinical trials incorporating RECIST 1.1 and CA 125 agreed by the
Gynecological Cancer Intergroup (GCIG). Int J Gynecol Cancer 2011;21:419-423.
- Response: a fall of >= 50% from the pretreatment value, confirmed and
  maintained >= 28 days (a later sample at least 28 days on still >= 50%
  down); dated from the first sample 50% down. Evaluable only when the
  pretreatment sample is >= 2x the upper limit of normal (ULN) and taken
  within the 2 weeks before treatment starts (checked when
  ``treatment_start`` is given).
- Progression: (A) raised before treatment and normalised: >= 2x ULN on two
  occasions >= 1 week apart; (B) raised and never normalised: >= 2x the
  nadir on two occasions >= 1 week apart; (C) normal before treatment: >= 2x
  ULN on two occasions >= 1 week apart. Progression dates from the first.

Checked against stored copies (November 2026). Rustin 2011 is stored
(licentiada.org/?p=614474; abstract at pubmed.gov/21270624), but only its
opening (title and abstract) can be read there. The definitions above match
the GCIG summary in the admiralonco vignette "Creating ADRS with GCIG
Criteria" (stat.ethz.ch/CRAN/web/packages/admiralonco/vignettes/adrs_gcig.Rmd),
which cites Rustin 2011: response and progression categories A, B and C, the
28-day (4-week) confirmation, the 1-week gap, the 2x ULN pretreatment sample
within 2 weeks before treatment, and the dates of response and progression.
Not implemented, though the vignette names them: "not evaluable" after mouse
antibodies or a peritoneal or pleural procedure in the previous 28 days, and
the split of a response into one within the normal range or not. Not confirmed
from a stored copy: any rule on samples between the 50% fall and the
confirming sample.
"""

from datetime import date, timedelta
from decimal import Decimal

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number, fmt_percent, percent_change
from .base import Assessment, SeriesReader, invalid, result

DEFAULT_ULN = Decimal(35)  # U/mL, the usual assay ULN
RESPONSE_FALL = Decimal("0.5")  # >= 50% down from the pretreatment sample (GCIG, Rustin 2011)
CONFIRM_RESPONSE = timedelta(days=28)  # confirmed and maintained >= 28 days
CONFIRM_PROGRESSION = timedelta(days=7)  # two occasions >= 1 week apart
PRETREATMENT_WINDOW = timedelta(weeks=2)  # the pretreatment sample: within the 2 weeks before treatment

T_RESULT = gettext_noop("%(findings)s: %(category)s")
F_NOW = gettext_noop(
    "CA-125 %(now)s U/mL on %(date)s, %(change)s from pretreatment %(baseline)s, %(nadir_change)s from nadir "
    "%(nadir)s (ULN %(uln)s)"
)
F_RESPONSE = gettext_noop("down 50%% or more from %(date)s and still down %(days)s days later")
F_RESPONSE_UNCONFIRMED = gettext_noop("down 50%% or more on %(date)s: confirm with a sample 28 days or more later")
F_NOT_EVALUABLE = gettext_noop(
    "pretreatment CA-125 %(baseline)s is under twice the ULN (%(twice)s): response cannot be judged by CA-125"
)
F_SAMPLE_OUTSIDE_WINDOW = gettext_noop(
    "the pretreatment sample (%(date)s) is not within the 2 weeks before treatment started (%(start)s): response "
    "cannot be judged by CA-125"
)
F_PD = gettext_noop("%(rule)s on %(date)s and again on %(confirmed)s: progression from %(date)s")
F_PD_UNCONFIRMED = gettext_noop("%(rule)s on %(date)s: confirm with a sample 1 week or more later")
RULE_A = gettext_noop("normalised after treatment, now twice the ULN or more (GCIG A)")
RULE_B = gettext_noop("never normalised, now twice the nadir or more (GCIG B)")
RULE_C = gettext_noop("normal before treatment, now twice the ULN or more (GCIG C)")


def _progression(ca: list[tuple[date, Decimal]], uln: Decimal) -> tuple[str, dict] | None:
    baseline = ca[0][1]
    raised = baseline > uln
    for i in range(1, len(ca)):
        before = ca[1:i] or []
        normalised = any(v <= uln for _, v in before)
        if not raised:
            rule, threshold = RULE_C, 2 * uln
        elif normalised:
            rule, threshold = RULE_A, 2 * uln
        else:
            rule, threshold = RULE_B, 2 * min(v for _, v in ca[:i])
        when, value = ca[i]
        if value < threshold:
            continue
        later = [(d, v) for d, v in ca[i + 1 :] if d - when >= CONFIRM_PROGRESSION]
        details = {"rule": rule, "date": when.isoformat()}
        # "On two occasions at least 1 week apart": any later sample a week or more on confirms, even after a dip.
        confirming = [d for d, v in later if v >= threshold]
        if confirming:
            return "confirmed", details | {"confirmed": confirming[0].isoformat()}
        if not later:
            return "unconfirmed", details
    return None


def _response(ca: list[tuple[date, Decimal]]) -> tuple[str, dict] | None:
    baseline = ca[0][1]
    for i in range(1, len(ca)):
        when, value = ca[i]
        if value > baseline * RESPONSE_FALL:
            continue
        later = [(d, v) for d, v in ca[i + 1 :] if d - when >= CONFIRM_RESPONSE]
        if later and later[0][1] <= baseline * RESPONSE_FALL:
            return "confirmed", {"date": when.isoformat(), "days": (later[0][0] - when).days}
        if not later:
            return "unconfirmed", {"date": when.isoformat()}
    return None


def assess_gcig(data: object) -> Assessment:
    """GCIG CA-125 (Rustin, Int J Gynecol Cancer 2011) response and progression.

    The first value is the pretreatment sample. Categories: CA125_progression,
    progression_unconfirmed, CA125_response, response_unconfirmed,
    not_evaluable_for_response (pretreatment under 2x ULN, or not within the 2
    weeks before ``treatment_start``; no progression) and no_response.
    """
    reader = SeriesReader(data)
    ca = reader.series("ca125", "u_ml", minimum=2)
    uln = reader.number("uln_u_ml", nullable=True) or DEFAULT_ULN
    start = reader.date("treatment_start", nullable=True)
    if reader.errors:
        return invalid(reader.errors)
    findings: list[str] = []
    progression = _progression(ca, uln)
    high_enough = ca[0][1] >= 2 * uln
    in_window = start is None or timedelta(0) <= start - ca[0][0] <= PRETREATMENT_WINDOW
    evaluable = high_enough and in_window
    response = _response(ca) if evaluable else None
    if progression:
        template = F_PD if progression[0] == "confirmed" else F_PD_UNCONFIRMED
        findings.append(Message(template, **progression[1]))
    if not high_enough:
        findings.append(Message(F_NOT_EVALUABLE, baseline=fmt_number(ca[0][1]), twice=fmt_number(2 * uln)))
    elif start and not in_window:
        findings.append(Message(F_SAMPLE_OUTSIDE_WINDOW, date=ca[0][0].isoformat(), start=start.isoformat()))
    elif response:
        template = F_RESPONSE if response[0] == "confirmed" else F_RESPONSE_UNCONFIRMED
        findings.append(Message(template, **response[1]))
    findings.append(_now(ca, uln))
    category = _category(progression, response, evaluable)
    # params["progression_date"]: progression counts from the first raised value
    first = progression[1]["date"] if progression and progression[0] == "confirmed" else ""
    return result(category, T_RESULT, findings=findings, category=category, progression_date=first)


def _category(progression, response, evaluable: bool) -> str:
    if progression:
        return "CA125_progression" if progression[0] == "confirmed" else "progression_unconfirmed"
    if not evaluable:
        return "not_evaluable_for_response"
    if response:
        return "CA125_response" if response[0] == "confirmed" else "response_unconfirmed"
    return "no_response"


def _now(ca: list[tuple[date, Decimal]], uln: Decimal) -> Message:
    when, now = ca[-1]
    baseline, nadir = ca[0][1], min(v for _, v in ca)
    return Message(
        F_NOW,
        now=fmt_number(now),
        date=when.isoformat(),
        change=fmt_percent(percent_change(now, baseline)) if baseline else "n/a",
        baseline=fmt_number(baseline),
        nadir_change=fmt_percent(percent_change(now, nadir)) if nadir else "n/a",
        nadir=fmt_number(nadir),
        uln=fmt_number(uln),
    )
