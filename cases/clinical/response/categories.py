"""Every response category code the criteria give, as words, and which ones mean progression or remission.

One table for the whole product: the urgency rules, progression dates,
progression-free time and every page and PDF read the codes from here.

Progression is split in two, and urgency follows the split:
- CONFIRMED_PROGRESSION: progression as the criteria define it, needing no
  further scan or sample (RECIST/mRECIST/Lugano CT/RANO 2.0/iwCLL/IMWG/ELN
  PD, iRECIST iCPD, Lugano PET PMD, ELN relapse, PCWG3 radiographic and
  confirmed PSA progression, GCIG confirmed CA-125 progression). It raises a
  high-severity flag (urgent).
- UNCONFIRMED_PROGRESSION: the criteria's own "wait and confirm" step
  (iRECIST iUPD, Seymour 2017: confirm 4-8 weeks later; RANO 2.0 preliminary
  PD, Wen 2023; PCWG3 and GCIG first raised value before its confirmation;
  ELN 2022 MRD relapse, which the ELN asks to confirm in a second sample). It
  raises a medium-severity flag (high priority, not urgent): the criteria
  themselves say the patient may continue treatment until the next
  assessment, so it should not jump the queue ahead of confirmed progression,
  but the MDT should see it before that assessment is due.
ELN 2022 "no response" (refractory disease) is treatment failure, not
progression: it raises its own medium flag in the urgency rules. ATA 2015
structural incomplete response and pCR's "no pCR" describe residual disease,
not progression, and raise no flag.
"""

from ..i18n import gettext_noop

CONFIRMED_PROGRESSION = frozenset(
    {
        "PD",  # RECIST 1.1, mRECIST, Lugano CT, RANO 2.0, iwCLL 2018, IMWG 2016, ELN 2022
        "iCPD",  # iRECIST
        "PMD",  # Lugano 2014 PET
        "relapse",  # ELN 2022 haematologic relapse
        "radiographic_PD",  # PCWG3
        "PSA_progression",  # PCWG3, confirmed
        "CA125_progression",  # GCIG, confirmed
    }
)
UNCONFIRMED_PROGRESSION = frozenset(
    {"iUPD", "preliminary_PD", "PD_unconfirmed", "progression_unconfirmed", "MRD_relapse"}
)
# Progression-free time ends at confirmed progression and at MRD relapse (ELN 2022 counts it as relapse for
# relapse-free survival); unconfirmed steps that are then confirmed are back-dated by cases.clinical.lines.
PROGRESSION = CONFIRMED_PROGRESSION | {"MRD_relapse"}
REFRACTORY = frozenset({"NR"})  # ELN 2022: no CR, CRh or CRi (primary refractory after induction)

# Categories that mean no disease is seen (for urgency's "in remission" and for acute-leukaemia lab staleness).
REMISSION = frozenset(
    {
        "CR",
        "iCR",
        "CMR",
        "sCR",
        "MRD_negative",
        "CR_MRD_neg",
        "CRh",
        "CRh_MRD_neg",
        "CRi",
        "CRi_MRD_neg",
        "excellent",
        "pCR",
    }
)

