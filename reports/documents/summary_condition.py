"""Condition now: performance status, weight trend, labs by organ with reference ranges.

Reference ranges are the typical adult ones in cases.clinical.lab_tests; a
value entered in another unit is shown converted into the range's unit, as
the urgency flags grade it (cases.clinical.lab_values: 1 × 10⁹/L = 1000
cells/µL), with the value as entered beside it; a unit we cannot convert is
shown as entered and not compared. Out-of-range values are marked in words
("high", "low"), not by colour.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.clinical import codes, mdt_needs
from cases.clinical.lab_values import LabValue, in_own_unit
from cases.clinical.numbers import fmt_number
from cases.clinical.organ_function import creatinine_clearance
from cases.clinical.urgency import WEIGHT_LOSS_PCT
from cases.labels import code_label, join_list
from reports.labels import shown_date

ORGANS = (
    (gettext_lazy("Blood counts"), ("haemoglobin", "wbc", "neutrophils", "lymphocytes", "platelets")),
    (gettext_lazy("Kidney"), ("creatinine", "egfr")),
    (gettext_lazy("Liver"), ("bilirubin", "alt", "ast", "alp", "albumin", "inr")),
    (gettext_lazy("Electrolytes and other"), ("sodium", "potassium", "calcium", "calcium_total", "ldh", "tsh")),
    (gettext_lazy("Tumour markers"), ("cea", "ca125", "ca199", "ca153", "psa", "afp")),
)


SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def pretty_unit(unit: str) -> str:
    """10^9/L as 10⁹/L."""
    head, caret, power = unit.partition("^")
    if not caret:
        return unit
    digits = "".join(c for c in power if c.isdigit())
    return head + digits.translate(SUPERSCRIPTS) + power[len(digits) :]


def _same_unit(entered: str, reference: str) -> bool:
    def norm(unit: str) -> str:
        return unit.replace(" ", "").replace("x10", "10").casefold()

    return not entered or norm(entered) == norm(reference)


def _range(test) -> str:
    low, high = test.low, test.high
    if low is not None and high is not None:
        text = f"{fmt_number(low)}–{fmt_number(high)}"
    elif low is not None:
        text = f"≥ {fmt_number(low)}"
    elif high is not None:
        text = f"≤ {fmt_number(high)}"
    else:
        return ""
    return f"{text} {pretty_unit(test.unit)}".strip()


def _converted(latest, test) -> Decimal | None:
    """The value in the reference range's unit, converted as the urgency flags convert it (cases.clinical.lab_values),
    or None when the unit is not one we can convert."""
    if test is None:
        return None
    return in_own_unit(LabValue(latest.test, latest.value, latest.unit or "", latest.measured_on))


def _flag(value: Decimal | None, test) -> str:
    if test is None:
        return ""
    if value is None:
        return _("other unit: see the lab's own range")
    if test.low is not None and value < test.low:
        return _("low")
    if test.high is not None and value > test.high:
        return _("high")
    return ""


def _shown(lab, test) -> tuple[str, str, str]:
    """(value, unit, as entered): in the reference range's unit when it converts, so value and range read alike
    (1500 cells/µL beside "1.8–7.5 10⁹/L" is shown as 1.5 10⁹/L); "as entered" is "" when nothing was converted."""
    converted = _converted(lab, test)
    if converted is None or _same_unit(lab.unit, test.unit):
        return fmt_number(lab.value), pretty_unit(lab.unit or (test.unit if test else "")), ""
    # at most 3 decimals: 108.732 µmol/L from 1.23 mg/dL is no more exact than the value entered
    return fmt_number(round(converted, 3)), pretty_unit(test.unit), f"{fmt_number(lab.value)} {lab.unit}"


def _earlier(lab, test) -> str:
    value, unit, _entered = _shown(lab, test)
    shown = f"{value} {unit}" if unit and _entered else value  # a converted value names its unit
    return f"{shown} ({shown_date(lab.measured_on) or '?'})"


def _lab_row(code: str, results: list) -> dict:
    test = codes.LAB_TESTS.get(code)
    latest, earlier = results[-1], results[:-1]
    converted = _converted(latest, test)
    value, unit, as_entered = _shown(latest, test)
    flag = _flag(converted, test)
    compared = test is not None and (test.low is not None or test.high is not None) and converted is not None
    return {
        "code": code,
        "name": code_label(codes.LAB_TESTS, code),
        "value": value,
        "unit": unit,
        "as_entered": as_entered,
        "date": shown_date(latest.measured_on),
        "range": _range(test) if test else "",
        "flag": flag,
        "out_of_range": compared and bool(flag),
        "compared": compared,
        "earlier": [_earlier(r, test) for r in reversed(earlier[-3:])],
    }


def _by_test(case) -> dict[str, list]:
    by_test: dict[str, list] = {}
    for lab in sorted(case.labs.all(), key=lambda r: (r.measured_on is not None, r.measured_on, r.id)):
        by_test.setdefault(lab.test, []).append(lab)
    return by_test


def lab_groups(case) -> list[dict]:
    """Labs grouped by organ, each group with a one-line verdict."""
    by_test = _by_test(case)
    groups = []
    for name, tests in ORGANS:
        rows = [_lab_row(code, by_test.pop(code)) for code in tests if code in by_test]
        if rows:
            groups.append({"name": str(name), "rows": rows, "verdict": _verdict(rows)})
    if by_test:
        rows = [_lab_row(code, results) for code, results in by_test.items()]
        groups.append({"name": _("Other tests"), "rows": rows, "verdict": _verdict(rows)})
    return groups


def _verdict(rows: list[dict]) -> str:
    out = [f"{r['name']} {r['flag']}" for r in rows if r["out_of_range"]]
    if out:
        return _("out of range: %(tests)s") % {"tests": join_list(out)}
    if any(r["compared"] for r in rows):
        return _("within the reference range")
    return _("no reference range to compare with")


def weight(case) -> dict | None:
    now, before = case.weight_kg, case.weight_kg_3_months_ago
    if now is None and before is None:
        return None
    out = {
        "now": fmt_number(now) if now is not None else "",
        "before": fmt_number(before) if before is not None else "",
    }
    if now is not None and before:
        change = (Decimal(now) - Decimal(before)) * 100 / Decimal(before)
        out["change"] = f"{change.quantize(Decimal('0.1')):+}%"
        out["loss_flag"] = -change >= WEIGHT_LOSS_PCT
    if now is not None and case.height_cm:
        bmi = Decimal(now) / (Decimal(case.height_cm) / 100) ** 2
        out["bmi"] = fmt_number(bmi.quantize(Decimal("0.1")))
    return out


def crcl(case) -> str:
    """Creatinine clearance by Cockcroft-Gault (1976), with what it was computed from; "" when it cannot be."""
    labs = tuple(LabValue(lab.test, lab.value, lab.unit, lab.measured_on) for lab in case.labs.all())
    result = creatinine_clearance(
        labs,
        birth_date=case.patient_birth_date,
        weight_kg=case.weight_kg,
        sex=case.patient_sex,
        today=timezone.localdate(),
    )
    if result is None:
        return ""
    return _("%(value)s mL/min (Cockcroft-Gault: creatinine %(creatinine)s µmol/L, age %(age)s, %(weight)s kg)") % {
        "value": result.ml_min,
        "creatinine": fmt_number(result.creatinine_umol_l),
        "age": result.age,
        "weight": fmt_number(result.weight_kg),
    }


def crcl_missing(case) -> str:
    """Why the creatinine clearance was not computed: only the inputs that are missing are named."""
    missing = [
        name
        for name, known in (
            (_("creatinine"), case.labs.filter(test="creatinine").exists()),
            (_("date of birth"), case.patient_birth_date is not None),
            (_("weight"), case.weight_kg is not None),
            (_("sex"), case.patient_sex in ("female", "male")),
        )
        if not known
    ]
    if not missing:  # all given, yet no value (an adult formula: under 18, or a value that cannot be used)
        return _("not computed")
    return _("not computed: needs %(missing)s") % {"missing": join_list(missing)}


def _yes_no(value) -> str:
    return {True: _("yes"), False: _("no")}.get(value, "—")


def before_treatment(case) -> list[tuple[str, str]]:
    """What the MDT checks before it recommends a treatment (cases.clinical.mdt_needs), as label and value."""
    viruses = [code_label(mdt_needs.VIRUS_STATUSES, v) or "—" for v in (case.hepatitis_b, case.hepatitis_c, case.hiv)]
    lvef = (
        f"{case.lvef_percent}%"
        + (f" ({shown_date(case.lvef_date, case.lvef_date_precision)})" if case.lvef_date else "")
        if case.lvef_percent
        else "—"
    )
    return [
        (_("Creatinine clearance"), crcl(case) or crcl_missing(case)),
        ("LVEF", lvef),
        (_("Hepatitis B / hepatitis C / HIV"), " / ".join(viruses)),
        (
            _("Autoimmune disease / transplant"),
            f"{_yes_no(case.autoimmune_disease)} / {_yes_no(case.organ_transplant)}",
        ),
        (_("Medicines now"), case.medications.strip() or "—"),
        (_("Past serious side effects"), case.past_toxicities.strip() or "—"),
    ]


def condition(case) -> dict:
    return {
        "ecog": code_label(codes.ECOG, case.ecog) if case.ecog is not None else "",
        "karnofsky": case.karnofsky,
        "weight": weight(case),
        "labs": lab_groups(case),
        "before_treatment": before_treatment(case),
    }
