"""When a biomarker is still a gap, and why: data only, each entry with its source and year.

- NEEDS: what an assay must be able to see for a negative to count (scopes from
  biomarkers.codes.SCOPES; any one of the alternatives is enough).
- CTDNA_NEGATIVE_COUNTS: markers for which a negative plasma test settles the question.
- RAS_EXONS: the exons an extended RAS test covers in colorectal cancer.
- NSCLC_DRIVERS / IO_POOR_DRIVERS: mutually exclusive oncogenic drivers in lung cancer.
- RESISTANCE: what to test after progression on a targeted drug class.
- RETEST_AT_PROGRESSION: markers an earlier negative no longer settles after progression.
"""

from ..i18n import gettext_noop

_ = gettext_noop

_FUSIONS = (("fusions",),)
NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    # IASLC/CAP/AMP 2018; ESMO NGS recommendations 2024 (Mosele F et al.): PCR hotspot kits miss many EGFR exon 20
    # insertions; DNA-only panels miss many fusions and MET exon 14 skipping.
    "EGFR": (("hotspots", "insertions"),),
    "ALK": (("fusions",), ("protein",)),  # ALK IHC (D5F3) is a validated stand-alone test
    "ROS1": (("fusions",), ("protein",)),
    "RET": _FUSIONS,
    "NTRK": _FUSIONS,
    "NRG1": _FUSIONS,
    "FGFR2": _FUSIONS,
    "FGFR3": (("hotspots", "fusions"),),
    "MET": (("splice",),),
    "KRAS": (("hotspots",),),
    "NRAS": (("hotspots",),),
    "BRAF": (("hotspots",),),
    "PIK3CA": (("hotspots",),),
    "AKT1": (("hotspots",),),
    "ESR1": (("hotspots",),),
    "PTEN": (("mutations",), ("protein",)),
    "BRCA": (("mutations",),),  # a founder-mutation PCR kit does not rule out BRCA1/2
    "HRR": (("mutations",),),
    "IDH1": (("hotspots",), ("protein",)),
    "KIT": (("mutations",),),
    "PDGFRA": (("mutations",),),
}
# Cancer-specific needs: in lung cancer "HER2" means an ERBB2 mutation (mostly exon 20 insertions).
NEEDS_BY_CANCER: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {
    ("nsclc", "HER2"): (("insertions",),),
    ("breast", "HER2"): (("protein",), ("copy_number",)),
    ("gastric_oesophageal", "HER2"): (("protein",), ("copy_number",)),
    ("colorectal", "HER2"): (("protein",), ("copy_number",)),
}
# IASLC consensus on liquid biopsy 2021 (Rolfo C et al.): a negative plasma test needs tissue testing.
# ESR1 is the exception: plasma ctDNA is the preferred test (FDA 2023/2025 companion diagnostics).
CTDNA_NEGATIVE_COUNTS = frozenset({"ESR1"})
# ESMO mCRC 2023; NCCN Colon 2025: extended RAS = KRAS and NRAS exons 2, 3 and 4.
RAS_EXONS = frozenset({2, 3, 4})

# ESMO oncogene-addicted mNSCLC 2023: drivers are nearly always mutually exclusive.
NSCLC_DRIVERS = ("EGFR", "ALK", "ROS1", "RET", "MET", "BRAF", "KRAS", "NTRK", "NRG1", "HER2")
# Classes that make a marker a driver (a MET amplification or HER2 IHC score is not one).
DRIVER_CLASSES: dict[str, tuple[str, ...]] = {
    "MET": ("ex14", "fusion"),
    "HER2": ("mutation",),
    "BRAF": ("V600E", "V600_other", "non_V600", "fusion"),
    "EGFR": ("ex19del", "L858R", "ex20ins", "uncommon", "T790M", "C797S"),
}
# NCCN NSCLC 2025; ESMO 2023: immunotherapy works poorly with these drivers.
IO_POOR_DRIVERS = ("EGFR", "ALK", "ROS1", "RET")

