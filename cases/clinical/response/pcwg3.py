"""PCWG3: PSA and bone-scan progression in prostate cancer.

Scher HI et al., Trial design and objectives for castration-resistant
prostate cancer: updated recommendations from the Prostate Cancer Clinical
Trials Working Group 3. J Clin Oncol 2016;34:1402-1418, Table 3:
- PSA progression: a rise of >= 25% and >= 2 ng/mL above the nadir (above
  baseline when PSA never fell), confirmed by a second value >= 3 weeks
  later; rises in the first 12 weeks are ignored.
- PSA response: the percentage change from baseline (at 12 weeks and the
  largest), reported; a fall of >= 50% confirmed >= 3 weeks later is a PSA
  response (PSA50, as PCWG2 defined it).
- Bone: >= 2 new lesions. On the first post-treatment scan (the flare
  window, usually weeks 8-12) they must be confirmed by a scan >= 6 weeks
  later with >= 2 more new lesions (the 2+2 rule; progression dates from the
  first scan). After that, >= 2 new lesions compared with the first
  post-treatment scan, which must persist on a scan >= 6 weeks later;
  progression dates from the scan that first showed them.
- Soft tissue: RECIST 1.1 (give its category).

Checked against stored copies (November 2026). The full text of Scher 2016 is
not among them, only its abstract (pubmed 26903579; Europe PMC PMC4872347), so
Table 3 itself was not read. The bone rules, including the confirmation scan
after the flare window, follow the PCWG3 summary in the admiralonco vignette
"Creating ADRS with PCWG3 Criteria" (rdrr.io/cran/admiralonco/f/vignettes/
adrs_pcwg3.Rmd); an ASCO GU abstract on enzalutamide bone scans (stored at
discovery.researcher.life) gives the same 2+2 confirmation for scans at or
before 12 weeks. The PSA thresholds (25% and 2 ng/mL above the nadir,
confirmed >= 3 weeks later) match a stored PCWG3 summary
(openonco.info/kb/redflags/rf-prostate-psa-progression.html) and the "PCWG
2008 (25% + 2), above the nadir" row of PMC2684851 Table 2. Not confirmed from
a stored copy: whether rises in the first 12 weeks are ignored only when PSA
never fell (PCWG2's wording) or in every case (as here), and the PSA50 rule.
"""

from datetime import date, timedelta
from decimal import Decimal

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number, fmt_percent, percent_change
from .base import Assessment, Reader, SeriesReader, invalid, parse_date, result

# PSA progression: >= 25% and >= 2 ng/mL above the nadir, confirmed >= 3 weeks later (PCWG3, Scher 2016, Table 3;
# checked against stored summaries, see the module docstring).
RISE = Decimal("1.25")
RISE_ABSOLUTE = Decimal(2)  # ng/mL
CONFIRM_PSA = timedelta(weeks=3)
# Not confirmed from a stored copy of the paper: the 12 weeks are applied to every patient, not only to those whose
# PSA never fell.
IGNORE_EARLY = timedelta(weeks=12)
RESPONSE_FALL = Decimal("0.5")  # PSA50 (PCWG2); not confirmed from a stored copy
# PCWG3 via the admiralonco vignette (see above): a confirmatory bone scan >= 6 weeks later, both in the flare
# window (2+2) and after it (the new lesions persist).
CONFIRM_BONE = timedelta(weeks=6)
SOFT_TISSUE = ("CR", "PR", "SD", "PD", "NonCR/NonPD", "NE", "none")

