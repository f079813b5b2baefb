"""What the patient was told, and a treatment line's best response, in the words of the case's own criteria.

A myeloma patient is told "very good partial response", an AML patient "CR
with incomplete recovery of counts", a lymphoma patient "complete metabolic
response": RECIST's CR, PR, SD and PD do not fit them. Each cancer offers
the categories of the criteria that judge it (cases.clinical.remission names
them), with the generic answers ("not assessed yet", "not known") after:
- solid tumours, RECIST 1.1 (Eisenhauer, Eur J Cancer 2009): CR, PR, SD, PD,
  and no evidence of disease after local treatment;
- prostate, PCWG3 (Scher, J Clin Oncol 2016): also PSA response, PSA and
  radiographic progression;
- ovarian, GCIG (Rustin, Int J Gynecol Cancer 2011): also CA-125 response and
  progression;
- thyroid, ATA 2015 (Haugen, Thyroid 2016): excellent, indeterminate,
  biochemical and structural incomplete response;
- AML, ELN 2022 (Döhner, Blood 2022): CR, CR MRD-negative, CRh, CRi, MLFS,
  PR, no response, relapse;
- ALL (NCCN ALL response criteria): CR, CR MRD-negative, CRi, no response,
  relapse;
- myeloma, IMWG 2016 (Kumar, Lancet Oncol 2016): sCR, CR, VGPR, PR, MR, SD,
  PD, MRD-negative;
- lymphoma, Lugano 2014 (Cheson, J Clin Oncol 2014): the PET categories (CMR,
  PMR, NMR, PMD) and the CT ones (CR, PR, SD, PD);
- CLL, iwCLL 2018 (Hallek, Blood 2018): CR, CRi, PR, SD, PD;
- glioma, RANO 2.0 (Wen, J Clin Oncol 2023): CR, PR, MR (minor response), SD,
  PD.
"""

from .codes import RESPONSE_CATEGORIES
from .remission import REMISSION as REMISSION_TEXTS
from .remission import remission_for
from .response.categories import CONFIRMED_PROGRESSION, category_label
from .response.categories import REMISSION as DERIVED_REMISSION

GENERIC = ("CR", "PR", "SD", "PD", "NED")
ANSWERS = ("not_assessed", "unknown")
BY_CRITERIA: dict[str, tuple[str, ...]] = {
    "recist1.1": GENERIC,
    "pcwg3": (*GENERIC, "PSA_response", "PSA_progression", "radiographic_PD"),
    "gcig_ca125": (*GENERIC, "CA125_response", "CA125_progression"),
    "ata2015": ("excellent", "indeterminate", "biochemical_incomplete", "structural_incomplete"),
    "eln2022": ("CR", "CR_MRD_neg", "CRh", "CRi", "MLFS", "PR", "NR", "relapse"),
    "nccn_all": ("CR", "CR_MRD_neg", "CRi", "NR", "relapse"),
    "imwg2016": ("sCR", "CR", "VGPR", "PR", "MR", "SD", "PD", "MRD_negative"),
    "lugano2014": ("CMR", "PMR", "NMR", "PMD", "CR", "PR", "SD", "PD"),
    "iwcll2018": ("CR", "CRi", "PR", "SD", "PD"),
    "rano2": ("CR", "PR", "MR", "SD", "PD"),
}
# Whose words label a code when the criteria share it (ALL reads CR as "complete remission", as ELN does).
LABEL_CRITERIA = {"nccn_all": "eln2022", "gcig_ca125": "recist1.1", "pcwg3": "recist1.1"}
# A told or best response that is progression, or remission, under whichever criteria it came from.
PROGRESSION = frozenset(c for c in CONFIRMED_PROGRESSION if c != "iCPD") | {"PMD", "relapse"}
REMISSION = frozenset(DERIVED_REMISSION | {"NED"})
EVERY_CODE: tuple[str, ...] = tuple(dict.fromkeys(c for codes in BY_CRITERIA.values() for c in codes)) + ANSWERS


def criteria_of(cancer_type: str, histology: str = "") -> str:
    """Which list of BY_CRITERIA fits the case's cancer ("recist1.1" when none is particular to it)."""
    if cancer_type == "ovarian":
        return "gcig_ca125"
    entry = remission_for(cancer_type or "", histology or "")
    if entry is REMISSION_TEXTS.get("all"):
        return "nccn_all"
    return entry.criteria_code if entry.criteria_code in BY_CRITERIA else "recist1.1"


def response_codes(cancer_type: str, histology: str = "") -> tuple[str, ...]:
    """The categories offered for the case, in the criteria's order, then "not assessed yet" and "not known"."""
    return (*BY_CRITERIA[criteria_of(cancer_type, histology)], *ANSWERS)


def response_label(code: str, cancer_type: str = "", histology: str = "") -> str:
    """The untranslated label (gettext_noop text) of a reported code, in the words of the case's criteria."""
    if code in RESPONSE_CATEGORIES and code not in ("CR", "PR", "SD", "PD"):
        return RESPONSE_CATEGORIES[code]
    criteria = criteria_of(cancer_type, histology)
    return category_label(LABEL_CRITERIA.get(criteria, criteria), code)


def response_choices(cancer_type: str, histology: str = "", current: str = "") -> list[tuple[str, str]]:
    """(code, untranslated label) for a form; a value saved earlier stays offered when the cancer changed since."""
    codes = list(response_codes(cancer_type, histology))
    if current and current not in codes and current in EVERY_CODE:
        codes.insert(len(codes) - len(ANSWERS), current)
    return [(code, response_label(code, cancer_type, histology)) for code in codes]


def is_progression(code: str) -> bool:
    """Whether what the patient was told (or a line's best response) is progression: PD, PMD, relapse…"""
    return code in PROGRESSION
