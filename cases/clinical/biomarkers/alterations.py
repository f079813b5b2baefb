"""The alteration classes recorded per marker: data only.

marker code -> {class code: (label, what an assay must see to find it)}. The
second item is a scope code (biomarkers.codes.SCOPES): a negative result from
an assay whose scope lacks it does not rule that class out.

Classes follow the guidelines that act on them: EGFR and ERBB2 per the
IASLC/CAP/AMP 2018 testing guideline and ESMO oncogene-addicted mNSCLC 2023;
HER2 IHC/ISH per ASCO/CAP 2023 and the ESMO HER2-low consensus 2023; RAS/BRAF
per ESMO mCRC 2023; AML per ELN 2022; myeloma per IMWG 2025 high-risk
consensus (Avet-Loiseau H et al., J Clin Oncol 2025).
"""

from ..i18n import gettext_noop

_M, _H, _I, _S, _F, _C, _P, _K = (
    "mutations",
    "hotspots",
    "insertions",
    "splice",
    "fusions",
    "copy_number",
    "protein",
    "karyotype",
)

ALTERATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "EGFR": {
        "ex19del": (gettext_noop("exon 19 deletion"), _H),
        "L858R": (gettext_noop("L858R"), _H),
        "ex20ins": (gettext_noop("exon 20 insertion"), _I),
        "T790M": (gettext_noop("T790M (resistance)"), _H),
        "C797S": (gettext_noop("C797S (resistance)"), _M),
        "uncommon": (gettext_noop("uncommon sensitising mutation (G719X, L861Q, S768I)"), _M),
        "amplification": (gettext_noop("amplification"), _C),
    },
    "KRAS": {
        "G12C": (gettext_noop("G12C"), _H),
        "G12D": (gettext_noop("G12D"), _H),
        "G12V": (gettext_noop("G12V"), _H),
        "G13D": (gettext_noop("G13D"), _H),
        "other": (gettext_noop("other KRAS mutation"), _M),
        "amplification": (gettext_noop("amplification"), _C),
    },
    "NRAS": {
        "codon_12_13": (gettext_noop("codon 12 or 13 mutation"), _H),
        "Q61": (gettext_noop("codon 61 mutation (such as Q61R)"), _H),
        "other": (gettext_noop("other NRAS mutation"), _M),
    },
    "BRAF": {
        "V600E": (gettext_noop("V600E"), _H),
        "V600_other": (gettext_noop("other V600 mutation (such as V600K)"), _H),
        "non_V600": (gettext_noop("non-V600 mutation (class 2 or 3)"), _M),
        "fusion": (gettext_noop("BRAF fusion"), _F),
    },
    "HER2": {
        "mutation": (gettext_noop("ERBB2 mutation"), _I),
        "amplification": (gettext_noop("ERBB2 amplification (by NGS or ISH)"), _C),
        "ihc_0": (gettext_noop("IHC 0 (no staining)"), _P),
        "ihc_ultralow": (gettext_noop("IHC 0 with faint staining in 10 per cent or fewer cells (ultralow)"), _P),
        "ihc_1plus": (gettext_noop("IHC 1+"), _P),
        "ihc_2plus": (gettext_noop("IHC 2+"), _P),
        "ihc_3plus": (gettext_noop("IHC 3+"), _P),
        "ish_amplified": (gettext_noop("ISH amplified"), _C),
        "ish_not_amplified": (gettext_noop("ISH not amplified"), _C),
    },
    "MET": {
        "ex14": (gettext_noop("exon 14 skipping"), _S),
        "amplification": (gettext_noop("amplification"), _C),
        "overexpression": (gettext_noop("c-Met protein overexpression (IHC)"), _P),
        "fusion": (gettext_noop("MET fusion"), _F),
    },
    "ALK": {"fusion": (gettext_noop("ALK fusion"), _F), "mutation": (gettext_noop("ALK mutation"), _M)},
    "ROS1": {"fusion": (gettext_noop("ROS1 fusion"), _F)},
    "RET": {"fusion": (gettext_noop("RET fusion"), _F), "mutation": (gettext_noop("RET mutation"), _M)},
    "NTRK": {"fusion": (gettext_noop("NTRK1/2/3 fusion"), _F)},
    "NRG1": {"fusion": (gettext_noop("NRG1 fusion"), _F)},
    "FGFR2": {"fusion": (gettext_noop("FGFR2 fusion"), _F), "mutation": (gettext_noop("FGFR2 mutation"), _M)},
    "FGFR3": {"mutation": (gettext_noop("FGFR3 mutation"), _H), "fusion": (gettext_noop("FGFR3 fusion"), _F)},
    "PIK3CA": {"mutation": (gettext_noop("PIK3CA activating mutation"), _H)},
    "AKT1": {"E17K": (gettext_noop("AKT1 E17K"), _H)},
    "PTEN": {"loss": (gettext_noop("PTEN loss of function"), _M)},
    "ESR1": {"mutation": (gettext_noop("ESR1 ligand-binding domain mutation"), _H)},
    "BRCA": {
        "BRCA1": (gettext_noop("BRCA1 pathogenic variant"), _M),
        "BRCA2": (gettext_noop("BRCA2 pathogenic variant"), _M),
    },
    "HRR": {
        "PALB2": (gettext_noop("PALB2"), _M),
        "ATM": (gettext_noop("ATM"), _M),
        "CHEK2": (gettext_noop("CHEK2"), _M),
        "CDK12": (gettext_noop("CDK12"), _M),
        "RAD51C": (gettext_noop("RAD51C"), _M),
        "RAD51D": (gettext_noop("RAD51D"), _M),
        "BRIP1": (gettext_noop("BRIP1"), _M),
        "other": (gettext_noop("other HRR gene"), _M),
    },
    "MSI": {
        "msi_h": (gettext_noop("MSI-high"), "msi"),
        "dmmr_mlh1_pms2": (gettext_noop("loss of MLH1/PMS2 staining"), _P),
        "dmmr_msh2_msh6": (gettext_noop("loss of MSH2/MSH6 staining"), _P),
        "dmmr_other": (gettext_noop("other mismatch-repair protein loss"), _P),
        "mlh1_methylated": (gettext_noop("MLH1 promoter hypermethylation (sporadic)"), _M),
        # Tested and not methylated: a loss of MLH1 then goes to germline testing (NICE DG27 2017; DG42 2020).
        "mlh1_unmethylated": (gettext_noop("MLH1 promoter not methylated"), _M),
    },
    "KIT": {
        "exon11": (gettext_noop("exon 11 mutation"), _M),
        "exon9": (gettext_noop("exon 9 mutation"), _M),
        "exon13_17": (gettext_noop("exon 13 or 17 mutation"), _M),
        "other": (gettext_noop("other KIT mutation"), _M),
    },
    "PDGFRA": {
        "D842V": (gettext_noop("exon 18 D842V"), _H),
        "other": (gettext_noop("other PDGFRA mutation"), _M),
    },
    "IDH1": {"R132": (gettext_noop("R132 mutation"), _H)},
    "IDH2": {"R140": (gettext_noop("R140 mutation"), _H), "R172": (gettext_noop("R172 mutation"), _H)},
    "FLT3": {"ITD": (gettext_noop("internal tandem duplication (ITD)"), _I), "TKD": (gettext_noop("TKD mutation"), _H)},
    "KMT2A": {
        "MLLT3": (gettext_noop("t(9;11) MLLT3::KMT2A"), _F),
        "other_partner": (gettext_noop("other KMT2A rearrangement"), _F),
        "ptd": (gettext_noop("partial tandem duplication"), _I),
    },
    "CBF": {
        "RUNX1_RUNX1T1": (gettext_noop("t(8;21) RUNX1::RUNX1T1"), _F),
        "CBFB_MYH11": (gettext_noop("inv(16) or t(16;16) CBFB::MYH11"), _F),
    },
    "KARYOTYPE": {
        "normal": (gettext_noop("normal karyotype"), _K),
        "complex": (gettext_noop("complex karyotype (3 or more abnormalities)"), _K),
        "monosomal": (gettext_noop("monosomal karyotype"), _K),
        "del5q": (gettext_noop("-5 or del(5q)"), _K),
        "monosomy7": (gettext_noop("-7"), _K),
        "abn17p": (gettext_noop("-17 or abnormal 17p"), _K),
        "mecom": (gettext_noop("inv(3) or t(3;3) (MECOM)"), _K),
        "t6_9": (gettext_noop("t(6;9) DEK::NUP214"), _K),
        "t9_22": (gettext_noop("t(9;22) BCR::ABL1"), _K),
        "t8_16": (gettext_noop("t(8;16) KAT6A::CREBBP"), _K),
        "t3_5": (gettext_noop("t(3q26.2;v) or other MECOM rearrangement"), _K),
        "other": (gettext_noop("other abnormality"), _K),
    },
    "MR_GENES": {
        gene: (gene, _M) for gene in ("ASXL1", "BCOR", "EZH2", "RUNX1", "SF3B1", "SRSF2", "STAG2", "U2AF1", "ZRSR2")
    },
    "TP53": {"mutation": (gettext_noop("TP53 mutation"), _M), "p53_abnormal": (gettext_noop("abnormal p53 IHC"), _P)},
    "GAIN1Q": {
        "gain": (gettext_noop("1q gain (3 copies)"), _C),
        "amplification": (gettext_noop("1q amplification (4 or more copies)"), _C),
    },
    "DEL1P": {
        "monoallelic": (gettext_noop("monoallelic del(1p32)"), _C),
        "biallelic": (gettext_noop("biallelic del(1p32)"), _C),
    },
    "CLDN18": {
        "positive_75": (gettext_noop("moderate-to-strong (2+/3+) staining in 75 per cent or more of tumour cells"), _P)
    },
    "GERMLINE": {
        gene: (gene, _M)
        for gene in (
            "BRCA1",
            "BRCA2",
            "PALB2",
            "ATM",
            "CHEK2",
            "RAD51C",
            "RAD51D",
            "BRIP1",
            "MLH1",
            "MSH2",
            "MSH6",
            "PMS2",
            "EPCAM",
            "TP53",
            "CDH1",
            "RET",
            "VHL",
            "SDHB",
            "BAP1",
            "other",
        )
    },
    "REBIOPSY": {
        "sclc_transformation": (gettext_noop("transformation to small-cell carcinoma"), "histology"),
        "squamous_transformation": (gettext_noop("transformation to squamous carcinoma"), "histology"),
        "unchanged": (gettext_noop("same histology as before"), "histology"),
    },
    "PDL1": {},  # a score with its scoring system and clone (BiomarkerResult.score, .scoring, .clone)
}