E_BASELINE_DATE = gettext_noop("treatment_start must not be before the first PSA value (the baseline)")
E_SCAN = gettext_noop("bone_scans[%(i)s] must be an object with date and new_lesions (a whole number)")
T_RESULT = gettext_noop("%(findings)s: %(category)s")
F_PSA = gettext_noop(
    "PSA %(now)s ng/mL on %(date)s, %(change)s from baseline %(baseline)s, %(nadir_change)s from nadir %(nadir)s"
)
F_PSA_PD = gettext_noop(
    "PSA progression from %(date)s: %(value)s ng/mL, %(change)s and +%(delta)s ng/mL above the nadir %(nadir)s, "
    "confirmed on %(confirmed)s"
)
F_PSA_UNCONFIRMED = gettext_noop(
    "PSA %(value)s ng/mL on %(date)s is 25%% and 2 ng/mL above the nadir %(nadir)s: confirm with a value "
    "3 weeks or more later"
)
F_PSA_RESPONSE = gettext_noop("PSA down %(fall)s from baseline, confirmed 3 weeks or more later (PSA50 response)")
F_BONE_PD = gettext_noop("bone scan progression from %(date)s (%(rule)s)")
F_BONE_UNCONFIRMED = gettext_noop(
    "%(count)s new bone lesions on the first post-treatment scan (%(date)s): confirm with a scan 6 weeks or more "
    "later showing 2 or more further new lesions (2+2 rule)"
)
F_BONE_UNCONFIRMED_LATER = gettext_noop(
    "%(count)s new bone lesions on %(date)s compared with the first post-treatment scan: confirm with a scan "
    "6 weeks or more later on which they persist"
)
F_BONE_FLARE = gettext_noop("new lesions on the first scan not confirmed by the next: flare, not progression")
F_SOFT = gettext_noop("soft tissue by RECIST 1.1: %(category)s")
RULE_22 = gettext_noop("2+2 rule: 2 or more new lesions confirmed by 2 or more further new lesions")
RULE_LATER = gettext_noop(
    "2 or more new lesions compared with the first post-treatment scan, persisting on a scan 6 weeks or more later"
)


def _psa_progression(psa: list[tuple[date, Decimal]], start: date) -> tuple[str, dict] | None:
    """("confirmed"|"unconfirmed", details) for the first qualifying PSA rise after week 12, or None."""
    for i in range(1, len(psa)):
        when, value = psa[i]
        if when - start < IGNORE_EARLY:
            continue
        nadir = min(v for _, v in psa[:i])
        threshold = max(nadir * RISE, nadir + RISE_ABSOLUTE)
        if value < threshold:
            continue
        details = {
            "date": when.isoformat(),
            "value": fmt_number(value),
            "nadir": fmt_number(nadir),
            "change": fmt_percent(percent_change(value, nadir)) if nadir else "n/a",
            "delta": fmt_number(value - nadir),
        }
        later = [(d, v) for d, v in psa[i + 1 :] if d - when >= CONFIRM_PSA]
        if later and later[0][1] >= threshold:
            return "confirmed", details | {"confirmed": later[0][0].isoformat()}
        if not later:
            return "unconfirmed", details
    return None


def _psa_response(psa: list[tuple[date, Decimal]]) -> Decimal | None:
    """The fall from baseline (fraction) when a >= 50% fall is confirmed >= 3 weeks later."""
    baseline = psa[0][1]
    if not baseline:
        return None
    for i in range(1, len(psa)):
        when, value = psa[i]
        if value > baseline * (1 - RESPONSE_FALL):
            continue
        later = [(d, v) for d, v in psa[i + 1 :] if d - when >= CONFIRM_PSA]
        if later and later[0][1] <= baseline * (1 - RESPONSE_FALL):
            return (baseline - min(v for _, v in psa[1:])) / baseline
    return None


def _scans(reader: Reader) -> list[tuple[date, int]]:
    raw = reader.data.get("bone_scans", [])
    if not isinstance(raw, list):
        raw = [None]
    out: list[tuple[date, int]] = []
    for i, item in enumerate(raw):
        when = parse_date(item.get("date")) if isinstance(item, dict) else None
        count = item.get("new_lesions") if isinstance(item, dict) else None
        if when is None or not isinstance(count, int) or isinstance(count, bool) or count < 0:
            reader.errors.append(Message(E_SCAN, i=i))
            continue
        out.append((when, count))
    return sorted(out)


def bone_progression(scans: list[tuple[date, int]]) -> tuple[str, date | None]:
    """PCWG3 bone: the state and the date progression counts from.

    States: "confirmed_22" and "unconfirmed_first" (the first post-treatment
    scan, by the 2+2 rule), "confirmed_later" and "unconfirmed_later" (a later
    scan, >= 2 new lesions compared with the first post-treatment scan), "flare"
    (new lesions on the first scan the 2+2 rule did not confirm) and "none".
    Each scan gives the number of new lesions compared with the pre-treatment scan.
    """
    if not scans:
        return "none", None
    first_date, first = scans[0]
    flare = False
    if first >= 2:
        confirming = [c for d, c in scans[1:] if d - first_date >= CONFIRM_BONE]
        if not confirming:
            return "unconfirmed_first", first_date
        if confirming[0] >= first + 2:
            return "confirmed_22", first_date
        flare = True
    later = _later_progression(scans)
    if later:
        return later
    return ("flare", None) if flare else ("none", None)


