"""iwCLL 2018 response in chronic lymphocytic leukaemia.

Hallek M et al., iwCLL guidelines for diagnosis, indications for treatment,
response assessment, and supportive management of CLL. Blood
2018;131:2745-2760, Table 4 (response definition after treatment):
Group A (lymph nodes, liver, spleen, constitutional symptoms, circulating
lymphocytes) and Group B (platelets, haemoglobin, marrow).
- CR: every node < 1.5 cm, normal spleen (< 13 cm) and liver, no
  constitutional symptoms, lymphocytes < 4 x10^9/L; platelets >= 100,
  haemoglobin >= 11 g/dL (untransfused), neutrophils >= 1.5 x10^9/L, marrow
  normocellular without CLL cells or B-lymphoid nodules.
- CRi: CR except a persistent cytopenia from drug toxicity (marrow clear).
- PR: >= 2 Group A parameters down >= 50% (1 if only one was abnormal; the
  spleen by its enlargement beyond 13 cm) and
  >= 1 Group B parameter improved: platelets >= 100 or up 50%, haemoglobin
  >= 11 or up 50%.
- PD: any Group A parameter up >= 50% from baseline or from the best
  response (lymphocytes to >= 5 x10^9/L), a new node > 1.5 cm, new
  splenomegaly (13 cm or more) or hepatomegaly (palpable) after a normal
  organ at baseline or at the best response; platelets down >= 50% or haemoglobin down
  > 2 g/dL from CLL; transformation (Richter).
- SD: neither.
"""

from decimal import Decimal

from ..i18n import Message, gettext_noop
from ..numbers import fmt_number
from .base import Assessment, Reader, invalid, result

NODE_CR_CM = Decimal("1.5")
SPLEEN_NORMAL_CM = Decimal(13)
LYMPHOCYTES_CR = Decimal(4)
LYMPHOCYTES_PD_MIN = Decimal(5)
PLATELETS_CR, HB_CR, ANC_CR = Decimal(100), Decimal(11), Decimal("1.5")
HALF = Decimal("0.5")
HB_PD_DROP = Decimal(2)
MARROW = ("clear", "cll_present", "not_done")
GROUP_A = ("node_spd_cm2", "spleen_cm", "liver_cm", "lymphocytes_1e9_l")

T_PD = gettext_noop("%(reasons)s: PD")
T_RESULT = gettext_noop(
    "nodes %(nodes)s cm² (largest %(largest)s cm), spleen %(spleen)s cm, liver %(liver)s cm below the costal "
    "margin, lymphocytes %(lymph)s, platelets %(plt)s, Hb %(hb)s g/dL, marrow %(marrow)s; Group A improved "
    "%(a_improved)s of %(a_abnormal)s: %(category)s"
)
R_UP = gettext_noop("%(what)s up 50%% or more (%(before)s to %(now)s)")
R_NEW_NODE = gettext_noop("a new lymph node over 1.5 cm")
R_NEW_ORGAN = gettext_noop("new enlargement of the %(what)s (%(now)s cm)")
R_TRANSFORMATION = gettext_noop("transformation to an aggressive lymphoma (Richter)")
R_PLATELETS = gettext_noop("platelets down 50%% or more from CLL (%(before)s to %(now)s)")
R_HB = gettext_noop("haemoglobin down more than 2 g/dL from CLL (%(before)s to %(now)s)")
NAMES = {
    "node_spd_cm2": gettext_noop("lymph node sum of products"),
    "spleen_cm": gettext_noop("spleen"),
    "liver_cm": gettext_noop("liver"),
    "lymphocytes_1e9_l": gettext_noop("blood lymphocytes"),
}


def _read_side(reader: Reader, key: str, *, now: bool) -> dict:
    sub = Reader(reader.data.get(key), prefix=f"{key}.")
    v: dict = {k: sub.number(k) for k in (*GROUP_A, "largest_node_cm", "platelets_1e9_l", "hb_g_dl")}
    v["constitutional_symptoms"] = sub.boolean("constitutional_symptoms")
    if now:
        v["anc_1e9_l"] = sub.number("anc_1e9_l", nullable=True)
        v["marrow"] = sub.choice("marrow", MARROW)
        v["cytopenia_from_drug"] = sub.boolean("cytopenia_from_drug", nullable=True)
        v["cytopenia_from_cll"] = sub.boolean("cytopenia_from_cll", nullable=True)
        v["new_node_over_1_5_cm"] = sub.boolean("new_node_over_1_5_cm")
        v["transformation"] = sub.boolean("transformation", nullable=True)
    reader.errors.extend(sub.errors)
    return v


def _value(side: dict, key: str) -> Decimal:
    """A Group A value as its 50% rules read it: the spleen by its enlargement beyond 13 cm."""
    if key == "spleen_cm":
        return max(side[key] - SPLEEN_NORMAL_CM, Decimal(0))
    return side[key]


def _abnormal(key: str, side: dict) -> bool:
    """Whether a Group A value is abnormal (counts towards PR when abnormal at baseline)."""
    if key == "lymphocytes_1e9_l":
        return side[key] >= LYMPHOCYTES_CR
    if key == "spleen_cm":
        return side[key] >= SPLEEN_NORMAL_CM
    return side[key] > 0