_EGFR_SRC = "NCCN NSCLC 2025; ESMO oncogene-addicted mNSCLC 2023; IASLC liquid biopsy 2021"
# drug class progressed on -> (marker, why this test now, source, specimen hint, result classes that answer it)
RESISTANCE: dict[str, tuple[tuple[str, str, str, str, tuple[str, ...]], ...]] = {
    "egfr_tki": (
        (
            "REBIOPSY",
            _(
                "progression on an EGFR inhibitor: biopsy a growing lesion to look for transformation to small-cell "
                "carcinoma and for resistance (plasma ctDNA if a biopsy is not possible)"
            ),
            _EGFR_SRC,
            "rebiopsy",
            (),
        ),
        (
            "MET",
            # The commonest *off-target* (EGFR-independent) mechanism, not the commonest overall: after second-line
            # osimertinib, loss of T790M and EGFR C797S are as frequent (Leonetti A et al., Br J Cancer 2019;
            # Schmid S et al., Lung Cancer 2020: "MET amplification is the most frequent off-target mechanism").
            _(
                "MET amplification is the commonest off-target resistance after osimertinib: combined EGFR and MET "
                "inhibition"
            ),
            _EGFR_SRC,
            "rebiopsy",
            ("amplification", "overexpression"),
        ),
        (
            "HER2",
            _("HER2 amplification can cause resistance after an EGFR inhibitor"),
            _EGFR_SRC,
            "rebiopsy",
            ("amplification", "ish_amplified", "ihc_3plus"),
        ),
        (
            "EGFR",
            _("EGFR resistance mutations: T790M after gefitinib, erlotinib or afatinib; C797S after osimertinib"),
            _EGFR_SRC,
            "plasma",
            ("T790M", "C797S"),
        ),
    ),
    "alk_tki": (
        (
            "ALK",
            _("ALK resistance mutations decide the next ALK inhibitor (lorlatinib after a second-generation one)"),
            "NCCN NSCLC 2025; ESMO 2023",
            "plasma",
            ("mutation",),
        ),
        (
            "REBIOPSY",
            _(
                "progression on an ALK inhibitor: biopsy a growing lesion (small-cell transformation, MET amplification)"
            ),
            "NCCN NSCLC 2025; ESMO 2023",
            "rebiopsy",
            (),
        ),
    ),
    "bcr_abl_tki": (
        (
            "ABL1_KD",
            _(
                "loss of response to a tyrosine kinase inhibitor: ABL1 kinase domain mutation testing chooses the next one"
            ),
            "ELN CML 2020",
            "",
            (),
        ),
    ),
}

# A pharmacogenetic test the panel asks for "before" a medicine the patient has already had. The gap stays open only
# when that medicine was stopped for side effects (engine R_TOLERATED otherwise), so the question is the next dose.
# marker -> (drug class given, why the test matters now). UGT1A1: poor metabolisers (*28/*28, *6/*6, *6/*28) start at
# 70 per cent of the normal dose (DPWG 2022, Hulshof EC et al., Eur J Hum Genet 2023); the FDA irinotecan label
# (reduced UGT1A1 activity, 2022): a starting dose at least one level lower for UGT1A1*28 homozygous patients.
# DPYD: EMA 2020 (partial DPD deficiency: a reduced starting dose; complete deficiency: no fluorouracil, capecitabine
# or tegafur); CPIC 2017 update (Amstutz U et al., Clin Pharmacol Ther 2018): intermediate metabolisers start at 50 per
# cent, poor metabolisers avoid fluoropyrimidines.
AFTER_GIVEN_WHY = {
    "DPYD": (
        "fluoropyrimidine",
        _(
            "DPD deficiency testing after side effects on a fluoropyrimidine: if fluorouracil or capecitabine is to be "
            "given again, reduced DPD activity calls for a lower dose, and complete deficiency rules them out"
        ),
    ),
    "UGT1A1": (
        "irinotecan",
        _(
            "UGT1A1 genotype after side effects on irinotecan: if it is to be given again, a poor-metaboliser genotype "
            "(such as *28/*28) calls for a lower dose"
        ),
    ),
}

# (cancer, marker) -> (drug classes whose progression re-opens the question, why, source)
RETEST_AT_PROGRESSION: dict[tuple[str, str], tuple[tuple[str, ...], str, str]] = {
    ("breast", "ESR1"): (
        ("endocrine",),
        _(
            "ESR1 mutations arise during endocrine therapy: re-test by ctDNA at each progression (elacestrant or "
            "imlunestrant)"
        ),
        "NCCN Breast 2025; ESMO mBC 2024; FDA 2023/2025",
    ),
}

