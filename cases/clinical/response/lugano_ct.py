"""Lugano 2014 CT-based response for lymphoma.

Cheson BD et al., J Clin Oncol 2014;32:3059-3068, Table 3 (CT-based
response). Up to six target nodes and extranodal lesions are measured in
two diameters (longest LDi and shortest SDi, cm); the sum of their products
(SPD) is compared with baseline, and each lesion with its own nadir.
- CR: every target node <= 1.5 cm LDi, no extranodal disease, non-measured
  lesions absent, spleen back to normal, marrow normal, no new lesions.
- PR: SPD down >= 50%; non-measured lesions absent, regressed or not
  increased; the spleen's enlargement beyond normal down > 50%; no new lesions.
- PD: one lesion with LDi > 1.5 cm, its product up >= 50% from its nadir, and
  LDi or SDi up >= 0.5 cm (lesions <= 2 cm) or >= 1.0 cm (> 2 cm) from nadir;
  the spleen up > 50% of its enlargement beyond baseline (>= 2 cm from baseline
  when it was not enlarged, even if still <= 13 cm), new or recurrent splenomegaly; progression of non-measured
  lesions; new lesions; new or recurrent marrow involvement.
- SD: neither.
"""

from decimal import Decimal

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number, fmt_percent, percent_change
from .base import Assessment, Reader, invalid, result

NODE_NORMAL_CM = Decimal("1.5")
SPLEEN_NORMAL_CM = Decimal(13)
NONMEASURED = ("absent", "regressed", "stable", "increased")
MARROW = ("normal", "involved", "new_or_recurrent", "not_done")

E_LESIONS = gettext_noop("lesions must be a list of up to 6 target lesions")
E_LESION = gettext_noop("lesions[%(i)s] needs baseline, nadir and now, each [LDi, SDi] in cm")
T_PD = gettext_noop("%(reasons)s: PD")
T_RESULT = gettext_noop(
    "SPD %(spd)s cm², %(change)s from baseline %(baseline)s cm², largest node %(largest)s cm, non-measured "
    "lesions %(nonmeasured)s, marrow %(marrow)s: %(category)s"
)
R_LESION = gettext_noop("%(site)s: %(ldi)s x %(sdi)s cm, product up %(change)s from its nadir and %(delta)s cm")
R_SPLEEN = gettext_noop("spleen %(now)s cm, enlarged further beyond baseline (%(baseline)s cm)")
R_NONMEASURED = gettext_noop("non-measured lesions increased")
R_NEW = gettext_noop("new lesion(s)")
R_MARROW = gettext_noop("new or recurrent marrow involvement")


def _pair(raw: object) -> tuple[Decimal, Decimal] | None:
    if not isinstance(raw, list) or len(raw) != 2:
        return None
    from ..numbers import to_decimal

    values = [to_decimal(v) for v in raw]
    if any(v is None or v < 0 for v in values):
        return None
    return values[0], values[1]  # type: ignore[return-value]


def _lesions(reader: Reader) -> list[dict]:
    raw = reader.data.get("lesions")
    if not isinstance(raw, list) or len(raw) > 6:
        reader.errors.append(E_LESIONS)
        return []
    out = []
    for i, item in enumerate(raw):
        parts = {k: _pair(item.get(k)) if isinstance(item, dict) else None for k in ("baseline", "nadir", "now")}
        if any(p is None for p in parts.values()):
            reader.errors.append(Message(E_LESION, i=i))
            continue
        site = item.get("site") if isinstance(item.get("site"), str) else f"#{i + 1}"
        out.append({"site": site, **parts})
    return out


def _product(pair: tuple[Decimal, Decimal]) -> Decimal:
    return pair[0] * pair[1]