def progression(base: dict, best: dict, now: dict) -> list[str]:
    reasons: list[str] = []
    for key in GROUP_A:
        for ref in (base, best):
            before = _value(ref, key)
            if before and _value(now, key) >= before * Decimal("1.5"):
                if key == "lymphocytes_1e9_l" and now[key] < LYMPHOCYTES_PD_MIN:
                    continue
                reasons.append(Message(R_UP, what=NAMES[key], before=fmt_number(before), now=fmt_number(now[key])))
                break
    for key in ("spleen_cm", "liver_cm"):
        # Table 4 note: any new lesion, such as splenomegaly or hepatomegaly, is PD; a 50% rise cannot be
        # measured from a normal organ (enlargement 0), so new enlargement is read here.
        normal_before = any(not _abnormal(key, ref) for ref in (base, best))
        if normal_before and _abnormal(key, now) and not any(_names(r, key) for r in reasons):
            reasons.append(Message(R_NEW_ORGAN, what=NAMES[key], now=fmt_number(now[key])))
    if now["new_node_over_1_5_cm"]:
        reasons.append(R_NEW_NODE)
    if now["transformation"]:
        reasons.append(R_TRANSFORMATION)
    if now["cytopenia_from_cll"]:
        if now["platelets_1e9_l"] <= base["platelets_1e9_l"] * HALF:
            reasons.append(
                Message(R_PLATELETS, before=fmt_number(base["platelets_1e9_l"]), now=fmt_number(now["platelets_1e9_l"]))
            )
        if base["hb_g_dl"] - now["hb_g_dl"] > HB_PD_DROP:
            reasons.append(Message(R_HB, before=fmt_number(base["hb_g_dl"]), now=fmt_number(now["hb_g_dl"])))
    return reasons


def _names(reason: object, key: str) -> bool:
    """Whether a reason already reports `key` (a 50% rise of the same organ)."""
    return isinstance(reason, Message) and reason.params.get("what") == NAMES[key]


def _group_a_clear(now: dict) -> bool:
    return (
        now["largest_node_cm"] < NODE_CR_CM
        and now["spleen_cm"] < SPLEEN_NORMAL_CM
        and now["liver_cm"] == 0
        and not now["constitutional_symptoms"]
        and now["lymphocytes_1e9_l"] < LYMPHOCYTES_CR
    )


def _counts_recovered(now: dict) -> bool:
    anc_ok = now["anc_1e9_l"] is None or now["anc_1e9_l"] >= ANC_CR
    return now["platelets_1e9_l"] >= PLATELETS_CR and now["hb_g_dl"] >= HB_CR and anc_ok


def _group_a_improved(base: dict, now: dict) -> tuple[int, int]:
    abnormal = [k for k in GROUP_A if _abnormal(k, base)]
    improved = [k for k in abnormal if _value(now, k) <= _value(base, k) * HALF]
    return len(improved), len(abnormal)


def _group_b_improved(base: dict, now: dict) -> bool:
    plt = now["platelets_1e9_l"] >= PLATELETS_CR or now["platelets_1e9_l"] >= base["platelets_1e9_l"] * Decimal("1.5")
    hb = now["hb_g_dl"] >= HB_CR or now["hb_g_dl"] >= base["hb_g_dl"] * Decimal("1.5")
    return plt or hb


def _category(base: dict, now: dict) -> str:
    if _group_a_clear(now) and now["marrow"] == "clear":
        if _counts_recovered(now):
            return "CR"
        if now["cytopenia_from_drug"]:
            return "CRi"
    improved, abnormal = _group_a_improved(base, now)
    needed = 1 if abnormal == 1 else 2
    if abnormal and improved >= needed and _group_b_improved(base, now):
        return "PR"
    return "SD"


def assess_iwcll(data: object) -> Assessment:
    """iwCLL 2018 (Hallek, Blood 2018, Table 4) response: CR, CRi, PR, SD, PD.

    ``baseline`` and ``now`` give Group A and B values; ``best`` (optional)
    is the best response so far, from which a 50% rise is also progression.
    """
    reader = Reader(data)
    base = _read_side(reader, "baseline", now=False)
    now = _read_side(reader, "now", now=True)
    best = _read_side(reader, "best", now=False) if isinstance(reader.data.get("best"), dict) else base
    if reader.errors:
        return invalid(reader.errors)
    reasons = progression(base, best, now)
    if reasons:
        return result("PD", T_PD, reasons=reasons)
    category = _category(base, now)
    improved, abnormal = _group_a_improved(base, now)
    params = {
        "nodes": fmt_number(now["node_spd_cm2"]),
        "largest": fmt_number(now["largest_node_cm"]),
        "spleen": fmt_number(now["spleen_cm"]),
        "liver": fmt_number(now["liver_cm"]),
        "lymph": fmt_number(now["lymphocytes_1e9_l"]),
        "plt": fmt_number(now["platelets_1e9_l"]),
        "hb": fmt_number(now["hb_g_dl"]),
        "marrow": now["marrow"].replace("_", " "),
        "a_improved": improved,
        "a_abnormal": abnormal,
    }
    return result(category, T_RESULT, category=category, **params)