def _later_progression(scans: list[tuple[date, int]]) -> tuple[str, date] | None:
    """After the first post-treatment scan: >= 2 new lesions compared with it, persisting >= 6 weeks later."""
    first = scans[0][1]
    for i in range(1, len(scans)):
        when, count = scans[i]
        if count - first < 2:
            continue
        confirming = [c for d, c in scans[i + 1 :] if d - when >= CONFIRM_BONE]
        if not confirming:
            return "unconfirmed_later", when
        if confirming[0] - first >= 2:
            return "confirmed_later", when
    return None


def assess_pcwg3(data: object) -> Assessment:
    """PCWG3 (Scher, J Clin Oncol 2016) progression by PSA, bone scan and soft tissue.

    Categories: radiographic_PD (bone 2+2 or RECIST soft tissue), PSA_progression,
    PD_unconfirmed (a rise or new lesions waiting for confirmation),
    PSA_response (>= 50% fall confirmed) and no_progression.
    """
    reader = SeriesReader(data)
    psa = reader.series("psa", "ng_ml", minimum=1)
    start = reader.date("treatment_start", nullable=True)
    scans = _scans(reader)
    soft = reader.choice("soft_tissue_recist", SOFT_TISSUE, nullable=True) or "none"
    if reader.errors:
        return invalid(reader.errors)
    start = start or psa[0][0]
    if start < psa[0][0]:
        return invalid([E_BASELINE_DATE])
    findings: list[str] = []
    psa_state = _psa_progression(psa, start)
    bone, bone_date = bone_progression(scans)
    radiographic = bone.startswith("confirmed") or soft == "PD"
    if bone.startswith("confirmed"):
        rule = RULE_22 if bone == "confirmed_22" else RULE_LATER
        findings.append(Message(F_BONE_PD, date=bone_date.isoformat(), rule=rule))  # type: ignore[union-attr]
    elif bone == "unconfirmed_first":
        findings.append(Message(F_BONE_UNCONFIRMED, count=scans[0][1], date=scans[0][0].isoformat()))
    elif bone == "unconfirmed_later" and bone_date:
        new = next(c for d, c in scans if d == bone_date) - scans[0][1]
        findings.append(Message(F_BONE_UNCONFIRMED_LATER, count=new, date=bone_date.isoformat()))
    elif bone == "flare":
        findings.append(F_BONE_FLARE)
    if soft != "none":
        findings.append(Message(F_SOFT, category=soft))
    if psa_state and psa_state[0] == "confirmed":
        findings.append(Message(F_PSA_PD, **psa_state[1]))
    elif psa_state:
        details = {k: v for k, v in psa_state[1].items() if k in ("value", "date", "nadir")}
        findings.append(Message(F_PSA_UNCONFIRMED, **details))
    fall = _psa_response(psa)
    if fall is not None:
        findings.append(Message(F_PSA_RESPONSE, fall=fmt_percent(-fall * 100).lstrip("-")))
    findings.append(_psa_now(psa))
    if radiographic:
        category = "radiographic_PD"
    elif psa_state and psa_state[0] == "confirmed":
        category = "PSA_progression"
    elif psa_state or bone.startswith("unconfirmed"):
        category = "PD_unconfirmed"
    elif fall is not None:
        category = "PSA_response"
    else:
        category = "no_progression"
    dates = [bone_date] if radiographic and bone_date else []
    if psa_state and psa_state[0] == "confirmed":
        dates.append(date.fromisoformat(psa_state[1]["date"]))
    # params["progression_date"]: when progression counts from (the first scan or first raised value)
    first = min(dates).isoformat() if dates and category in ("radiographic_PD", "PSA_progression") else ""
    return result(category, T_RESULT, findings=findings, category=category, progression_date=first)


def _psa_now(psa: list[tuple[date, Decimal]]) -> Message:
    when, now = psa[-1]
    baseline = psa[0][1]
    nadir = min(v for _, v in psa)
    return Message(
        F_PSA,
        now=fmt_number(now),
        date=when.isoformat(),
        change=fmt_percent(percent_change(now, baseline)) if baseline else "n/a",
        baseline=fmt_number(baseline),
        nadir_change=fmt_percent(percent_change(now, nadir)) if nadir else "n/a",
        nadir=fmt_number(nadir),
    )