def lesion_progressed(lesion: dict) -> Message | None:
    """Lugano's single-lesion PD: LDi > 1.5 cm, product +50% from nadir, and 0.5/1.0 cm growth in LDi or SDi."""
    ldi, sdi = lesion["now"]
    nadir = lesion["nadir"]
    if ldi <= NODE_NORMAL_CM or _product(lesion["now"]) < _product(nadir) * Decimal("1.5"):
        return None
    needed = Decimal("0.5") if nadir[0] <= 2 else Decimal(1)
    delta = max(ldi - nadir[0], sdi - nadir[1])
    if delta < needed:
        return None
    change = fmt_percent(percent_change(_product(lesion["now"]), _product(nadir))) if _product(nadir) else "n/a"
    return Message(
        R_LESION, site=lesion["site"], ldi=fmt_number(ldi), sdi=fmt_number(sdi), change=change, delta=fmt_number(delta)
    )


def _spleen_progressed(spleen: dict | None) -> bool:
    if not spleen:
        return False
    baseline, now = spleen["baseline"], spleen["now"]
    if baseline <= SPLEEN_NORMAL_CM:
        # Table 3: "If no prior splenomegaly, must increase by at least 2 cm from baseline" (whatever the length
        # reached; new splenomegaly is a separate PD row, and any 2 cm growth to above 13 cm is both).
        return now - baseline >= 2
    return now - baseline > (baseline - SPLEEN_NORMAL_CM) * Decimal("0.5")


def _spleen_regressed(spleen: dict | None) -> tuple[bool, bool]:
    """(back to normal, enlargement down more than 50%)."""
    if not spleen:
        return True, True
    baseline, now = spleen["baseline"], spleen["now"]
    normal = now <= SPLEEN_NORMAL_CM
    if baseline <= SPLEEN_NORMAL_CM:
        return normal, True
    return normal, now - SPLEEN_NORMAL_CM < (baseline - SPLEEN_NORMAL_CM) * Decimal("0.5")


def _spleen(reader: Reader) -> dict | None:
    if reader.data.get("spleen_cm") is None:
        return None
    sub = Reader(reader.data.get("spleen_cm"), prefix="spleen_cm.")
    values = {"baseline": sub.number("baseline"), "now": sub.number("now")}
    reader.errors.extend(sub.errors)
    return values


def assess_lugano_ct(data: object) -> Assessment:
    """Lugano 2014 (Cheson, J Clin Oncol 2014) CT-based response, Table 3: CR, PR, SD, PD."""
    reader = Reader(data)
    lesions = _lesions(reader)
    spleen = _spleen(reader)
    nonmeasured = reader.choice("nonmeasured", NONMEASURED)
    extranodal = reader.boolean("extranodal_disease")
    new = reader.boolean("new_lesions")
    marrow = reader.choice("bone_marrow", MARROW)
    if reader.errors:
        return invalid(reader.errors)
    reasons: list[str] = [m for m in (lesion_progressed(x) for x in lesions) if m]
    if _spleen_progressed(spleen):
        reasons.append(Message(R_SPLEEN, now=fmt_number(spleen["now"]), baseline=fmt_number(spleen["baseline"])))  # type: ignore[index]
    if nonmeasured == "increased":
        reasons.append(R_NONMEASURED)
    if new:
        reasons.append(R_NEW)
    if marrow == "new_or_recurrent":
        reasons.append(R_MARROW)
    if reasons:
        return result("PD", T_PD, reasons=reasons)
    baseline = sum((_product(x["baseline"]) for x in lesions), Decimal(0))
    spd = sum((_product(x["now"]) for x in lesions), Decimal(0))
    largest = max((x["now"][0] for x in lesions), default=Decimal(0))
    spleen_normal, spleen_halved = _spleen_regressed(spleen)
    nodes_normal = all(x["now"][0] <= NODE_NORMAL_CM for x in lesions)
    if (
        nodes_normal
        and not extranodal
        and nonmeasured == "absent"
        and spleen_normal
        and marrow in ("normal", "not_done")
    ):
        category = "CR"
    elif baseline and spd <= baseline * Decimal("0.5") and spleen_halved:
        category = "PR"
    else:
        category = "SD"
    params = {
        "spd": fmt_number(spd),
        "change": fmt_percent(percent_change(spd, baseline)) if baseline else "n/a",
        "baseline": fmt_number(baseline),
        "largest": fmt_number(largest),
        "nonmeasured": nonmeasured,
        "marrow": marrow.replace("_", " "),  # type: ignore[union-attr]
    }
    return result(category, T_RESULT, category=category, **params)