# Templates of the gap reasons (GAP_REASONS codes), filled with the panel's cancer-specific "why".
GAP_TEXT = {
    "assay_blind": _("negative on a test that could not see %(what)s: not really tested (%(why)s)"),
    "ctdna_negative": _(
        "negative in blood (ctDNA) only: a negative blood test does not rule it out; test tissue (%(why)s)"
    ),
    # Names the gene whose record it is: a KRAS codon 12/13 test says nothing of NRAS (review 2026-11-30, C4K).
    "exons_limited": _(
        "only %(gene)s exon %(exons)s tested: exons 2, 3 and 4 of both KRAS and NRAS are needed before anti-EGFR "
        "treatment"
    ),
    "her2_score_missing": _(
        "reported as HER2-negative without the IHC score: IHC 1+ or 2+ without amplification (HER2-low), or "
        "ultralow, opens trastuzumab deruxtecan; ask for the score"
    ),
    "retest_at_progression": _("the last negative was before the cancer grew: %(why)s"),
    "failed": _("the test failed or there was not enough tissue (%(why)s)"),
    # %(msi)s: the patient's own result as found, dMMR by IHC or MSI-high by PCR/NGS (biomarkers.mmr).
    "msi_lynch": _(
        "%(msi)s: germline testing for Lynch syndrome, unless MLH1 promoter methylation (or BRAF V600E in "
        "bowel cancer) shows that it is sporadic"
    ),
    # NCCN Genetic/Familial High-Risk Assessment 2024: a BRAF V600E negative bowel cancer with MLH1 loss goes on to
    # MLH1 promoter methylation, or straight to germline testing; BRAF is no longer the next step.
    "msi_lynch_braf_negative": _(
        "%(msi)s, BRAF V600E already negative: next, MLH1 promoter methylation testing if MLH1 staining is "
        "lost, or germline testing for Lynch syndrome directly"
    ),
    # NICE DG27 2017 (colorectal), DG42 2020 (endometrial): loss of MSH2, MSH6 or isolated PMS2 staining goes straight
    # to germline testing; BRAF V600E and MLH1 methylation explain only a loss of MLH1 (biomarkers.mmr.protein_loss).
    "msi_lynch_not_mlh1": _(
        "%(msi)s: germline testing for Lynch syndrome, as MSH2/MSH6 (or PMS2 alone) staining is lost; neither BRAF "
        "V600E nor MLH1 promoter methylation explains this loss"
    ),
    # NICE DG27 2017, DG42 2020: a loss of MLH1 whose promoter is not hypermethylated goes to germline testing.
    "msi_lynch_unmethylated": _(
        "%(msi)s: germline testing for Lynch syndrome, as the MLH1 promoter is not methylated (no sporadic cause found)"
    ),
    "msi_sporadic_check": _(
        "loss of MLH1/PMS2: BRAF V600E or MLH1 promoter methylation testing tells sporadic MSI from Lynch syndrome"
    ),
    "germline_confirm": _(
        "a BRCA1/2 or other HRR variant was found in the tumour: a germline test decides the treatment and the "
        "family consequences"
    ),
    "germline_breast_parp": _(
        "germline BRCA1/2 and PALB2 testing: PARP inhibitors for HER2-negative disease, and family testing"
    ),
    "germline_breast_risk": _(
        "germline BRCA1/2 testing is offered to everyone diagnosed at 65 or younger: it matters for the family and "
        "future risk, not for this cancer's treatment"
    ),
    "flt3_itd_pcr": _(
        "FLT3 was negative on an NGS panel only, which can miss an internal tandem duplication: confirm FLT3-ITD by "
        "PCR fragment analysis; with NPM1, a FLT3-ITD changes the risk group from favourable to intermediate"
    ),
    "myeloma_diagnostic": _(
        "risk is defined on the marrow at diagnosis: ask first for the diagnostic FISH report; after treatment a "
        "fresh marrow has too few plasma cells to test; %(why)s"
    ),
    "aml_diagnostic_sample": _(
        "in remission: test the stored diagnostic sample (marrow or blood from diagnosis), not fresh marrow; %(why)s"
    ),
    "aml_mrd_npm1": _(
        "NPM1 MRD by quantitative PCR (blood after 2 cycles, marrow at the end of treatment) decides whether a "
        "transplant is needed in first remission"
    ),
    "aml_mrd_cbf": _("CBF fusion MRD by quantitative PCR guides further treatment and the transplant decision"),
    "aml_mrd_flow": _("MRD by flow cytometry after induction and consolidation guides the transplant decision"),
    "aml_hla": _("HLA typing of the patient and siblings now, so a donor is ready if a transplant is advised"),
    "aml_karyotype": _(
        "karyotype (or FISH) from diagnosis is needed for the ELN 2022 risk group: an adverse karyotype overrides a "
        "favourable mutation"
    ),
    "safety": _("a safety test before %(why)s"),
    "panel_recommendation": _(
        "Several markers are still missing: one comprehensive DNA and RNA NGS panel on the tumour block (with "
        "TMB and MSI), plus the IHC stains listed, answers them together and spares tissue; single-gene tests one "
        "after another use up the sample."
    ),
}
GAP_TEXT["panel_recommendation_rebiopsy"] = _(
    "Resistance testing after progression: one comprehensive DNA and RNA NGS panel on a new biopsy of a growing "
    "lesion (with histology), or on plasma ctDNA when a biopsy is not possible, answers these together."
)
PANEL_RECOMMENDATION_SOURCE = "ESMO NGS recommendations 2024 (Mosele F et al., Ann Oncol 2024)"
# The IASLC/CAP/AMP 2018 molecular testing guideline is for lung cancer only: cited for NSCLC, not elsewhere.
PANEL_RECOMMENDATION_SOURCES = {"nsclc": PANEL_RECOMMENDATION_SOURCE + "; IASLC/CAP/AMP 2018"}
# Methods (data/lab_requests.py) one comprehensive tissue panel answers.
PANEL_METHODS = frozenset({"ngs_tissue", "ngs_tissue_rna", "ngs_tmb"})
PANEL_RECOMMENDATION_MIN_GAPS = 3

