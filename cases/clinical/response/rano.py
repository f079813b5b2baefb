"""RANO 2.0 response for glioma.

Wen PY et al., RANO 2.0: update to the Response Assessment in
Neuro-Oncology criteria for high- and low-grade gliomas in adults. J Clin
Oncol 2023;41:5187-5199. The sum of the products of perpendicular diameters
(SPD) of measurable lesions (both diameters >= 10 mm) on contrast-enhanced
T1, or on T2/FLAIR for non-enhancing tumours, is compared with baseline (the
post-radiotherapy scan in newly diagnosed disease) and with the nadir.
- CR: no measurable or non-measurable disease left, no new lesions, no
  corticosteroids beyond physiological doses, clinically stable or better;
  confirmed on a scan >= 4 weeks later.
- PR: SPD down >= 50% from baseline, no new lesions, corticosteroids stable
  or lower, clinically stable or better; confirmed >= 4 weeks later.
- MR (non-enhancing tumours only): SPD down 25% to < 50%.
- SD: neither.
- PD: SPD up >= 25% from the nadir, a new measurable lesion, or clinical
  deterioration not from another cause. Within 12 weeks after radiotherapy
  ends (and on immunotherapy) the first PD is preliminary: it is confirmed
  when the next scan shows a further SPD rise of >= 25% from the
  preliminary scan, new lesions or clinical decline; otherwise it was
  pseudoprogression and the measurements are read again. A rise of
  corticosteroids alone is not progression.

Not verified against the published text (November 2026): Wen 2023 is not
among the stored copies searched, so the confirmation of progression (and
whether the next scan must show a "further 25%" rise), which categories need
a confirming scan, and the 12-week post-radiotherapy window are as first
written here and left unchanged. What the stored copies do show: a news
summary (medicine.net, "Single set of criteria to assess progression in
glioma") says RANO 2.0 is one set of criteria for high- and low-grade glioma
whatever the therapy, with guidance on immunotherapy and radiochemotherapy
effects; and the summary table in PMC10584081 (Table 1, Neuro-Oncology
Advances 2023) gives the thresholds this module uses as they stood in RANO
2010 (PR >= 50% down, PD >= 25% up, CR and PR confirmed at 4 weeks) and
RANO-LGG 2011 (minor response >= 25% but < 50% down on T2/FLAIR), not RANO
2.0 itself.
"""

from datetime import date, timedelta
from decimal import Decimal

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number, fmt_percent, percent_change
from .base import Assessment, Reader, SeriesReader, invalid, parse_date, result

TUMOURS = ("enhancing", "non_enhancing")
STEROIDS = ("none_or_physiological", "stable_or_reduced", "increased")
CLINICAL = ("stable_or_improved", "worse")
PR_FALL, MR_FALL, PD_RISE = Decimal(-50), Decimal(-25), Decimal(25)
PSEUDOPROGRESSION_WINDOW = timedelta(weeks=12)
CONFIRM = timedelta(weeks=4)

E_SCAN = gettext_noop("scans[%(i)s] needs date, spd_mm2, new_lesions, steroids and clinical")
T_RESULT = gettext_noop(
    "SPD %(spd)s mm², %(change)s from baseline %(baseline)s mm², %(nadir_change)s from nadir %(nadir)s mm², "
    "steroids %(steroids)s, clinically %(clinical)s: %(category)s%(confirmation)s"
)
T_PD = gettext_noop("%(reasons)s: PD")
T_PRELIMINARY = gettext_noop(
    "%(reasons)s within 12 weeks of the end of radiotherapy or on immunotherapy: preliminary PD (confirm on the "
    "next scan: a further 25%% rise, new lesions or clinical decline; RANO 2.0, Wen et al., J Clin Oncol 2023)"
)
T_CONFIRMED = gettext_noop(
    "preliminary PD on %(date)s confirmed (%(reasons)s): PD from %(date)s (RANO 2.0, Wen et al., J Clin Oncol 2023)"
)
T_PSEUDO = gettext_noop("%(text)s; the preliminary PD was not confirmed (pseudoprogression)")
R_SPD = gettext_noop("SPD up %(change)s from the nadir %(nadir)s mm²")
R_NEW = gettext_noop("new measurable lesion(s)")
R_BACK = gettext_noop("measurable disease back (SPD %(spd)s mm²) after a nadir of 0")
R_CLINICAL = gettext_noop("clinical deterioration")
R_FURTHER = gettext_noop("SPD up a further %(change)s")
C_CONFIRMED = gettext_noop(", confirmed on a scan 4 weeks or more later")
C_UNCONFIRMED = gettext_noop(", to be confirmed on a scan 4 weeks or more later")


def _scans(reader: Reader) -> list[dict]:
    raw = reader.data.get("scans")
    if not isinstance(raw, list) or not raw:
        reader.errors.append(Message(E_SCAN, i=0))
        return []
    out = []
    for i, item in enumerate(raw):
        row = Reader(item, prefix=f"scans[{i}].")
        scan = {
            "date": parse_date(row.data.get("date")),
            "spd": row.number("spd_mm2"),
            "new": row.boolean("new_lesions"),
            "steroids": row.choice("steroids", STEROIDS),
            "clinical": row.choice("clinical", CLINICAL),
        }
        if row.errors or scan["date"] is None:
            reader.errors.append(Message(E_SCAN, i=i))
            continue
        out.append(scan)
    return out


