"""Reading and checking RECIST 1.1 input against the criteria's own rules.

Eisenhauer EA et al., New response evaluation criteria in solid tumours:
revised RECIST guideline (version 1.1), Eur J Cancer 2009;45:228-247.
Measurability (section 3.1), target selection (3.3), the EORTC
clarification that all lymph nodes together count as one organ, and paired
organs (left and right lung, both kidneys, adrenals, ovaries, breasts) read
as one organ for the two-per-organ rule. A time point gives each lesion as a
bare number (mm) or null, or as an object like the baseline lesion
({"site", "nodal", "mm"}) in the baseline's order.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from ..i18n import Message, gettext_noop
from ..numbers import to_decimal
from .base import MSG_MISSING, MSG_NOT_OBJECT

NONTARGET_STATES = ("absent", "present", "unequivocal_progression", "not_evaluated")
MAX_TARGETS = 5
MAX_PER_ORGAN = 2
MIN_NON_NODAL_MM = Decimal(10)
MIN_NODAL_MM = Decimal(15)
NODES_ORGAN = "lymph nodes"
REQUIRED_KEYS = ("baseline", "nontarget", "new_lesions")
# Words that name an organ inside a free-text site. Paired organs are one organ
# for RECIST's two-per-organ rule (Eisenhauer 2009, section 3.3), so "left
# lung" and "right lower lobe" are both "lung".
ORGAN_WORDS = {
    "lung": ("lung", "lobe", "pulmonary", "lingula"),
    "liver": ("liver", "hepatic"),
    "adrenal": ("adrenal",),
    "kidney": ("kidney", "renal"),
    "ovary": ("ovary", "ovarian"),
    "breast": ("breast",),
    "brain": ("brain", "cerebral", "cerebellar"),
    "pleura": ("pleura",),
    "peritoneum": ("peritoneum", "peritoneal", "omentum", "omental"),
    "spleen": ("spleen", "splenic"),
    "pancreas": ("pancreas", "pancreatic"),
    "bone": ("bone", "vertebra", "rib", "femur", "pelvis", "sacrum"),
}
LATERALITY = re.compile(r"\b(left|right|bilateral|l|r)\b\.?", re.I)

E_BASELINE_LIST = gettext_noop("baseline must be a list of target lesions")
E_ASSESSMENTS_LIST = gettext_noop("assessments must be a list of time points")
E_LESION_OBJECT = gettext_noop("baseline[%(i)s] must be an object with site, nodal and mm")
E_SITE = gettext_noop("baseline[%(i)s].site must be a non-empty text")
E_NODAL = gettext_noop("baseline[%(i)s].nodal must be true or false")
E_MM = gettext_noop("baseline[%(i)s].mm must be a number, got %(value)s")
E_TOO_MANY = gettext_noop("%(count)s target lesions: RECIST 1.1 allows at most 5")
E_PER_ORGAN = gettext_noop("%(count)s target lesions in %(organ)s: RECIST 1.1 allows at most 2 per organ")
E_SMALL_NON_NODAL = gettext_noop(
    "baseline[%(i)s] is %(mm)s mm: a non-nodal target must be at least 10 mm in longest diameter"
)
E_SMALL_NODAL = gettext_noop("baseline[%(i)s] is %(mm)s mm: a nodal target must be at least 15 mm in short axis")
E_NO_ASSESSMENT = gettext_noop("at least one assessment time point is needed")
E_MISALIGNED = gettext_noop("assessments[%(t)s] has %(got)s measurements but baseline has %(want)s target lesions")
E_TIMEPOINT_LIST = gettext_noop("assessments[%(t)s] must be a list of measurements")
E_MEASURE = gettext_noop(
    "assessments[%(t)s][%(i)s] must be a number (mm), null, or an object with site, nodal and mm, got %(value)s"
)
E_POINT_SITE = gettext_noop(
    "assessments[%(t)s][%(i)s] is %(got)s but baseline[%(i)s] is %(want)s: list the lesions in the baseline's order"
)
E_MEASURE_NEGATIVE = gettext_noop("assessments[%(t)s][%(i)s] must not be negative")
E_NONTARGET = gettext_noop("nontarget must be one of absent, present, unequivocal_progression, not_evaluated")
E_NEW = gettext_noop("new_lesions must be true or false")
E_PER_POINT = gettext_noop("%(key)s has %(got)s entries but there are %(want)s time points")


@dataclass(frozen=True)
class Target:
    site: str
    nodal: bool
    mm: Decimal


@dataclass(frozen=True)
class RecistInput:
    targets: tuple[Target, ...]
    timepoints: tuple[tuple[Decimal | None, ...], ...]
    nontarget: tuple[str, ...]
    new_lesions: tuple[bool, ...]


def _target(i: int, raw: object, errors: list[str]) -> Target | None:
    if not isinstance(raw, dict):
        errors.append(Message(E_LESION_OBJECT, i=i))
        return None
    site, nodal, mm = raw.get("site"), raw.get("nodal"), to_decimal(raw.get("mm"))
    before = len(errors)
    if not isinstance(site, str) or not site.strip():
        errors.append(Message(E_SITE, i=i))
    if not isinstance(nodal, bool):
        errors.append(Message(E_NODAL, i=i))
    if mm is None or mm < 0:
        errors.append(Message(E_MM, i=i, value=repr(raw.get("mm"))))
    if len(errors) > before:
        return None
    return Target(cast(str, site).strip(), cast(bool, nodal), cast(Decimal, mm))


def _measurability(targets: list[Target]) -> list[str]:
    errors: list[str] = []
    for i, t in enumerate(targets):
        if t.nodal and t.mm < MIN_NODAL_MM:
            errors.append(Message(E_SMALL_NODAL, i=i, mm=t.mm))
        if not t.nodal and t.mm < MIN_NON_NODAL_MM:
            errors.append(Message(E_SMALL_NON_NODAL, i=i, mm=t.mm))
    return errors


def organ_of(site: str, nodal: bool) -> str:
    """The organ a target lesion counts against: all nodes are one organ, paired organs are one."""
    if nodal:
        return NODES_ORGAN
    text = site.casefold()
    for organ, words in ORGAN_WORDS.items():
        if any(re.search(rf"\b{word}", text) for word in words):
            return organ
    return " ".join(LATERALITY.sub(" ", text).split()) or text


def _selection(targets: list[Target]) -> list[str]:
    errors: list[str] = []
    if len(targets) > MAX_TARGETS:
        errors.append(Message(E_TOO_MANY, count=len(targets)))
    per_organ: dict[str, int] = {}
    for t in targets:
        organ = organ_of(t.site, t.nodal)
        per_organ[organ] = per_organ.get(organ, 0) + 1
    for organ, count in per_organ.items():
        if count > MAX_PER_ORGAN:
            errors.append(Message(E_PER_ORGAN, count=count, organ=organ))
    return errors


def _baseline(raw: object, errors: list[str]) -> list[Target]:
    if not isinstance(raw, list):
        errors.append(E_BASELINE_LIST)
        return []
    parsed = [_target(i, item, errors) for i, item in enumerate(raw)]
    targets = [t for t in parsed if t is not None]
    if len(targets) == len(raw):
        errors.extend(_measurability(targets) + _selection(targets))
    return targets


def lesion_mm(raw: object) -> object:
    """The measurement of one lesion at a time point: a bare value, or the "mm" of a lesion object."""
    return raw.get("mm") if isinstance(raw, dict) else raw


def _aligned(t: int, i: int, raw: object, baseline: object, errors: list[str]) -> bool:
    """A lesion object at a time point must be the baseline lesion in the same place."""
    if not isinstance(raw, dict) or not isinstance(baseline, dict):
        return True
    site, want = raw.get("site"), baseline.get("site")
    same_site = (
        not isinstance(site, str) or not isinstance(want, str) or site.strip().casefold() == want.strip().casefold()
    )
    same_kind = "nodal" not in raw or raw.get("nodal") == baseline.get("nodal")
    if same_site and same_kind:
        return True
    errors.append(Message(E_POINT_SITE, t=t, i=i, got=repr(site), want=repr(want)))
    return False


def _measure(t: int, i: int, raw: object, errors: list[str], baseline: object = None) -> Decimal | None:
    if isinstance(raw, dict):
        if not _aligned(t, i, raw, baseline, errors):
            return None
        if "mm" not in raw:
            errors.append(Message(E_MEASURE, t=t, i=i, value=repr(raw)))
            return None
        raw = raw["mm"]
    if raw is None:
        return None
    value = to_decimal(raw)
    if value is None:
        errors.append(Message(E_MEASURE, t=t, i=i, value=repr(raw)))
    elif value < 0:
        errors.append(Message(E_MEASURE_NEGATIVE, t=t, i=i))
        return None
    return value


def _timepoint(t: int, raw: object, baseline: list, errors: list[str]) -> tuple[Decimal | None, ...]:
    want = len(baseline)
    if not isinstance(raw, list):
        errors.append(Message(E_TIMEPOINT_LIST, t=t))
        return ()
    if len(raw) != want:
        errors.append(Message(E_MISALIGNED, t=t, got=len(raw), want=want))
        return ()
    return tuple(_measure(t, i, value, errors, baseline[i]) for i, value in enumerate(raw))


def _timepoints(raw: object, baseline: list, errors: list[str]) -> list[tuple[Decimal | None, ...]]:
    want = len(baseline)
    if raw is None and want == 0:
        return [()]
    if not isinstance(raw, list):
        errors.append(E_ASSESSMENTS_LIST)
        return []
    if not raw:
        if want:
            errors.append(E_NO_ASSESSMENT)
            return []
        return [()]
    return [_timepoint(t, item, baseline, errors) for t, item in enumerate(raw)]


def _per_point(key: str, raw: object, count: int, default: object, errors: list[str]) -> list:
    """A value per time point: a list aligned with assessments, or a scalar for the last one."""
    if isinstance(raw, list):
        if len(raw) != count:
            errors.append(Message(E_PER_POINT, key=key, got=len(raw), want=count))
        return raw
    return [default] * (count - 1) + [raw]


def _nontarget(raw: object, count: int, errors: list[str]) -> tuple[str, ...]:
    values = _per_point("nontarget", raw, count, "not_evaluated", errors)
    if any(v not in NONTARGET_STATES for v in values):
        errors.append(E_NONTARGET)
    return tuple(values)


def _new_lesions(raw: object, count: int, errors: list[str]) -> tuple[bool, ...]:
    values = _per_point("new_lesions", raw, count, False, errors)
    if any(not isinstance(v, bool) for v in values):
        errors.append(E_NEW)
    return tuple(values)


def parse_recist(data: object) -> RecistInput | list[str]:
    """The checked input, or the list of reasons it breaks RECIST 1.1's rules."""
    if not isinstance(data, dict):
        return [MSG_NOT_OBJECT]
    errors: list[str] = [Message(MSG_MISSING, key=k) for k in REQUIRED_KEYS if k not in data]
    if errors:
        return errors
    targets = _baseline(data.get("baseline"), errors)
    baseline = data["baseline"] if isinstance(data.get("baseline"), list) else []
    points = _timepoints(data.get("assessments"), baseline, errors)
    count = max(len(points), 1)
    nontarget = _nontarget(data.get("nontarget"), count, errors)
    new = _new_lesions(data.get("new_lesions"), count, errors)
    if errors:
        return errors
    return RecistInput(tuple(targets), tuple(points), nontarget, new)
