"""Pathologic complete response after neoadjuvant therapy: ypT0/Tis ypN0.

AJCC Cancer Staging Manual, 8th edition, y-pathologic classification, and
the FDA 2014 guidance on pCR in neoadjuvant breast cancer trials (Cortazar,
Lancet 2014): no residual invasive cancer in the breast or the sampled
regional nodes. Isolated tumour cells after treatment, ypN0(i+), are not a
pCR in AJCC 8th edition; node findings by molecular methods only, ypN0(mol+),
are treated the same way here.
"""

import re

from ..i18n import Message, gettext_noop
from .base import Assessment, Reader, invalid, result

_YPT = re.compile(r"^ypT(X|0|is|1mi|1[abc]?|2[abc]?|3[abc]?|4[abcde]?)(\([a-z]+\))?$", re.I)
_YPN = re.compile(r"^ypN(X|0|1mi|1[abc]?|2[abc]?|3[abc]?)(\((i[+-]|mol[+-])\))?(\(sn\))?$", re.I)
_CLEAR_T = ("0", "is")
_CLEAR_N_SUFFIX = ("", "(i-)", "(mol-)")

E_YPT = gettext_noop("ypT must be AJCC y-pathologic notation such as ypT0, ypTis or ypT1a, got %(value)s")
E_YPN = gettext_noop("ypN must be AJCC y-pathologic notation such as ypN0, ypN0(i+) or ypN1mi, got %(value)s")
E_TX = gettext_noop("%(value)s: the primary tumour cannot be assessed, so pCR cannot be judged")
E_NX = gettext_noop("%(value)s: the regional nodes cannot be assessed, so pCR cannot be judged")
T_PCR = gettext_noop("%(ypT)s %(ypN)s: no residual invasive cancer in breast/primary or nodes: pCR")
T_NO_PCR = gettext_noop("%(ypT)s %(ypN)s: residual %(where)s: no_pCR")
W_PRIMARY = gettext_noop("invasive cancer at the primary site")
W_NODES = gettext_noop("tumour in the regional nodes")
W_BOTH = gettext_noop("invasive cancer at the primary site and in the nodes")


def _parse(reader: Reader, key: str, pattern: re.Pattern, error: str) -> re.Match | None:
    raw = reader.data.get(key)
    match = pattern.match(raw.strip()) if isinstance(raw, str) else None
    if key in reader.data and match is None:
        reader.errors.append(Message(error, value=repr(raw)))
    elif key not in reader.data:
        reader.choice(key, ())  # records "is missing"
    return match


def _cannot_assess(t: re.Match, n: re.Match) -> list[str]:
    errors: list[str] = []
    if t.group(1).upper() == "X":
        errors.append(Message(E_TX, value=t.group(0)))
    if n.group(1).upper() == "X":
        errors.append(Message(E_NX, value=n.group(0)))
    return errors


def assess_pcr(data: object) -> Assessment:
    """Pathologic complete response as ypT0/Tis ypN0 (AJCC 8th edition; FDA 2014 pCR guidance).

    ypTis (residual in situ disease only) counts as pCR; ypN0(i+) and
    ypN1mi do not.
    """
    reader = Reader(data)
    t = _parse(reader, "ypT", _YPT, E_YPT)
    n = _parse(reader, "ypN", _YPN, E_YPN)
    if reader.errors or t is None or n is None:
        return invalid(reader.errors)
    errors = _cannot_assess(t, n)
    if errors:
        return invalid(errors)
    t_clear = t.group(1).lower() in _CLEAR_T
    n_clear = n.group(1) == "0" and (n.group(2) or "").lower() in _CLEAR_N_SUFFIX
    params = {"ypT": t.group(0), "ypN": n.group(0)}
    if t_clear and n_clear:
        return result("pCR", T_PCR, **params)
    where = W_BOTH if not (t_clear or n_clear) else (W_NODES if t_clear else W_PRIMARY)
    return result("no_pCR", T_NO_PCR, where=where, **params)
