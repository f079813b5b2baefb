"""What a local team needs to run each missing biomarker test: data only.

METHODS and SPECIMENS are code -> label. Each method has a usual specimen
(METHOD_SPECIMEN). MARKER_METHODS lists, per marker, the methods in order of
preference (the first is what we ask for; the rest are accepted
alternatives); an entry is a method code, or (method, specimen) when this
marker needs a different specimen. CANCER_OVERRIDES replaces a marker's
methods for one cancer type, and CONFIRMATORY names the test that settles an
equivocal result.

Sources: ESMO recommendations on NGS (Mosele F et al., Ann Oncol 2024);
IASLC/CAP/AMP molecular testing guideline for lung cancer (2018); ASCO/CAP
HER2 (2023) and ER/PR (2020) guidelines; ELN 2022 for AML; IMWG for myeloma
cytogenetics; WHO 2022 / NCCN B-cell lymphomas; NCCN Prostate for PSMA PET.
"""

from ..i18n import gettext_noop

METHODS = {
    "ihc": gettext_noop("Immunohistochemistry (IHC)"),
    "ihc_pdl1": gettext_noop("PD-L1 immunohistochemistry with a validated assay (report TPS and CPS, and the clone)"),
    "ihc_mmr": gettext_noop("Mismatch-repair IHC (MLH1, PMS2, MSH2, MSH6), or MSI by PCR or NGS"),
    "ish": gettext_noop("In situ hybridisation (FISH or dual-probe ISH)"),
    "ngs_tissue": gettext_noop("Tumour NGS panel (DNA)"),
    "ngs_tissue_rna": gettext_noop("Tumour NGS panel covering DNA and RNA (for gene fusions)"),
    "ngs_tmb": gettext_noop("Comprehensive tumour NGS panel that reports TMB (mutations per megabase)"),
    "ngs_liquid": gettext_noop("Liquid biopsy: circulating tumour DNA (ctDNA) NGS from blood"),
    "germline": gettext_noop("Germline (inherited) genetic test, with genetic counselling"),
    "mlh1_methylation": gettext_noop(
        "MLH1 promoter methylation test on the tumour (methylation-specific PCR or pyrosequencing): methylated means "
        "sporadic; unmethylated goes on to germline testing"
    ),
    "hrd_assay": gettext_noop("HRD assay (genomic instability score with BRCA status)"),
    "ngs_marrow": gettext_noop("Myeloid NGS panel, with PCR for FLT3-ITD and NPM1"),
    "marrow_cytogenetics": gettext_noop("Karyotype with FISH or RT-PCR for recurrent fusions"),
    "pml_rara_urgent": gettext_noop("Urgent FISH or RT-PCR for PML::RARA (same day)"),
    "plasma_cell_fish": gettext_noop("FISH on CD138-selected plasma cells"),
    "ngs_myeloma": gettext_noop("Sequencing of TP53 (myeloma NGS panel) on CD138-selected plasma cells"),
    "lymphoma_fish": gettext_noop("FISH for MYC, BCL2 and BCL6 rearrangements"),
    "psma_pet": gettext_noop("PSMA PET/CT scan"),
    # Each row names its own gene and drug: DPD deficiency testing (DPYD genotyping or blood uracil) before the first
    # fluoropyrimidine dose (EMA 2020; CPIC DPYD 2017 update); UGT1A1 genotyping before the first irinotecan dose
    # (DPWG 2022; FDA irinotecan label).
    "dpyd_first_dose": gettext_noop(
        "DPYD genotyping (or DPD activity by blood uracil) before the first fluoropyrimidine dose"
    ),
    "ugt1a1_first_dose": gettext_noop("UGT1A1 genotyping before the first irinotecan dose"),
    "dpyd_before_further_dose": gettext_noop(
        "DPYD genotyping (or DPD activity by blood uracil) before any further fluoropyrimidine, if not already done"
    ),
    "ugt1a1_before_further_dose": gettext_noop(
        "UGT1A1 genotyping before any further irinotecan, if not already done (a poor-metaboliser genotype such as "
        "*28/*28 calls for a lower dose)"
    ),
    "qpcr_mrd": gettext_noop("Quantitative PCR for measurable residual disease (NPM1, CBF fusion or BCR::ABL1)"),
    "flow_mrd": gettext_noop("Flow cytometry for measurable residual disease"),
    "hla_typing": gettext_noop("High-resolution HLA typing of the patient (and of siblings, for a donor search)"),
    "rebiopsy": gettext_noop(
        "Biopsy of a growing lesion: histology (small-cell transformation) and a DNA+RNA NGS panel; "
        "plasma ctDNA NGS if a biopsy is not possible"
    ),
    "methylation": gettext_noop("MGMT promoter methylation test (methylation-specific PCR or pyrosequencing)"),
    "sstr_pet": gettext_noop("Somatostatin receptor PET/CT (68Ga-DOTATATE or similar)"),
    "blood_test": gettext_noop("Blood test"),
    "flt3_pcr": gettext_noop("PCR fragment analysis for FLT3-ITD (with the allelic ratio)"),
    "met_fish": gettext_noop("MET FISH (MET gene copy number and MET/CEP7 ratio)"),
    "met_ihc": gettext_noop("MET immunohistochemistry (per cent of tumour cells staining 3+)"),
}

