"""Pathologic complete response after neoadjuvant therapy: ypT0/Tis ypN0.

AJCC Cancer Staging Manual, 8th edition, y-pathologic classification with
its node suffixes ((sn) sentinel nodes only, (f) fine-needle or core biopsy
only, (i+)/(i-) isolated tumour cells, (mol+)/(mol-) molecular findings
only), decided by the FDA definition (FDA guidance "Pathological Complete
Response in Neoadjuvant Treatment of High-Risk Early-Stage Breast Cancer",
2014, final 2020; Cortazar, Lancet 2014): the absence of residual invasive
cancer on haematoxylin and eosin evaluation of the complete resected
specimen and all sampled regional nodes, ypT0/Tis ypN0. Isolated tumour
cells, ypN0(i+), are residual cancer cells and AJCC 8th edition does not
count them as pCR; a finding by RT-PCR only, ypN0(mol+), is not seen on H&E,
so it is a pCR by the FDA definition (the explanation says so).
"""

import re

from ..i18n import Message, gettext_noop
from .base import Assessment, Reader, invalid, result

_YPT = re.compile(r"^ypT(X|0|is|1mi|1[abc]?|2[abc]?|3[abc]?|4[abcde]?)(\([a-z]+\))?$", re.I)
_YPN = re.compile(r"^ypN(X|0|1mi|1[abc]?|2[abc]?|3[abc]?)((?:\((?:sn|f|i[+-]|mol[+-])\))*)$", re.I)
_SUFFIX = re.compile(r"\(([^)]*)\)")
_CLEAR_T = ("0", "is")

E_YPT = gettext_noop("ypT must be AJCC y-pathologic notation such as ypT0, ypTis or ypT1a, got %(value)s")
E_YPN = gettext_noop("ypN must be AJCC y-pathologic notation such as ypN0, ypN0(i+) or ypN1mi, got %(value)s")
E_TX = gettext_noop("%(value)s: the primary tumour cannot be assessed, so pCR cannot be judged")
E_NX = gettext_noop("%(value)s: the regional nodes cannot be assessed, so pCR cannot be judged")
T_PCR = gettext_noop(
    "%(ypT)s %(ypN)s: no residual invasive cancer in breast/primary or nodes (FDA definition: ypT0/Tis ypN0 "
    "on H&E): pCR"
)
T_PCR_MOL = gettext_noop(
    "%(ypT)s %(ypN)s: no residual invasive cancer on H&E; tumour found in the nodes by RT-PCR only (mol+) does "
    "not count under the FDA definition (H&E evaluation): pCR"
)
T_NO_PCR_ITC = gettext_noop(
    "%(ypT)s %(ypN)s: isolated tumour cells remain in the nodes (i+), residual cancer after treatment "
    "(AJCC 8th edition; FDA definition: no residual invasive cancer): no_pCR"
)
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
    """Pathologic complete response as ypT0/Tis ypN0 (AJCC 8th edition; FDA pCR guidance 2014/2020).

    ypTis (residual in situ disease only) counts as pCR; ypN0(i+) and
    ypN1mi do not; ypN0(mol+) does (FDA: H&E evaluation). (sn) and (f) say
    how the nodes were sampled and do not change the answer.
    """
    reader = Reader(data)
    t = _parse(reader, "ypT", _YPT, E_YPT)
    n = _parse(reader, "ypN", _YPN, E_YPN)
    if reader.errors or t is None or n is None:
        return invalid(reader.errors)
    errors = _cannot_assess(t, n)
    if errors:
        return invalid(errors)
    suffixes = {s.lower() for s in _SUFFIX.findall(n.group(2) or "")}
    if {"i+", "i-"} <= suffixes or {"mol+", "mol-"} <= suffixes:
        return invalid([Message(E_YPN, value=repr(n.group(0)))])
    t_clear = t.group(1).lower() in _CLEAR_T
    itc = "i+" in suffixes
    n_clear = n.group(1) == "0" and not itc
    params = {"ypT": t.group(0), "ypN": n.group(0)}
    if t_clear and n_clear:
        return result("pCR", T_PCR_MOL if "mol+" in suffixes else T_PCR, **params)
    if t_clear and itc and n.group(1) == "0":
        return result("no_pCR", T_NO_PCR_ITC, **params)
    where = W_BOTH if not (t_clear or n_clear) else (W_NODES if t_clear else W_PRIMARY)
    return result("no_pCR", T_NO_PCR, where=where, **params)
