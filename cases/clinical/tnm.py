"""TNM 8th edition (UICC/AJCC) category values and stage groups.

The union across tumour sites: not every value exists for every cancer
(T4e or N1c, for example, are site-specific); the form offers them all.
"""

from .i18n import gettext_noop

STAGE_GROUPS = {
    "0": gettext_noop("Stage 0"),
    "I": gettext_noop("Stage I"),
    "IA": gettext_noop("Stage IA"),
    "IB": gettext_noop("Stage IB"),
    "II": gettext_noop("Stage II"),
    "IIA": gettext_noop("Stage IIA"),
    "IIB": gettext_noop("Stage IIB"),
    "IIC": gettext_noop("Stage IIC"),
    "III": gettext_noop("Stage III"),
    "IIIA": gettext_noop("Stage IIIA"),
    "IIIB": gettext_noop("Stage IIIB"),
    "IIIC": gettext_noop("Stage IIIC"),
    "IV": gettext_noop("Stage IV"),
    "IVA": gettext_noop("Stage IVA"),
    "IVB": gettext_noop("Stage IVB"),
    "IVC": gettext_noop("Stage IVC"),
    "unknown": gettext_noop("Not known"),
}

STAGE_IV = ("IV", "IVA", "IVB", "IVC")

# No TNM stage group applies to the acute and chronic leukaemias and MDS: they are risk-classed instead (AML by
# ELN 2022, Döhner H et al., Blood 2022; MDS by IPSS-M, Bernard E et al., NEJM Evid 2022). No "metastatic spread"
# applies to them, to myeloma (marrow diseases; myeloma staged by ISS/R-ISS, Greipp PR et al., J Clin Oncol 2005;
# Palumbo A et al., J Clin Oncol 2015) nor to lymphoma: under the Lugano classification (Cheson BD et al., J Clin
# Oncol 2014) extralymphatic involvement that is not contiguous is stage IV, not a metastasis, so no oligometastatic
# rule applies. Sites entered for them are shown as sites of involvement, as entered.
NO_STAGE_GROUP = frozenset({"aml", "all", "cml", "cll", "mds"})
NO_METASTATIC_SPREAD = frozenset({"aml", "all", "cml", "cll", "mds", "myeloma", "lymphoma"})
# TNM letters are for solid tumours: no T, N or M is asked of the blood cancers. Besides the unstaged ones above,
# lymphoma is staged I-IV by the Lugano classification (Cheson BD et al., J Clin Oncol 2014, modified Ann Arbor)
# and myeloma by ISS/R-ISS (Greipp PR et al., J Clin Oncol 2005; Palumbo A et al., J Clin Oncol 2015).
NO_TNM = NO_STAGE_GROUP | {"lymphoma", "myeloma"}
# Myeloma's stage, kept in the stage group with its system (stage_group holds at most 10 characters), because the
# systems' groups differ: ISS (Greipp PR et al., J Clin Oncol 2005: I beta2-microglobulin < 3.5 mg/L and albumin
# >= 3.5 g/dL, III beta2-microglobulin >= 5.5 mg/L, II neither); R-ISS (Palumbo A et al., J Clin Oncol 2015: III is
# ISS III with high-risk cytogenetics by iFISH, del(17p), t(4;14) or t(14;16), or high LDH; I is ISS I with
# neither; II all others); R2-ISS (D'Agostino M et al., J Clin Oncol 2022: four groups by points for ISS II 1,
# ISS III 1.5, high LDH 1, del(17p) 1, t(4;14) 1, 1q gain or amplification 0.5; I 0, II 0.5-1, III 1.5-2.5,
# IV 3-5 points).
ISS_STAGES = {
    "ISS-I": gettext_noop("ISS stage I"),
    "ISS-II": gettext_noop("ISS stage II"),
    "ISS-III": gettext_noop("ISS stage III"),
    "RISS-I": gettext_noop("R-ISS stage I"),
    "RISS-II": gettext_noop("R-ISS stage II"),
    "RISS-III": gettext_noop("R-ISS stage III"),
    "R2ISS-I": gettext_noop("R2-ISS stage I"),
    "R2ISS-II": gettext_noop("R2-ISS stage II"),
    "R2ISS-III": gettext_noop("R2-ISS stage III"),
    "R2ISS-IV": gettext_noop("R2-ISS stage IV"),
    "unknown": gettext_noop("Not known"),
}
# Stored before the system was asked: still read, never offered for a new choice.
ISS_LEGACY_STAGES = {
    "I": gettext_noop("ISS/R-ISS stage I (system not recorded)"),
    "II": gettext_noop("ISS/R-ISS stage II (system not recorded)"),
    "III": gettext_noop("ISS/R-ISS stage III (system not recorded)"),
}
# Lymphoma's stage, kept in the stage group: the Lugano classification (Cheson BD et al., J Clin Oncol 2014,
# staging table; as tabulated in NCI PDQ Adult Hodgkin Lymphoma Treatment, Table 1), a modified Ann Arbor for the
# primarily nodal lymphomas:
# I (one node or group of adjacent nodes; IE a single extranodal lesion without nodes), II (two or more node groups
# on one side of the diaphragm; IIE with limited contiguous extranodal extension), II bulky (stage II with bulky
# disease, its size defined by histology), III (nodes on both sides of the diaphragm, or above it with the spleen),
# IV (noncontiguous extralymphatic involvement). I-II are limited, III-IV advanced stage. Lugano dropped the
# Ann Arbor site suffixes and the bulk "X": these codes are the whole list.
LUGANO_STAGES = {
    "I": gettext_noop("Lugano 2014 stage I"),
    "IE": gettext_noop("Lugano 2014 stage IE"),
    "II": gettext_noop("Lugano 2014 stage II"),
    "IIE": gettext_noop("Lugano 2014 stage IIE"),
    "IIbulky": gettext_noop("Lugano 2014 stage II bulky"),
    "III": gettext_noop("Lugano 2014 stage III"),
    "IV": gettext_noop("Lugano 2014 stage IV"),
    "unknown": gettext_noop("Not known"),
}
# Lugano 2014 keeps the A/B suffix for Hodgkin lymphoma only (A: no constitutional symptoms; B: fever > 38 °C,
# drenching sweats, or loss of > 10% of body weight over 6 months). A stage without the suffix stays offered
# for when the symptoms are not known.
LUGANO_HODGKIN_SUFFIXED = {
    "IA": gettext_noop("Lugano 2014 stage IA"),
    "IB": gettext_noop("Lugano 2014 stage IB"),
    "IEA": gettext_noop("Lugano 2014 stage IEA"),
    "IEB": gettext_noop("Lugano 2014 stage IEB"),
    "IIA": gettext_noop("Lugano 2014 stage IIA"),
    "IIB": gettext_noop("Lugano 2014 stage IIB"),
    "IIEA": gettext_noop("Lugano 2014 stage IIEA"),
    "IIEB": gettext_noop("Lugano 2014 stage IIEB"),
    "IIbulkyA": gettext_noop("Lugano 2014 stage II bulky, A"),
    "IIbulkyB": gettext_noop("Lugano 2014 stage II bulky, B"),
    "IIIA": gettext_noop("Lugano 2014 stage IIIA"),
    "IIIB": gettext_noop("Lugano 2014 stage IIIB"),
    "IVA": gettext_noop("Lugano 2014 stage IVA"),
    "IVB": gettext_noop("Lugano 2014 stage IVB"),
}
LUGANO_HODGKIN_STAGES = {
    **{code: label for code, label in LUGANO_STAGES.items() if code != "unknown"},
    **LUGANO_HODGKIN_SUFFIXED,
    "unknown": LUGANO_STAGES["unknown"],
}


