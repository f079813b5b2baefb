"""Coded values of a biomarker result record: data only, code -> translatable label.

The Django layer stores the codes and shows the labels (gettext at display
time). Sources for the coded classes: IASLC/CAP/AMP molecular testing
guideline for lung cancer (Lindeman NI et al., 2018); ASCO/CAP HER2 testing
guideline update (Wolff AC et al., 2023) and the ESMO expert consensus on
HER2-low/ultralow (Tarantino P et al., Ann Oncol 2023); ESMO recommendations
on NGS (Mosele F et al., Ann Oncol 2024); ELN 2022 (Döhner H et al., Blood
2022); IMWG (Kumar SK et al., 2025 high-risk consensus).
"""

from ..i18n import gettext_noop

# What the test found. "not_tested" and "unknown" are answers a patient can give.
RESULTS = {
    "detected": gettext_noop("Detected (positive)"),
    "not_detected": gettext_noop("Not detected (negative)"),
    "equivocal": gettext_noop("Equivocal (borderline)"),
    "pending": gettext_noop("Result pending"),
    "failed": gettext_noop("Test failed"),
    "insufficient": gettext_noop("Not enough tissue or DNA"),
    "not_tested": gettext_noop("Not tested"),
    "unknown": gettext_noop("Not known"),
}

# The status codes stored before result records (cases.clinical.codes.BIOMARKER_STATUSES) map onto RESULTS.
LEGACY_STATUS_TO_RESULT = {
    "positive": "detected",
    "negative": "not_detected",
    "equivocal": "equivocal",
    "pending": "pending",
    "not_tested": "not_tested",
    "unknown": "unknown",
}
# And back, for screens that still show the six-state status.
RESULT_TO_LEGACY_STATUS = {
    "detected": "positive",
    "not_detected": "negative",
    "equivocal": "equivocal",
    "pending": "pending",
    "failed": "not_tested",
    "insufficient": "not_tested",
    "not_tested": "not_tested",
    "unknown": "unknown",
}

ORIGINS = {
    "somatic": gettext_noop("Tumour only (somatic)"),
    "germline": gettext_noop("Inherited (germline)"),
    "unknown": gettext_noop("Not known whether inherited"),
}

SPECIMENS = {
    "tissue_primary": gettext_noop("Tissue from the primary tumour"),
    "tissue_metastasis": gettext_noop("Tissue from a metastasis"),
    "tissue_unspecified": gettext_noop("Tumour tissue (site not stated)"),
    "cytology": gettext_noop("Cytology (fluid or fine-needle aspirate)"),
    "plasma": gettext_noop("Blood plasma (circulating tumour DNA)"),
    "blood": gettext_noop("Blood (cells or germline DNA)"),
    "saliva": gettext_noop("Saliva (germline DNA)"),
    "marrow": gettext_noop("Bone marrow"),
    "csf": gettext_noop("Cerebrospinal fluid"),
    "imaging": gettext_noop("A scan (no specimen)"),
    "unknown": gettext_noop("Not known"),
}

ASSAYS = {
    "ihc": gettext_noop("Immunohistochemistry (IHC)"),
    "fish": gettext_noop("FISH / ISH"),
    "pcr_hotspot": gettext_noop("PCR hotspot test (selected mutations only)"),
    "rt_pcr": gettext_noop("RT-PCR for fusions"),
    "sanger": gettext_noop("Sanger sequencing"),
    "dna_ngs": gettext_noop("Tissue NGS panel, DNA only"),
    "dna_rna_ngs": gettext_noop("Tissue NGS panel, DNA and RNA"),
    "rna_ngs": gettext_noop("RNA NGS (fusion panel)"),
    "ngs_unspecified": gettext_noop("Tissue NGS panel (DNA or RNA not stated)"),
    "ctdna_ngs": gettext_noop("Liquid biopsy NGS (ctDNA)"),
    "germline_panel": gettext_noop("Germline (inherited) gene panel"),
    "msi_pcr": gettext_noop("MSI by PCR"),
    "karyotype": gettext_noop("Karyotype (chromosome analysis)"),
    "flow": gettext_noop("Flow cytometry"),
    "qpcr_mrd": gettext_noop("Quantitative PCR (measurable residual disease)"),
    "methylation": gettext_noop("Methylation test (such as MGMT)"),
    "pet": gettext_noop("PET scan (PSMA or somatostatin receptor)"),
    "serology": gettext_noop("Blood test (serology, EBV DNA or HLA typing)"),
    "other": gettext_noop("Other"),
    "unknown": gettext_noop("Not known"),
}

