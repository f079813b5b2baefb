"""What the diagnosis says about tempo, read from the coded type and the histology as written.

Some diagnoses have no code of their own in the intake (Burkitt lymphoma,
acute lymphoblastic leukaemia, small-cell carcinoma outside the lung) and are
recognised from the pathology wording, in English or Chinese.

- Acute promyelocytic leukaemia (PML::RARA): early death from bleeding is the
  main risk, and treatment starts on suspicion (Sanz MA et al., Management of
  APL: updated recommendations from an expert panel of the ELN, Blood 2019).
- Aggressive diseases that progress within days untreated: small-cell
  carcinoma, Burkitt lymphoma, acute leukaemias.
- Indolent lymphomas that are often watched without treatment while there
  are no symptoms or bulk (follicular grade 1-3A, marginal zone, small
  lymphocytic; Dreyling M et al., ESMO Clinical Practice Guidelines for
  newly diagnosed and relapsed follicular lymphoma, Ann Oncol 2021).
"""

import re

from .i18n import gettext_noop
from .snapshot import CaseSnapshot

_APL = re.compile(r"promyelocytic|\bapl\b|pml[:\-_]*rara|t\(15;17\)|早幼粒", re.IGNORECASE)
_SMALL_CELL = re.compile(r"(?<!non)(?<!non-)(?<!non )small[- ]cell(?! lymphocytic)|小细胞", re.IGNORECASE)
_NON_SMALL = re.compile(r"non[- ]?small|非小细胞", re.IGNORECASE)
_BURKITT = re.compile(r"burkitt|伯基特", re.IGNORECASE)
_ALL = re.compile(r"lymphoblastic|\bb-all\b|\bt-all\b|急性淋巴", re.IGNORECASE)
_ACUTE_LEUKAEMIA = re.compile(r"acute (myeloid |lymphoid |)leuka?emia|急性.*白血病", re.IGNORECASE)
_INDOLENT = re.compile(
    r"follicular|marginal[- ]zone|small lymphocytic|\bcll\b|\bsll\b|lymphoplasmacytic|waldenstr|indolent|"
    r"滤泡|边缘区|小淋巴",
    re.IGNORECASE,
)
_NOT_INDOLENT = re.compile(r"grade 3b|3b级|transform|转化|diffuse large|弥漫大", re.IGNORECASE)

SMALL_CELL = gettext_noop("small-cell carcinoma")
BURKITT = gettext_noop("Burkitt lymphoma")
ALL = gettext_noop("acute lymphoblastic leukaemia")
ACUTE_LEUKAEMIA = gettext_noop("acute leukaemia")


def _text(case: CaseSnapshot) -> str:
    return f"{case.histology} {case.cancer_subtype}"


def is_apl(case: CaseSnapshot) -> bool:
    positive = any(b.marker == "PML_RARA" and b.status == "positive" for b in case.biomarkers)
    return positive or bool(_APL.search(_text(case)))


def is_small_cell(case: CaseSnapshot) -> bool:
    text = _text(case)
    return case.cancer_type == "sclc" or (bool(_SMALL_CELL.search(text)) and not _NON_SMALL.search(text))


def acute_leukaemia(cancer_type: str, text: str = "") -> bool:
    """AML or ALL, by its code or as the histology (and subtype) are written."""
    return cancer_type in ("aml", "all") or bool(_ALL.search(text) or _ACUTE_LEUKAEMIA.search(text))


def is_acute_leukaemia(case: CaseSnapshot) -> bool:
    return acute_leukaemia(case.cancer_type, _text(case))


def untreated_aggressive_kind(case: CaseSnapshot) -> str | None:
    """The aggressive disease this case is (a gettext_noop label), or None."""
    text = _text(case)
    if is_small_cell(case):
        return SMALL_CELL
    if _BURKITT.search(text):
        return BURKITT
    if _ALL.search(text):
        return ALL
    if _ACUTE_LEUKAEMIA.search(text):
        return ACUTE_LEUKAEMIA
    return None


def is_indolent_lymphoma(case: CaseSnapshot) -> bool:
    if case.cancer_type != "lymphoma":
        return False
    text = _text(case)
    indolent = case.cancer_subtype == "follicular" or bool(_INDOLENT.search(text))
    return indolent and not _NOT_INDOLENT.search(text) and not _BURKITT.search(text)