# A fluoropyrimidine (5-FU, capecitabine, tegafur) already given: "before the first dose" no longer applies, and the
# test still matters before the next one. EMA 2020 (DPD testing, by blood uracil or DPYD genotype, before treatment
# with fluorouracil, capecitabine or tegafur); CPIC 2017 update (Amstutz U et al., Clin Pharmacol Ther 2018): DPYD
# genotype guides the fluoropyrimidine dose. marker -> (drug class given, the request that replaces the usual one).
# Irinotecan already given (the gap stays open only when it was stopped for side effects: engine R_TOLERATED): UGT1A1
# poor metabolisers (*28/*28, *6/*6, *6/*28) start at 70 per cent of the normal dose, raised by the neutrophil count
# if tolerated (DPWG 2022, Hulshof EC et al., Eur J Hum Genet 2023); the FDA irinotecan label (section 2.3, 2022):
# consider a starting dose at least one level lower for UGT1A1*28 homozygous patients, later doses by tolerance.
AFTER_FIRST_DOSE = {
    "DPYD": ("fluoropyrimidine", "dpyd_before_further_dose"),
    "UGT1A1": ("irinotecan", "ugt1a1_before_further_dose"),
}

SPECIMENS = {
    "ffpe": gettext_noop(
        "FFPE tumour block, or about 10 unstained slides (4-5 µm) with one H&E slide, "
        "from the most recent biopsy or surgery"
    ),
    "ffpe_ihc": gettext_noop("FFPE tumour block, or 3-5 unstained slides (4-5 µm) for each stain"),
    "ffpe_lymph": gettext_noop(
        "FFPE block from an excisional or core-needle lymph-node biopsy (a fine-needle aspirate is not enough)"
    ),
    "plasma": gettext_noop(
        "Peripheral blood for plasma ctDNA: two 10 mL cell-free DNA tubes (such as Streck), sent at room temperature"
    ),
    "blood_germline": gettext_noop("Peripheral blood in an EDTA tube (or saliva) for germline DNA"),
    "marrow": gettext_noop(
        "Fresh bone marrow aspirate (EDTA or heparin), or peripheral blood when blasts circulate; "
        "sent the same day, not frozen"
    ),
    "marrow_cd138": gettext_noop(
        "Fresh bone marrow aspirate in heparin for plasma-cell (CD138) selection, sent within 24 hours"
    ),
    "pet_scan": gettext_noop("No specimen: the scan at a nuclear medicine centre, and its report"),
    "blood_edta": gettext_noop("Peripheral blood in an EDTA tube"),
    "serum": gettext_noop("A blood sample (serum or plasma), as the laboratory asks"),
    "diagnostic_sample": gettext_noop(
        "The stored sample from diagnosis (marrow or blood DNA/RNA, or the diagnostic slides), not fresh marrow"
    ),
    # Plasma is a fallback only for sequencing (ctDNA): FISH, ISH and IHC read cells on a tissue section (liquid
    # biopsy reads cell-free DNA; Malapelle U et al., J Mol Pathol 2021; NCCN NSCLC 2025).
    "new_biopsy": gettext_noop("A new core biopsy of a growing lesion (formalin-fixed), or plasma if not possible"),
    "new_biopsy_tissue": gettext_noop(
        "A new core biopsy of a growing lesion (formalin-fixed); this test needs tissue and cannot be done on plasma"
    ),
}