# Labels by code; LABELS_BY_CRITERIA overrides where a criteria uses the same code for something else.
LABELS: dict[str, str] = {
    "CR": gettext_noop("Complete response (CR)"),
    "PR": gettext_noop("Partial response (PR)"),
    "SD": gettext_noop("Stable disease (SD)"),
    "PD": gettext_noop("Progressive disease (PD)"),
    "NonCR/NonPD": gettext_noop("Non-CR/non-PD (non-target disease only)"),
    "NE": gettext_noop("Not evaluable (NE)"),
    "after_PD": gettext_noop(
        "Not classified under RECIST 1.1 after progression (treated beyond progression; see iRECIST)"
    ),
    "iCR": gettext_noop("Immune complete response (iCR)"),
    "iPR": gettext_noop("Immune partial response (iPR)"),
    "iSD": gettext_noop("Immune stable disease (iSD)"),
    "iNonCR/NonUPD": gettext_noop("Immune non-CR/non-unconfirmed PD (iNonCR/NonUPD)"),
    "iNE": gettext_noop("Not evaluable, iRECIST (iNE)"),
    "iUPD": gettext_noop("Unconfirmed progressive disease, to be confirmed (iUPD)"),
    "iCPD": gettext_noop("Confirmed progressive disease (iCPD)"),
    "preliminary_PD": gettext_noop("Preliminary progression, to be confirmed"),
    "CMR": gettext_noop("Complete metabolic response (CMR)"),
    "PMR": gettext_noop("Partial metabolic response (PMR)"),
    "NMR": gettext_noop("No metabolic response (NMR)"),
    "PMD": gettext_noop("Progressive metabolic disease (PMD)"),
    "CR_MRD_neg": gettext_noop("Complete remission without measurable residual disease (CR MRD-)"),
    "CRh": gettext_noop("CR with partial recovery of counts (CRh)"),
    "CRh_MRD_neg": gettext_noop("CRh without measurable residual disease (CRh MRD-)"),
    "CRi": gettext_noop("CR with incomplete recovery of counts (CRi)"),
    "CRi_MRD_neg": gettext_noop("CRi without measurable residual disease (CRi MRD-)"),
    "MLFS": gettext_noop("Morphologic leukaemia-free state (MLFS)"),
    "NR": gettext_noop("No response (NR)"),
    "MRD_relapse": gettext_noop("Measurable residual disease relapse (MRD relapse)"),
    "relapse": gettext_noop("Haematologic relapse"),
    "MRD_negative": gettext_noop("Minimal residual disease negative (MRD-negative)"),
    "sCR": gettext_noop("Stringent complete response (sCR)"),
    "VGPR": gettext_noop("Very good partial response (VGPR)"),
    "MR": gettext_noop("Minimal response (MR)"),
    "excellent": gettext_noop("Excellent response"),
    "indeterminate": gettext_noop("Indeterminate response"),
    "biochemical_incomplete": gettext_noop("Biochemical incomplete response"),
    "structural_incomplete": gettext_noop("Structural incomplete response"),
    "pCR": gettext_noop("Pathological complete response (pCR)"),
    "no_pCR": gettext_noop("Residual disease (no pCR)"),
    "PSA_response": gettext_noop("PSA response"),
    "no_progression": gettext_noop("No progression"),
    "PD_unconfirmed": gettext_noop("Progression, to be confirmed"),
    "PSA_progression": gettext_noop("PSA progression"),
    "radiographic_PD": gettext_noop("Radiographic progression"),
    "CA125_response": gettext_noop("CA-125 response"),
    "response_unconfirmed": gettext_noop("CA-125 response, to be confirmed"),
    "no_response": gettext_noop("No CA-125 response"),
    "not_evaluable_for_response": gettext_noop("Not evaluable for CA-125 response"),
    "progression_unconfirmed": gettext_noop("CA-125 progression, to be confirmed"),
    "CA125_progression": gettext_noop("CA-125 progression"),
    "INVALID": gettext_noop("Cannot be assessed: the input is incomplete"),
}
LABELS_BY_CRITERIA: dict[str, dict[str, str]] = {
    "rano2": {"MR": gettext_noop("Minor response (MR)")},
    "eln2022": {
        "CR": gettext_noop("Complete remission (CR)"),
        "PR": gettext_noop("Partial remission (PR)"),
    },
    "iwcll2018": {"CRi": gettext_noop("CR with incomplete marrow recovery (CRi)")},
    # mRECIST (Lencioni & Llovet 2010) stops at progression as RECIST 1.1 does (Eisenhauer 2009, section 4.4).
    "mrecist": {
        "after_PD": gettext_noop("Not classified under mRECIST after progression (treated beyond progression)")
    },
}


# Short labels in words, for places with little room (the points of the measurement chart): still words a patient
# or a translator can read, with the code in brackets only where the criteria's own name matters (iRECIST).
SHORT_LABELS: dict[str, str] = {
    "CR": gettext_noop("Complete response"),
    "PR": gettext_noop("Partial response"),
    "SD": gettext_noop("Stable disease"),
    "PD": gettext_noop("Progression"),
    "NonCR/NonPD": gettext_noop("Non-CR/non-PD"),
    "NE": gettext_noop("Not evaluable"),
    "after_PD": gettext_noop("Not classified after progression"),
    "iCR": gettext_noop("Complete response (iCR)"),
    "iPR": gettext_noop("Partial response (iPR)"),
    "iSD": gettext_noop("Stable disease (iSD)"),
    "iNonCR/NonUPD": gettext_noop("Non-CR/non-PD (iRECIST)"),
    "iNE": gettext_noop("Not evaluable (iNE)"),
    "iUPD": gettext_noop("Progression, to be confirmed (iUPD)"),
    "iCPD": gettext_noop("Progression confirmed (iCPD)"),
    "preliminary_PD": gettext_noop("Progression, to be confirmed"),
    "MR": gettext_noop("Minor response"),
    "INVALID": gettext_noop("Cannot be assessed"),
}


# Categories that are a kind of CR, PR, SD or PD under their own criteria: IMWG 2016 (Kumar S et al., Lancet Oncol
# 2016: sCR and MRD-negative need CR, VGPR is a deeper PR), iRECIST (Seymour L et al., Lancet Oncol 2017), Lugano
# 2014 PET (Cheson BD et al., J Clin Oncol 2014). CRh, CRi, MLFS, MR and unconfirmed iUPD belong to none.
RECIST_FAMILY = {
    "sCR": "CR",
    "CR_MRD_neg": "CR",
    "MRD_negative": "CR",
    "iCR": "CR",
    "CMR": "CR",
    "VGPR": "PR",
    "iPR": "PR",
    "PMR": "PR",
    "iSD": "SD",
    "NMR": "SD",
    "iCPD": "PD",
    "PMD": "PD",
}


def recist_family(code: str) -> str:
    """CR, PR, SD or PD for a category of that kind under its own criteria (RECIST_FAMILY), else `code` itself."""
    return RECIST_FAMILY.get(code, code)


def category_short_label(criteria: str, code: str) -> str:
    """A short untranslated label in words (gettext_noop text); the full label where there is no short one."""
    return SHORT_LABELS.get(code) or category_label(criteria, code)


def category_label(criteria: str, code: str) -> str:
    """The untranslated label of `code` under `criteria` (gettext_noop text), or the code when it has none."""
    return LABELS_BY_CRITERIA.get(criteria, {}).get(code) or LABELS.get(code, code)


def is_progression(code: str) -> bool:
    return code in CONFIRMED_PROGRESSION


def is_unconfirmed_progression(code: str) -> bool:
    return code in UNCONFIRMED_PROGRESSION
