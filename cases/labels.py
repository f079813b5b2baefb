"""Codes as the words a reader sees, and lists joined, in the reader's language.

The one place a stored code becomes words: `cases.clinical.codes` marks its
labels with gettext_noop (it may not import Django), Django's choices carry
lazy labels, and both are translated here in the language active when the page
or the PDF is rendered. Lists are joined with the separator of that language.
"""

import re

from django.db.models import Choices
from django.utils.translation import gettext, pgettext

from cases.clinical import codes, remission, reported
from cases.clinical.response.categories import category_label

CRITERIA_NAMES = {
    "recist1.1": "RECIST 1.1",
    "lugano2014": "Lugano 2014",
    "eln2022": "ELN 2022",
    "imwg2016": "IMWG 2016",
    "ata2015": "ATA 2015",
    "pcr": "pCR (AJCC 8)",
    "irecist": "iRECIST",
    "pcwg3": "PCWG3",
    "gcig_ca125": "GCIG CA-125",
    "iwcll2018": "iwCLL 2018",
    "lugano2014_ct": "Lugano 2014 (CT)",
    "mrecist": "mRECIST",
    "rano2": "RANO 2.0",
}


def code_label(mapping, code) -> str:
    """The translated label of `code` in a code list or Django choices; the code itself when it is not in the list."""
    if isinstance(mapping, type) and issubclass(mapping, Choices):
        mapping = dict(mapping.choices)
    elif not hasattr(mapping, "get"):
        mapping = dict(mapping)
    value = mapping.get(code)
    if value is None:
        return "" if code in (None, "") else str(code)
    return gettext(str(getattr(value, "label", value)))


def cancer_type_label(code: str) -> str:
    return code_label(codes.CANCER_TYPES, code)


def subtype_label(cancer_type: str, code: str) -> str:
    ct = codes.CANCER_TYPES.get(cancer_type)
    return code_label(ct.subtypes, code) if ct else code


def response_label(criteria: str, code: str) -> str:
    """A derived response category in words, in the reader's language: "Confirmed progressive disease (iCPD)"."""
    return gettext(category_label(criteria, code)) if code else ""


def criteria_name(code: str) -> str:
    return CRITERIA_NAMES.get(code, code)


def join_list(items, *, strong: bool = False) -> str:
    """`items` (empty ones left out) as one list: "a, b" or, `strong`, "a; b" for items that hold commas."""
    separator = pgettext("list separator", "; ") if strong else pgettext("list separator", ", ")
    return separator.join(str(item) for item in items if item)


def label_colon() -> str:
    """The colon between a label and what follows, in the reader's language: ": " in English, full-width "："
    (no space) in Chinese, whatever script the next words are in."""
    return pgettext("label separator", ": ")


def stage_label(cancer_type: str, code: str, histology: str = "") -> str:
    """A stored stage group in words, named by its system: "Stage IVB" (TNM), "R-ISS stage II" (myeloma),
    "Lugano 2014 stage II bulky" (lymphoma); "" where no stage group applies (the leukaemias and MDS). A lymphoma whose
    histology is CLL/SLL is staged by Rai or Binet, not Lugano: its stage is shown as entered, with no system named."""
    if not code or cancer_type in codes.NO_STAGE_GROUP:
        return ""
    if cancer_type == "lymphoma" and remission.is_cll(cancer_type, histology):
        return gettext("Stage %(stage)s (as entered)") % {"stage": code}
    return code_label(codes.stage_labels(cancer_type), code)


def tnm_letters(case) -> tuple[str, str, str]:
    """The case's T, N and M as stored, or blanks for a blood cancer (cases.clinical.tnm.NO_TNM): letters entered
    before the cancer type was set are not its staging."""
    if case.cancer_type in codes.NO_TNM:
        return ("", "", "")
    return (case.t_category, case.n_category, case.m_category)


def diagnosis_line(case) -> str:
    """ "Lung cancer, Adenocarcinoma, Stage IVB": the case's diagnosis in one line (an unknown stage left out)."""
    parts = [cancer_type_label(case.cancer_type)] if case.cancer_type else []
    if case.cancer_subtype:
        parts.append(subtype_label(case.cancer_type, case.cancer_subtype))
    if case.stage_group and case.stage_group != "unknown":
        parts.append(stage_label(case.cancer_type, case.stage_group, case.histology))  # the label says "Stage IVB"
    return join_list(parts)


SHORT_MARKER = 16


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def marker_short_name(code: str, label_text: str) -> str:
    """The name a tumour board uses: "PD-L1" for PDL1, "t(4;14)" for T4_14, "ER" for ER.

    The gene as written in the label when the label starts with it, else the
    label when it is short, else the code.
    """
    first = label_text.split(" ", 1)[0]
    if _alnum(first) == _alnum(code) or re.match(rf"{re.escape(code)}(?![A-Za-z])", first):
        return first
    if f"({code})" in label_text:
        return code
    head = label_text.split("/", 1)[0].strip()
    if len(label_text) <= SHORT_MARKER or len(head) <= SHORT_MARKER:
        return gettext(label_text) if len(label_text) <= SHORT_MARKER else head
    return code


def reported_choices(case, current: str = "") -> list[tuple[str, str]]:
    """Choices for what the patient was told / a line's best response: the categories of the case's own criteria
    (VGPR for myeloma, CRi for AML, CMR for lymphoma PET…), translated lazily, after a blank."""
    from django.utils.functional import lazy

    cancer_type = getattr(case, "cancer_type", "") or ""
    histology = getattr(case, "histology", "") or ""
    lazy_gettext = lazy(gettext, str)
    items = reported.response_choices(cancer_type, histology, current or "")
    return [("", "—")] + [(code, lazy_gettext(label)) for code, label in items]


def reported_label(case, code: str) -> str:
    """A reported category (what the patient was told, a line's best response) in words, in the reader's language:
    the case's own criteria's words ("Very good partial response (VGPR)")."""
    if not code:
        return ""
    if code not in reported.EVERY_CODE:
        return code_label(codes.RESPONSE_CATEGORIES, code)
    cancer_type = getattr(case, "cancer_type", "") or ""
    return gettext(reported.response_label(code, cancer_type, getattr(case, "histology", "") or ""))