METHOD_SPECIMEN = {
    "ihc": "ffpe_ihc",
    "ihc_pdl1": "ffpe_ihc",
    "ihc_mmr": "ffpe_ihc",
    "ish": "ffpe_ihc",
    "ngs_tissue": "ffpe",
    "ngs_tissue_rna": "ffpe",
    "ngs_tmb": "ffpe",
    "ngs_liquid": "plasma",
    "germline": "blood_germline",
    "mlh1_methylation": "ffpe",
    "hrd_assay": "ffpe",
    "ngs_marrow": "marrow",
    "marrow_cytogenetics": "marrow",
    "pml_rara_urgent": "marrow",
    "plasma_cell_fish": "marrow_cd138",
    "ngs_myeloma": "marrow_cd138",
    "lymphoma_fish": "ffpe_lymph",
    "psma_pet": "pet_scan",
    "dpyd_first_dose": "blood_edta",
    "ugt1a1_first_dose": "blood_edta",
    "dpyd_before_further_dose": "blood_edta",
    "ugt1a1_before_further_dose": "blood_edta",
    "qpcr_mrd": "blood_edta",
    "flow_mrd": "marrow",
    "hla_typing": "blood_edta",
    "rebiopsy": "new_biopsy",
    "methylation": "ffpe",
    "sstr_pet": "pet_scan",
    "blood_test": "serum",
    "flt3_pcr": "marrow",
    "met_fish": "new_biopsy_tissue",
    "met_ihc": "new_biopsy_tissue",
}

MARKER_METHODS = {
    "EGFR": ("ngs_tissue_rna", "ngs_liquid"),
    "ALK": ("ngs_tissue_rna", "ihc", "ngs_liquid"),
    "ROS1": ("ngs_tissue_rna", "ish", "ngs_liquid"),
    "RET": ("ngs_tissue_rna", "ngs_liquid"),
    "MET": ("ngs_tissue_rna", "ngs_liquid"),
    "BRAF": ("ngs_tissue", "ngs_liquid"),
    "NTRK": ("ngs_tissue_rna",),
    "KRAS": ("ngs_tissue", "ngs_liquid"),
    "NRAS": ("ngs_tissue", "ngs_liquid"),
    "HER2": ("ihc", "ish"),
    "PDL1": ("ihc_pdl1",),
    "MSI": ("ihc_mmr",),
    "TMB": ("ngs_tmb",),
    "NRG1": ("ngs_tissue_rna",),
    "ER": ("ihc",),
    "PR": ("ihc",),
    "AR": ("ihc",),
    "BRCA": ("germline", "ngs_tissue"),
    "HRD": ("hrd_assay",),
    "HRR": ("ngs_tissue", "germline"),
    "PIK3CA": ("ngs_tissue", "ngs_liquid"),
    "ESR1": ("ngs_liquid",),
    "FGFR2": ("ngs_tissue_rna",),
    "IDH1": ("ngs_tissue",),
    "IDH2": ("ngs_marrow",),
    "FLT3": ("ngs_marrow",),
    "NPM1": ("ngs_marrow",),
    "CEBPA": ("ngs_marrow",),
    "TP53": ("ngs_tissue",),
    "KMT2A": ("marrow_cytogenetics",),
    "CBF": ("marrow_cytogenetics",),
    "PML_RARA": ("pml_rara_urgent",),
    "CLDN18": ("ihc",),
    "FOLR1": ("ihc",),
    "POLE": ("ngs_tissue",),
    "KIT": ("ngs_tissue",),
    "PSMA": ("psma_pet",),
    "DEL17P": ("plasma_cell_fish",),
    "T4_14": ("plasma_cell_fish",),
    "T14_16": ("plasma_cell_fish",),
    "GAIN1Q": ("plasma_cell_fish",),
    "T11_14": ("plasma_cell_fish",),
    "CD20": (("ihc", "ffpe_lymph"),),
    "CD30": (("ihc", "ffpe_lymph"),),
    "MYC": ("lymphoma_fish",),
    "EZH2": (("ngs_tissue", "ffpe_lymph"),),
    "AKT1": ("ngs_tissue", "ngs_liquid"),
    "PTEN": ("ngs_tissue", "ihc"),
    "FGFR3": ("ngs_tissue_rna",),
    "PDGFRA": ("ngs_tissue",),
    "KARYOTYPE": ("marrow_cytogenetics",),
    "MR_GENES": ("ngs_marrow",),
    "BCR_ABL1": ("qpcr_mrd", "marrow_cytogenetics"),
    "ABL1_KD": (("ngs_marrow", "blood_edta"),),
    "MRD": ("qpcr_mrd", "flow_mrd"),
    "HLA": ("hla_typing",),
    "T14_20": ("plasma_cell_fish",),
    "DEL1P": ("plasma_cell_fish",),
    "COO": (("ihc", "ffpe_lymph"),),
    "MYD88": (("ngs_marrow", "marrow"),),
    "IGHV": (("ngs_marrow", "blood_edta"),),
    "CD22": (("ihc", "marrow"),),
    "SF3B1": ("ngs_marrow",),
    "GERMLINE": ("germline",),
    "REBIOPSY": ("rebiopsy", "ngs_liquid"),
    "AGNOSTIC": ("ngs_tmb", "ngs_tissue_rna"),
    "DPYD": ("dpyd_first_dose",),
    "UGT1A1": ("ugt1a1_first_dose",),
    "HLA_A2": ("hla_typing",),
    "EBV_DNA": ("blood_test",),
    "HPV": ("ihc",),
    "MGMT": ("methylation",),
    "CODEL_1P19Q": ("ish", "ngs_tissue"),
    "SSTR": ("sstr_pet",),
    "KI67": ("ihc",),
    "AFP": ("blood_test",),
}