# The assay codes stored before result records (cases.clinical.codes.BIOMARKER_METHODS).
LEGACY_METHOD_TO_ASSAY = {
    "ihc": "ihc",
    "fish": "fish",
    "pcr": "pcr_hotspot",  # a "PCR" result is read as a hotspot kit unless the record says more
    "tissue_ngs": "ngs_unspecified",
    "liquid_ngs": "ctdna_ngs",
    "other": "other",
}

# What an assay can see. A negative counts only for alterations within the assay's scope.
SCOPES = {
    "mutations": gettext_noop("point mutations and small insertions/deletions"),
    "hotspots": gettext_noop("selected hotspot mutations only"),
    "insertions": gettext_noop("larger insertions (such as EGFR or ERBB2 exon 20 insertions)"),
    "splice": gettext_noop("splice-site changes (such as MET exon 14 skipping)"),
    "fusions": gettext_noop("gene fusions"),
    "copy_number": gettext_noop("copy-number changes (amplification, deletion)"),
    "protein": gettext_noop("protein expression"),
    "msi": gettext_noop("microsatellite instability"),
    "tmb": gettext_noop("tumour mutational burden"),
    "karyotype": gettext_noop("chromosome changes"),
    "imaging": gettext_noop("target on a scan"),
    "histology": gettext_noop("the kind of cancer under the microscope"),
}

# The default scope of each assay; a record can override it (BiomarkerResult.scope).
# DNA-only panels miss many fusions and MET exon 14 skipping (ESMO NGS 2024; IASLC/CAP/AMP 2018);
# PCR hotspot kits miss many EGFR exon 20 insertions (Bauml JM et al., JTO Clin Res Rep 2021).
ASSAY_SCOPE: dict[str, tuple[str, ...]] = {
    "ihc": ("protein",),
    "fish": ("fusions", "copy_number"),
    "pcr_hotspot": ("hotspots",),
    "rt_pcr": ("fusions",),
    "sanger": ("mutations",),
    "dna_ngs": ("mutations", "insertions", "copy_number", "msi", "tmb"),
    "dna_rna_ngs": ("mutations", "insertions", "splice", "fusions", "copy_number", "msi", "tmb"),
    "rna_ngs": ("fusions", "splice"),
    "ngs_unspecified": ("mutations", "insertions", "copy_number"),
    "ctdna_ngs": ("mutations", "insertions", "copy_number", "fusions", "splice"),
    "germline_panel": ("mutations", "insertions", "copy_number"),
    "msi_pcr": ("msi",),
    "karyotype": ("karyotype",),
    "flow": ("protein",),
    "qpcr_mrd": ("hotspots", "fusions"),
    "methylation": ("mutations",),
    "pet": ("imaging",),
    "serology": ("protein",),
    "other": (),
    "unknown": (),
}

# PD-L1 scoring systems and the common clones (Blueprint PD-L1 IHC project; each drug's companion test).
PDL1_SCORING = {
    "TPS": gettext_noop("Tumour proportion score (TPS)"),
    "CPS": gettext_noop("Combined positive score (CPS)"),
    "IC": gettext_noop("Immune-cell score (IC)"),
    "TC": gettext_noop("Tumour-cell score (TC)"),
}
PDL1_CLONES = {
    "22C3": "22C3",
    "28-8": "28-8",
    "SP263": "SP263",
    "SP142": "SP142",
    "73-10": "73-10",
    "E1L3N": "E1L3N",
    "other": gettext_noop("Other clone"),
}

ISH_RESULTS = {
    "positive": gettext_noop("ISH positive (amplified)"),
    "negative": gettext_noop("ISH negative (not amplified)"),
    "equivocal": gettext_noop("ISH equivocal"),
    "pending": gettext_noop("ISH pending"),
}