# --- tissue-agnostic markers: shown only where they add something, and once ------------------------------------------
# JSCO/JSMO NTRK guideline 2020 (Naito Y et al., Int J Clin Oncol 2020, CQ1-1): NTRK fusion testing is not
# recommended when the cancer carries an alteration mutually exclusive with NTRK fusions; the same holds for RET
# fusions and BRAF V600E, which are kinase drivers of the same pathway (ESMO NGS recommendations 2024). These
# confirmed results (marker -> alteration classes, () = any positive result) make the tissue-agnostic kinase
# markers no gap.
AGNOSTIC_KINASE_MARKERS = frozenset({"NTRK", "RET", "BRAF"})
EXCLUSIVE_DRIVERS: dict[str, tuple[str, ...]] = {
    "EGFR": ("ex19del", "L858R", "ex20ins", "uncommon"),
    "ALK": (),
    "ROS1": (),
    "KRAS": (),
    "NRAS": (),
    "BRAF": ("V600E", "V600_other"),
    "MET": ("ex14",),
    "HER2": ("ihc_3plus", "ish_amplified", "amplification", "mutation"),
    "KIT": (),
    "PDGFRA": (),
    "FGFR2": ("fusion",),
    "FGFR3": (),
    "RET": (),
    "NTRK": (),
}
AGNOSTIC_EXCLUSION_SOURCE = "JSCO/JSMO NTRK guideline 2020 (Naito Y et al., Int J Clin Oncol 2020); ESMO NGS 2024"
# The remaining agnostic-only gaps of a case are shown as one row (marker code AGNOSTIC): one comprehensive DNA+RNA
# panel with MSI and TMB answers them all (ESMO NGS recommendations 2024).
AGNOSTIC_GROUP = "AGNOSTIC"
GAP_TEXT["agnostic_group"] = _(
    "tissue-agnostic markers not yet known here: %(markers)s. One comprehensive DNA and RNA panel that reports MSI "
    "and TMB answers them together; each opens a medicine approved for any solid tumour."
)
AGNOSTIC_GROUP_SOURCE = (
    "ESMO NGS recommendations 2024 (Mosele F et al., Ann Oncol 2024); FDA tissue-agnostic approvals 2017-2024"
)