def stage_choices(cancer_type: str | None, subtype: str | None = "") -> dict[str, str]:
    """The stage groups offered for a cancer: none for the leukaemias and MDS, ISS, R-ISS or R2-ISS for myeloma, Lugano 2014
    for lymphoma (with A/B for Hodgkin lymphoma), TNM 8th edition stage groups for the solid tumours."""
    if cancer_type in NO_STAGE_GROUP:
        return {}
    if cancer_type == "myeloma":
        return ISS_STAGES
    if cancer_type == "lymphoma":
        return LUGANO_HODGKIN_STAGES if subtype == "hodgkin" else LUGANO_STAGES
    return STAGE_GROUPS


def stage_labels(cancer_type: str | None) -> dict[str, str]:
    """Every stage label a stored stage group of this cancer may have (a lymphoma's subtype may have changed, a
    myeloma's stage may predate the system being asked)."""
    if cancer_type == "myeloma":
        return {**ISS_STAGES, **ISS_LEGACY_STAGES}
    return LUGANO_HODGKIN_STAGES if cancer_type == "lymphoma" else stage_choices(cancer_type)


_T_PLAIN = (
    "T1mi",
    "T1",
    "T1a",
    "T1b",
    "T1c",
    "T2",
    "T2a",
    "T2b",
    "T2c",
    "T3",
    "T3a",
    "T3b",
    "T3c",
    "T4",
    "T4a",
    "T4b",
    "T4c",
    "T4d",
    "T4e",
)
T_CATEGORIES = {
    "TX": gettext_noop("TX - primary tumour cannot be assessed"),
    "T0": gettext_noop("T0 - no evidence of primary tumour"),
    "Tis": gettext_noop("Tis - carcinoma in situ"),
    **{code: code for code in _T_PLAIN},
}

_N_PLAIN = ("N1mi", "N1", "N1a", "N1b", "N1c", "N2", "N2a", "N2b", "N2c", "N3", "N3a", "N3b", "N3c")
N_CATEGORIES = {
    "NX": gettext_noop("NX - regional lymph nodes cannot be assessed"),
    "N0": gettext_noop("N0 - no regional lymph node metastasis"),
    "N0(i+)": gettext_noop("N0(i+) - isolated tumour cells only"),
    **{code: code for code in _N_PLAIN},
}

M_CATEGORIES = {
    "M0": gettext_noop("M0 - no distant metastasis"),
    "M1": gettext_noop("M1 - distant metastasis"),
    "M1a": "M1a",
    "M1b": "M1b",
    "M1c": "M1c",
    "M1d": "M1d",
}