def _pd_reasons(scan: dict, nadir: Decimal) -> list[str]:
    reasons: list[str] = []
    if nadir and percent_change(scan["spd"], nadir) >= PD_RISE:
        reasons.append(Message(R_SPD, change=fmt_percent(percent_change(scan["spd"], nadir)), nadir=fmt_number(nadir)))
    elif not nadir and scan["spd"] > 0:
        # From a nadir of 0 (nothing measurable left) any measurable disease is an unbounded rise: PD, as RANO
        # 2.0 counts growth from the smallest measurement (Wen 2023), not a "n/a" that reads as stable.
        reasons.append(Message(R_BACK, spd=fmt_number(scan["spd"])))
    if scan["new"]:
        reasons.append(R_NEW)
    if scan["clinical"] == "worse":
        reasons.append(R_CLINICAL)
    return reasons


def _response(scan: dict, baseline: Decimal, tumour: str) -> str:
    if scan["spd"] == 0:
        return (
            "CR" if scan["steroids"] == "none_or_physiological" else ("PR" if scan["steroids"] != "increased" else "SD")
        )
    change = percent_change(scan["spd"], baseline) if baseline else Decimal(0)
    if change <= PR_FALL:
        return "PR" if scan["steroids"] != "increased" else "SD"
    if tumour == "non_enhancing" and change <= MR_FALL:
        return "MR" if scan["steroids"] != "increased" else "SD"
    return "SD"


def _needs_confirmation(when: date, rt_end: date | None, immunotherapy: bool) -> bool:
    return immunotherapy or (rt_end is not None and timedelta(0) <= when - rt_end <= PSEUDOPROGRESSION_WINDOW)


def rano_series(data: object) -> list[Assessment]:
    """RANO 2.0 (Wen, J Clin Oncol 2023) response at every scan."""
    reader = SeriesReader(data)
    tumour = reader.choice("tumour", TUMOURS)
    baseline = reader.number("baseline_spd_mm2")
    rt_end = reader.date("radiotherapy_end", nullable=True)
    immunotherapy = bool(reader.boolean("on_immunotherapy", nullable=True))
    scans = _scans(reader)
    if reader.errors or baseline is None or tumour is None:
        return [invalid(reader.errors)]
    out: list[Assessment] = []
    nadir = baseline
    preliminary: dict | None = None
    for i, scan in enumerate(scans):
        if out and out[-1].category == "PD":
            out.append(out[-1])
            continue
        reasons = _pd_reasons(scan, nadir)
        if preliminary is not None:
            further = percent_change(scan["spd"], preliminary["spd"]) if preliminary["spd"] else Decimal(0)
            if further >= PD_RISE:
                confirm = [Message(R_FURTHER, change=fmt_percent(further))] + [
                    r for r in reasons if r in (R_NEW, R_CLINICAL)
                ]
            else:
                confirm = [r for r in reasons if r in (R_NEW, R_CLINICAL)]
            if confirm:
                out.append(result("PD", T_CONFIRMED, date=preliminary["date"].isoformat(), reasons=confirm))
                continue
            plain = _plain(scan, baseline, nadir, tumour, scans, i)
            out.append(result(plain.category, T_PSEUDO, text=Message(plain.template, **plain.params)))
            preliminary = None
            nadir = min(nadir, scan["spd"])
            continue
        if reasons:
            if _needs_confirmation(scan["date"], rt_end, immunotherapy):
                preliminary = scan
                out.append(result("preliminary_PD", T_PRELIMINARY, reasons=reasons))
            else:
                out.append(result("PD", T_PD, reasons=reasons))
            continue
        out.append(_plain(scan, baseline, nadir, tumour, scans, i))
        nadir = min(nadir, scan["spd"])
    return out


def _plain(scan: dict, baseline: Decimal, nadir: Decimal, tumour: str, scans: list[dict], i: int) -> Assessment:
    category = _response(scan, baseline, tumour)
    confirmation = ""
    if category in ("CR", "PR"):
        later = [s for s in scans[i + 1 :] if s["date"] - scan["date"] >= CONFIRM]
        held = later and _response(later[0], baseline, tumour) in (("CR",) if category == "CR" else ("CR", "PR"))
        confirmation = C_CONFIRMED if held else C_UNCONFIRMED
    params = {
        "spd": fmt_number(scan["spd"]),
        "change": fmt_percent(percent_change(scan["spd"], baseline)) if baseline else "n/a",
        "baseline": fmt_number(baseline),
        "nadir_change": fmt_percent(percent_change(scan["spd"], nadir)) if nadir else "n/a",
        "nadir": fmt_number(nadir),
        "steroids": scan["steroids"].replace("_", " "),
        "clinical": scan["clinical"].replace("_", " "),
    }
    return result(category, T_RESULT, category=category, confirmation=confirmation, **params)


def assess_rano(data: object) -> Assessment:
    """RANO 2.0 for glioma (Wen, J Clin Oncol 2023) at the last scan: CR, PR, MR, SD, preliminary_PD, PD."""
    return rano_series(data)[-1]