# (cancer type, marker) -> methods, when the cancer changes the test or the specimen.
CANCER_OVERRIDES = {
    # In lung cancer HER2 means ERBB2 mutation first, overexpression second.
    ("nsclc", "HER2"): ("ngs_tissue_rna", "ihc"),
    ("aml", "IDH1"): ("ngs_marrow",),
    ("aml", "TP53"): ("ngs_marrow",),
    # FISH finds del(17p), not a TP53 mutation: the mutation needs sequencing (IMWG 2025, Avet-Loiseau H et al.,
    # J Clin Oncol 2025); a myeloid panel (FLT3, NPM1) is the wrong panel for myeloma.
    ("myeloma", "TP53"): ("ngs_myeloma",),
    # ESGO/ESTRO/ESP: p53 IHC is the accepted surrogate for TP53 mutation.
    ("endometrial", "TP53"): ("ihc",),
    ("lymphoma", "PDL1"): (("ihc_pdl1", "ffpe_lymph"),),
    ("lymphoma", "TP53"): (("ngs_tissue", "ffpe_lymph"),),
    ("lymphoma", "ALK"): (("ihc", "ffpe_lymph"),),
    ("cll", "DEL17P"): (("marrow_cytogenetics", "blood_edta"),),
    ("cll", "TP53"): (("ngs_marrow", "blood_edta"),),
    ("mds", "TP53"): ("ngs_marrow",),
    ("mds", "IDH1"): ("ngs_marrow",),
    ("all", "KMT2A"): ("marrow_cytogenetics",),
    ("all", "MRD"): ("flow_mrd", "qpcr_mrd"),
    ("glioma", "IDH1"): ("ihc", "ngs_tissue"),
}

# (cancer type, marker) -> methods for resistance testing after progression on a targeted drug: every test on the
# new biopsy (an archived pre-treatment block cannot show acquired resistance). MET amplification and overexpression,
# which select the EGFR + MET combinations, are read by FISH and IHC, which NGS alone does not replace (SAVANNAH:
# MET IHC 3+ in 90 per cent or more of cells and/or FISH 10 or more copies; Ahn M-J et al., ELCC 2025; NCCN NSCLC
# 2025).
# (cancer type, marker, gap reason) -> methods, when the reason for the gap changes the test.
REASON_OVERRIDES = {
    ("nsclc", "MET", "resistance"): (("ngs_tissue_rna", "new_biopsy"), "met_fish", "met_ihc", "ngs_liquid"),
    ("nsclc", "HER2", "resistance"): (
        ("ihc", "new_biopsy_tissue"),
        ("ish", "new_biopsy_tissue"),
        ("ngs_tissue_rna", "new_biopsy"),
    ),
    # MSI-high bowel cancer with loss of MLH1, BRAF V600E negative: MLH1 promoter methylation on the tumour block,
    # then germline testing if unmethylated (NCCN Genetic/Familial High-Risk Assessment: Colorectal, Endometrial and
    # Gastric 2024).
    ("colorectal", "GERMLINE", "lynch_screen"): ("mlh1_methylation", "germline"),
    # FLT3 negative by NGS only: the PCR that settles FLT3-ITD (Diagn Pathol 2022; ELN 2022 risk).
    ("aml", "FLT3", "flt3_itd_pcr"): ("flt3_pcr",),
}

# Marker -> the test that settles an equivocal result (ASCO/CAP HER2: IHC 2+ goes to ISH).
CONFIRMATORY = {"HER2": ("ish",)}

REPORT_WHEN_READY = gettext_noop("No new specimen: please send the full report as soon as the result is ready")
