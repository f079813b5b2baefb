"""Biomarkers read in context: one row per clinical scenario, each expectation from the guideline named beside it.

A row gives the cancer, the results on record and the treatment history, and
what a tumour board expects: what is actionable now (marker and a drug that
must be named), what is ruled out, which markers are gaps and why (the
GAP_REASONS code), which must not be gaps, and words that must not appear
anywhere in what the rules say about this case.
"""

from dataclasses import dataclass, field
from datetime import date

import pytest

from cases.clinical.biomarkers import BiomarkerResult, interpret
from cases.clinical.lab_requests import requests_for
from cases.clinical.snapshot import CaseSnapshot, TreatmentLineInfo

TODAY = date(2026, 11, 30)


def R(marker, result, *classes, **kw):  # noqa: N802 - reads like a result row
    return BiomarkerResult(marker, result, alterations=tuple(classes), **kw)


def line(regimen, start, end=None, response="", stop="", ongoing=False):
    return TreatmentLineInfo(regimen, start, end, response, stop, ongoing)


NGS = {"assay": "dna_rna_ngs"}
PROGRESSED_ON_OSIMERTINIB = (line("Osimertinib 80 mg", date(2025, 1, 1), date(2026, 9, 1), "PR", "progression"),)
PROGRESSED_ON_GEFITINIB = (line("Gefitinib", date(2024, 1, 1), date(2025, 6, 1), "PR", "progression"),)
PROGRESSED_ON_AI_CDK = (line("Letrozole + palbociclib", date(2024, 2, 1), date(2026, 6, 1), "SD", "progression"),)
NSCLC_NEG = tuple(
    R(m, "negative", **NGS) for m in ("EGFR", "ALK", "ROS1", "KRAS", "BRAF", "MET", "RET", "NTRK", "NRG1")
)


@dataclass
class S:
    name: str
    cancer: str
    subtype: str = ""
    results: tuple = ()
    lines: tuple = ()
    opens: tuple = ()  # (marker, words) an actionable statement must contain
    rules_out: tuple = ()  # (marker, words) a rules-out statement must contain
    other: tuple = ()  # (kind, marker, words) for prognosis, germline, resistance, note
    gaps: dict = field(default_factory=dict)  # marker -> GAP_REASONS code
    no_gaps: tuple = ()
    never: tuple = ()  # words that must not appear in any statement
    no_actionable: tuple = ()  # markers with no actionable statement
    panel: bool | None = None  # one comprehensive panel recommended?
    extra: dict = field(default_factory=dict)  # more CaseSnapshot fields
    agnostic: tuple = ()  # markers the one tissue-agnostic row (AGNOSTIC) must name
    agnostic_absent: tuple = ()  # markers it must not name


SCENARIOS = [
    # --- NSCLC (NCCN NSCLC 2025; ESMO oncogene-addicted mNSCLC 2023) ---------------------------------------------
    S(
        "nsclc-egfr-ex19-first-line",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "positive", "ex19del", **NGS),),
        opens=(("EGFR", "osimertinib"),),
        no_gaps=("ALK", "ROS1", "RET", "KRAS", "MET", "NTRK", "PDL1", "TMB"),
    ),
    S(
        "nsclc-egfr-ex20ins-is-amivantamab-not-osimertinib",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "positive", "ex20ins", **NGS),),
        opens=(("EGFR", "amivantamab"),),
        rules_out=(("EGFR", "osimertinib"),),
        never=("first-line osimertinib",),
    ),
    S(
        "nsclc-egfr-pdl1-high-is-no-reason-for-immunotherapy",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "positive", "L858R", **NGS), R("PDL1", "positive", score=80, scoring="TPS", clone="22C3")),
        rules_out=(("PDL1", "not a reason for immunotherapy"),),
        no_actionable=("PDL1",),
        no_gaps=("PDL1",),
    ),
    S(
        "nsclc-progression-on-osimertinib-asks-for-resistance-testing-not-ros1",
        "nsclc",
        "adenocarcinoma",
        (
            R("EGFR", "positive", "ex19del", assay="dna_ngs", reported_on=date(2024, 12, 1)),
            R("ALK", "negative", assay="ihc"),
            R("ROS1", "not_tested"),
            R("RET", "not_tested"),
        ),
        PROGRESSED_ON_OSIMERTINIB,
        other=(("resistance", "EGFR", "amivantamab"),),
        gaps={"REBIOPSY": "resistance", "MET": "resistance", "HER2": "resistance", "EGFR": "resistance"},
        no_gaps=("ROS1", "RET", "KRAS", "NTRK", "NRG1", "BRAF", "PDL1", "TMB", "MSI"),
        panel=True,
    ),
    S(
        "nsclc-met-amplification-after-osimertinib-explains-resistance",
        "nsclc",
        "adenocarcinoma",
        (
            R("EGFR", "positive", "ex19del", **NGS),
            R("MET", "positive", "amplification", assay="ctdna_ngs", collected_on=date(2026, 10, 1)),
        ),
        PROGRESSED_ON_OSIMERTINIB,
        other=(("resistance", "MET", "combined EGFR and MET"),),
        no_gaps=("MET",),
    ),
    S(
        "nsclc-progression-on-gefitinib-asks-for-t790m",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "positive", "L858R", **NGS),),
        PROGRESSED_ON_GEFITINIB,
        gaps={"EGFR": "resistance"},
    ),
    S(
        "nsclc-t790m-after-gefitinib-opens-osimertinib",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "positive", "L858R", "T790M", assay="ctdna_ngs", collected_on=date(2025, 7, 1)),),
        PROGRESSED_ON_GEFITINIB,
        other=(("resistance", "EGFR", "osimertinib is the next treatment"),),
        no_gaps=("EGFR",),
    ),
    S(
        "nsclc-c797s-after-osimertinib",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "positive", "ex19del", "C797S", assay="ctdna_ngs", collected_on=date(2026, 10, 1)),),
        PROGRESSED_ON_OSIMERTINIB,
        other=(("resistance", "EGFR", "C797S explains resistance"),),
    ),
    S(
        "nsclc-egfr-negative-on-pcr-hotspot-kit-is-not-settled",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "negative", assay="pcr_hotspot"),),
        gaps={"EGFR": "assay_blind"},
    ),
    S(
        "nsclc-egfr-negative-on-dna-rna-ngs-is-settled",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "negative", **NGS),),
        no_gaps=("EGFR",),
    ),
    S(
        "nsclc-fusions-negative-on-dna-only-ngs-are-not-settled",
        "nsclc",
        "adenocarcinoma",
        (
            R("EGFR", "negative", assay="dna_ngs"),
            R("ALK", "negative", assay="dna_ngs"),
            R("ROS1", "negative", assay="dna_ngs"),
            R("RET", "negative", assay="dna_ngs"),
            R("MET", "negative", assay="dna_ngs"),
        ),
        gaps={"ALK": "assay_blind", "ROS1": "assay_blind", "RET": "assay_blind", "MET": "assay_blind"},
        no_gaps=("EGFR",),
    ),
    S(
        "nsclc-alk-ihc-negative-is-settled",
        "nsclc",
        "adenocarcinoma",
        (R("ALK", "negative", assay="ihc"),),
        no_gaps=("ALK",),
    ),
    # Review item 9 (Z8H): the ALK reason against immunotherapy is liver toxicity with crizotinib (CheckMate 370),
    # not the EGFR one (pneumonitis before osimertinib).
    S(
        "nsclc-alk-pdl1-high-names-liver-toxicity-not-osimertinib",
        "nsclc",
        "adenocarcinoma",
        (R("ALK", "positive", "fusion"), R("PDL1", "positive", score=60)),
        rules_out=(("PDL1", "crizotinib they caused severe liver damage"),),
        never=("osimertinib", "pneumonitis"),
    ),
    S(
        "nsclc-ret-pdl1-high-names-the-targeted-drug-first",
        "nsclc",
        "adenocarcinoma",
        (R("RET", "positive", "fusion"), R("PDL1", "positive", score=60)),
        rules_out=(("PDL1", "the targeted drug for the driver comes first"),),
        never=("osimertinib",),
    ),
    S(
        "nsclc-alk-fusion-first-line",
        "nsclc",
        "adenocarcinoma",
        (R("ALK", "positive", "fusion", fusion_partner="EML4"),),
        opens=(("ALK", "alectinib"),),
        no_gaps=("EGFR", "PDL1", "ROS1"),
    ),
    S(
        "nsclc-progression-on-alectinib",
        "nsclc",
        "adenocarcinoma",
        (R("ALK", "positive", "fusion", reported_on=date(2024, 1, 1)),),
        (line("Alectinib", date(2024, 2, 1), date(2026, 8, 1), "PR", "progression"),),
        gaps={"ALK": "resistance", "REBIOPSY": "resistance"},
        other=(("resistance", "ALK", "lorlatinib"),),
    ),
    S(
        "nsclc-kras-g12c",
        "nsclc",
        "adenocarcinoma",
        (R("KRAS", "positive", "G12C", **NGS),),
        opens=(("KRAS", "sotorasib"),),
        gaps={"PDL1": "unknown"},
        no_gaps=("EGFR", "ALK"),
    ),
    S(
        "nsclc-kras-g12d-is-not-a-g12c-target",
        "nsclc",
        "adenocarcinoma",
        (R("KRAS", "positive", "G12D", **NGS),),
        rules_out=(("KRAS", "not G12C"),),
        no_actionable=("KRAS",),
    ),
    S(
        "nsclc-erbb2-mutation-is-not-trastuzumab",
        "nsclc",
        "adenocarcinoma",
        (R("HER2", "positive", "mutation", **NGS),),
        opens=(("HER2", "trastuzumab deruxtecan"), ("HER2", "zongertinib")),
        never=("trastuzumab or",),
    ),
    S(
        "nsclc-her2-ihc-negative-does-not-rule-out-erbb2-mutation",
        "nsclc",
        "adenocarcinoma",
        (R("HER2", "negative", "ihc_0", assay="ihc"),),
        gaps={"HER2": "assay_blind"},
    ),
    S(
        "nsclc-met-exon14",
        "nsclc",
        "adenocarcinoma",
        (R("MET", "positive", "ex14", **NGS),),
        opens=(("MET", "capmatinib"),),
    ),
    S(
        "nsclc-met-amplification-without-egfr-is-not-an-approved-met-tki-use",
        "nsclc",
        "adenocarcinoma",
        (R("MET", "positive", "amplification", **NGS),),
        other=(("note", "MET", "not an approved use"),),
        no_actionable=("MET",),
    ),
    S(
        "nsclc-braf-v600e",
        "nsclc",
        "adenocarcinoma",
        (R("BRAF", "positive", "V600E", **NGS),),
        opens=(("BRAF", "dabrafenib"),),
    ),
    S(
        "nsclc-no-driver-pdl1-tps-60",
        "nsclc",
        "adenocarcinoma",
        (*NSCLC_NEG, R("PDL1", "positive", score=60, scoring="TPS", clone="22C3")),
        opens=(("PDL1", "pembrolizumab"),),
    ),
    S(
        "nsclc-no-driver-pdl1-tps-20",
        "nsclc",
        "adenocarcinoma",
        (*NSCLC_NEG, R("PDL1", "positive", score=20, scoring="TPS", clone="SP263")),
        opens=(("PDL1", "chemotherapy with a PD-1"),),
    ),
    S(
        "nsclc-negative-ctdna-needs-tissue",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "negative", assay="ctdna_ngs"),),
        gaps={"EGFR": "ctdna_negative"},
    ),
    S(
        "nsclc-ret-fusion",
        "nsclc",
        "adenocarcinoma",
        (R("RET", "positive", "fusion", **NGS),),
        opens=(("RET", "selpercatinib"),),
        no_gaps=("EGFR", "ALK", "PDL1"),
    ),
    S(
        "nsclc-sclc-transformation-after-osimertinib",
        "nsclc",
        "adenocarcinoma",
        (
            R("EGFR", "positive", "ex19del", **NGS),
            R("REBIOPSY", "positive", "sclc_transformation", collected_on=date(2026, 10, 1)),
        ),
        PROGRESSED_ON_OSIMERTINIB,
        other=(("resistance", "REBIOPSY", "platinum-etoposide"),),
        no_gaps=("REBIOPSY",),
    ),
    S(
        "nsclc-egfr-positive-without-variant-still-stops-other-driver-gaps",
        "nsclc",
        "adenocarcinoma",
        (R("EGFR", "positive"), R("ROS1", "not_tested")),
        no_gaps=("ROS1", "RET", "ALK"),
    ),
    # --- Breast (NCCN Breast 2025; ESMO mBC 2024; ASCO/CAP HER2 2023) --------------------------------------------
    S(
        "breast-hr-pos-pik3ca",
        "breast",
        "hr_pos_her2_neg",
        (R("ER", "positive"), R("HER2", "negative", "ihc_0"), R("PIK3CA", "positive", "mutation", **NGS)),
        opens=(("PIK3CA", "capivasertib"), ("ER", "CDK4/6")),
    ),
    S(
        "breast-pik3ca-negative-does-not-close-akt1-pten",
        "breast",
        "hr_pos_her2_neg",
        (R("ER", "positive"), R("HER2", "negative", "ihc_0"), R("PIK3CA", "negative", assay="pcr_hotspot")),
        gaps={"AKT1": "unknown", "PTEN": "unknown"},
        no_gaps=("PIK3CA",),
    ),
    S(
        "breast-her2-pos-er-neg-has-no-endocrine-gaps",
        "breast",
        "her2_pos",
        (R("HER2", "positive", "ihc_3plus"), R("ER", "negative"), R("PR", "negative"), R("PIK3CA", "not_tested")),
        # Review item 14 (B3R): T-DXd + pertuzumab first line (FDA Dec 2025, DESTINY-Breast09).
        opens=(("HER2", "trastuzumab"), ("HER2", "first line trastuzumab deruxtecan with pertuzumab")),
        gaps={"GERMLINE": "germline"},
        no_gaps=("ESR1", "PIK3CA", "AKT1", "PTEN"),
        never=("with endocrine therapy", "olaparib or talazoparib"),
        extra={"patient_birth_date": date(1975, 9, 2), "diagnosis_date": date(2024, 12, 1)},
    ),
    S(
        "breast-tnbc-pik3ca-is-not-actionable",
        "breast",
        "triple_negative",
        (R("ER", "negative"), R("PR", "negative"), R("HER2", "negative", "ihc_0"), R("PIK3CA", "positive", "mutation")),
        no_actionable=("PIK3CA",),
        no_gaps=("ESR1", "AKT1"),
    ),
    S(
        "breast-her2-low-opens-tdxd",
        "breast",
        "hr_pos_her2_neg",
        (R("ER", "positive"), R("HER2", "negative", "ihc_1plus", assay="ihc")),
        opens=(("HER2", "trastuzumab deruxtecan"),),
    ),
    S(
        "breast-her2-2plus-ish-negative-is-her2-low",
        "breast",
        "hr_pos_her2_neg",
        (R("ER", "positive"), R("HER2", "negative", "ihc_2plus", "ish_not_amplified")),
        opens=(("HER2", "HER2-low"),),
        no_gaps=("HER2",),
    ),
    S(
        "breast-her2-ultralow-hr-pos",
        "breast",
        "hr_pos_her2_neg",
        (R("ER", "positive"), R("HER2", "negative", "ihc_ultralow")),
        opens=(("HER2", "ultralow"),),
    ),
    S(
        "breast-her2-ultralow-in-tnbc-is-not-a-tdxd-indication",
        "breast",
        "triple_negative",
        (R("ER", "negative"), R("PR", "negative"), R("HER2", "negative", "ihc_ultralow")),
        no_actionable=("HER2",),
        other=(("note", "HER2", "only in hormone receptor positive"),),
    ),
    S(
        "breast-her2-negative-without-score-is-a-gap",
        "breast",
        "hr_pos_her2_neg",
        (R("ER", "positive"), R("HER2", "negative", assay="ihc")),
        gaps={"HER2": "her2_score_missing"},
    ),
    S(
        "breast-her2-ihc-0-rules-out-her2-drugs",
        "breast",
        "triple_negative",
        (R("ER", "negative"), R("PR", "negative"), R("HER2", "negative", "ihc_0")),
        rules_out=(("HER2", "not indicated"),),
    ),
    S(
        "breast-esr1-negative-before-progression-must-be-retested",
        "breast",
        "hr_pos_her2_neg",
        (
            R("ER", "positive"),
            R("HER2", "negative", "ihc_0"),
            R("ESR1", "negative", assay="ctdna_ngs", collected_on=date(2024, 1, 15)),
        ),
        PROGRESSED_ON_AI_CDK,
        gaps={"ESR1": "retest_at_progression"},
    ),
    S(
        "breast-esr1-negative-after-progression-is-settled",
        "breast",
        "hr_pos_her2_neg",
        (
            R("ER", "positive"),
            R("HER2", "negative", "ihc_0"),
            R("ESR1", "negative", assay="ctdna_ngs", collected_on=date(2026, 7, 1)),
        ),
        PROGRESSED_ON_AI_CDK,
        no_gaps=("ESR1",),
    ),
    S(
        "breast-esr1-mutation-after-ai",
        "breast",
        "hr_pos_her2_neg",
        (
            R("ER", "positive"),
            R("HER2", "negative", "ihc_0"),
            R("ESR1", "positive", "mutation", assay="ctdna_ngs", collected_on=date(2026, 7, 1)),
        ),
        PROGRESSED_ON_AI_CDK,
        other=(("resistance", "ESR1", "elacestrant"),),
    ),
    S(
        "breast-germline-brca2-her2-negative",
        "breast",
        "hr_pos_her2_neg",
        (R("ER", "positive"), R("HER2", "negative", "ihc_0"), R("BRCA", "positive", "BRCA2", origin="germline")),
        opens=(("BRCA", "olaparib"),),
        other=(("germline", "BRCA", "cascade"),),
        no_gaps=("GERMLINE",),
    ),
    S(
        "breast-tumour-only-brca-asks-for-germline",
        "breast",
        "hr_pos_her2_neg",
        (R("ER", "positive"), R("HER2", "negative", "ihc_0"), R("BRCA", "positive", "BRCA1", origin="somatic")),
        no_actionable=("BRCA",),
        other=(("note", "BRCA", "germline test decides"),),
        gaps={"GERMLINE": "germline"},
    ),
    S(
        "breast-tnbc-pdl1-cps-15",
        "breast",
        "triple_negative",
        (
            R("ER", "negative"),
            R("PR", "negative"),
            R("HER2", "negative", "ihc_0"),
            R("PDL1", "positive", score=15, scoring="CPS", clone="22C3"),
        ),
        opens=(("PDL1", "pembrolizumab"),),
    ),
    S(
        "breast-tnbc-pdl1-cps-5",
        "breast",
        "triple_negative",
        (
            R("ER", "negative"),
            R("PR", "negative"),
            R("HER2", "negative", "ihc_0"),
            R("PDL1", "positive", score=5, scoring="CPS", clone="22C3"),
        ),
        rules_out=(("PDL1", "not indicated"),),
        no_actionable=("PDL1",),
    ),
    # --- Colorectal (NCCN Colon/Rectal 2025; ESMO mCRC 2023) ------------------------------------------------------
    S(
        "crc-kras-g12d-rules-out-anti-egfr-and-g12c-drugs",
        "colorectal",
        "left_sided",
        (R("KRAS", "positive", "G12D", **NGS),),
        rules_out=(("KRAS", "cetuximab and panitumumab do not work"), ("KRAS", "not G12C")),
        no_actionable=("KRAS",),
        no_gaps=("HER2",),
    ),
    S(
        "crc-nras-rules-out-anti-egfr",
        "colorectal",
        "left_sided",
        (R("NRAS", "positive", "Q61", **NGS),),
        rules_out=(("NRAS", "cetuximab and panitumumab do not work"),),
        never=("may open",),
    ),
    S(
        "crc-kras-g12c-with-anti-egfr-partner",
        "colorectal",
        "right_sided",
        (R("KRAS", "positive", "G12C", **NGS),),
        opens=(("KRAS", "sotorasib with panitumumab"),),
    ),
    S(
        "crc-braf-v600e-is-encorafenib-cetuximab-not-dabrafenib",
        "colorectal",
        "right_sided",
        (R("BRAF", "positive", "V600E", **NGS), R("MSI", "negative")),
        opens=(("BRAF", "encorafenib with cetuximab"),),
        rules_out=(("BRAF", "excludes colorectal cancer"),),
        never=("dabrafenib with trametinib after prior treatment",),
    ),
    S(
        "crc-msi-high-mlh1-loss-braf-unknown",
        "colorectal",
        "left_sided",
        (
            R("MSI", "positive", "msi_h", "dmmr_mlh1_pms2", assay="ihc"),
            R("KRAS", "negative", **NGS),
            R("BRAF", "unknown"),
        ),
        opens=(("MSI", "pembrolizumab"),),
        gaps={"BRAF": "unknown", "GERMLINE": "germline"},
        no_gaps=("TMB",),
    ),
    # Review item 1 (C4K): past first line, no immunotherapy yet: nivolumab + ipilimumab in any line (FDA Apr 2025,
    # CheckMate 8HW), not "first-line" only.
    S(
        "crc-msi-high-after-chemotherapy-no-io-is-any-line-nivo-ipi",
        "colorectal",
        "left_sided",
        (R("MSI", "positive", "msi_h"), R("KRAS", "negative", **NGS), R("BRAF", "negative", **NGS)),
        (line("FOLFOX + bevacizumab", date(2025, 3, 1), date(2026, 5, 1), "PR", "progression"),),
        opens=(("MSI", "any line"), ("MSI", "nivolumab with ipilimumab (CheckMate 8HW)")),
        never=("first-line pembrolizumab",),
    ),
    # Minor review item (C4K): BRAF V600E already negative, so the Lynch next step is MLH1 methylation or germline.
    S(
        "crc-msi-high-braf-negative-next-is-methylation-or-germline",
        "colorectal",
        "left_sided",
        (R("MSI", "positive", "msi_h", "dmmr_mlh1_pms2", assay="ihc"), R("BRAF", "negative", **NGS)),
        gaps={"GERMLINE": "lynch_screen"},  # the tumour's MLH1 methylation first (NCCN 2024)
    ),
    S(
        "crc-msi-high-after-immunotherapy-is-not-offered-it-again",
        "colorectal",
        "left_sided",
        (R("MSI", "positive", "msi_h"),),
        (line("Pembrolizumab", date(2025, 3, 1), date(2026, 5, 1), "PR", "progression"),),
        no_actionable=("MSI",),
    ),
    S(
        "crc-msi-high-with-braf-v600e-is-sporadic",
        "colorectal",
        "right_sided",
        (R("MSI", "positive", "dmmr_mlh1_pms2"), R("BRAF", "positive", "V600E", **NGS)),
        other=(("germline", "BRAF", "sporadic"),),
        no_gaps=("GERMLINE",),
        opens=(("BRAF", "immunotherapy first"),),
    ),
    # Review 2026-12-01 (NICE DG27 2017): BRAF V600E explains a loss of MLH1/PMS2 only; MSH2/MSH6 loss still goes to
    # germline testing, and an MSI assay result names no lost protein.
    S(
        "crc-msh2-msh6-loss-with-braf-v600e-still-needs-germline",
        "colorectal",
        "right_sided",
        (R("MSI", "positive", "dmmr_msh2_msh6", assay="ihc"), R("BRAF", "positive", "V600E", **NGS)),
        other=(("germline", "BRAF", "does not rule out Lynch syndrome"),),
        gaps={"GERMLINE": "germline"},
        never=("points to sporadic MSI",),
    ),
    S(
        "crc-msi-by-pcr-with-braf-v600e-names-no-staining-pattern",
        "colorectal",
        "right_sided",
        (R("MSI", "positive", "msi_h", assay="msi_pcr"), R("BRAF", "positive", "V600E", **NGS)),
        other=(("germline", "BRAF", "no staining pattern recorded"),),
        no_gaps=("GERMLINE",),
        never=("loss of MLH1/PMS2 points",),
    ),
    S(
        "crc-ras-wild-type-left-sided-opens-anti-egfr",
        "colorectal",
        "left_sided",
        (
            R("KRAS", "negative", **NGS),
            R("NRAS", "negative", **NGS),
            R("BRAF", "negative", **NGS),
            R("MSI", "negative"),
        ),
        opens=(("KRAS", "cetuximab or panitumumab"),),
    ),
    S(
        "crc-ras-wild-type-right-sided-prefers-bevacizumab",
        "colorectal",
        "right_sided",
        (R("KRAS", "negative", **NGS), R("NRAS", "negative", **NGS), R("BRAF", "negative", **NGS)),
        other=(("note", "KRAS", "bevacizumab"),),
        no_actionable=("KRAS",),
    ),
    S(
        "crc-kras-exon-2-only-is-not-extended-ras",
        "colorectal",
        "left_sided",
        (R("KRAS", "negative", assay="pcr_hotspot", exons_tested=(2,)),),
        gaps={"KRAS": "exons_limited"},
    ),
    S(
        "crc-her2-amplified-ras-wild-type",
        "colorectal",
        "left_sided",
        (R("KRAS", "negative", **NGS), R("NRAS", "negative", **NGS), R("HER2", "positive", "ihc_3plus")),
        opens=(("HER2", "tucatinib"),),
    ),
    S("crc-dpyd-before-fluoropyrimidines", "colorectal", "left_sided", (), gaps={"DPYD": "unknown"}),
    S(
        "crc-dpyd-not-needed-after-tolerated-capecitabine",
        "colorectal",
        "left_sided",
        (),
        (line("Capecitabine + oxaliplatin (CAPOX)", date(2025, 1, 1), date(2025, 6, 1), "SD", "completed"),),
        no_gaps=("DPYD",),
    ),
    # --- Gastric and oesophageal (NCCN Gastric/Esophageal 2025; ESMO 2024; FDA 2024-2025) -----------------------
    S(
        "gastric-cldn18-positive",
        "gastric_oesophageal",
        "gastric",
        (R("HER2", "negative", "ihc_0"), R("CLDN18", "positive", "positive_75", score=85)),
        opens=(("CLDN18", "zolbetuximab"),),
    ),
    S(
        "gastric-cldn18-below-threshold",
        "gastric_oesophageal",
        "gastric",
        (R("HER2", "negative", "ihc_1plus"), R("CLDN18", "positive", score=50)),
        rules_out=(("CLDN18", "zolbetuximab is not indicated"),),
        no_actionable=("CLDN18",),
    ),
    S(
        "gastric-pdl1-cps-0",
        "gastric_oesophageal",
        "gej",
        (R("PDL1", "negative", score=0, scoring="CPS", clone="22C3"),),
        rules_out=(("PDL1", "add little"),),
        no_actionable=("PDL1",),
    ),
    # The FDA ODAC (Sep 2024) and the 2025 label restriction concern HER2-negative, microsatellite-stable disease:
    # MSI-high tumours respond to PD-1 inhibitors whatever the PD-L1 score (NCCN Gastric 2025; ESMO gastric 2024).
    S(
        "gastric-msi-high-pdl1-below-1-is-not-ruled-out",
        "gastric_oesophageal",
        "gastric",
        (
            R("MSI", "positive", "msi_h", "dmmr_mlh1_pms2", assay="ihc"),
            R("PDL1", "negative", score=0, scoring="CPS", clone="22C3"),
        ),
        opens=(("MSI", "immunotherapy"),),
        no_actionable=("PDL1",),
        never=("add little",),
    ),
    # Resectable (non-metastatic) gastric cancer: durvalumab with perioperative FLOT has no PD-L1 requirement (FDA
    # Nov 2025, MATTERHORN); the CPS 1 restriction is for first-line advanced disease (FDA May 2025).
    S(
        "gastric-non-metastatic-pdl1-below-1-is-not-ruled-out",
        "gastric_oesophageal",
        "gastric",
        (R("PDL1", "negative", score=0, scoring="CPS", clone="22C3"),),
        no_actionable=("PDL1",),
        never=("add little",),
        extra={"stage_group": "III", "m": "M0"},
    ),
    S(
        "gastric-metastatic-pdl1-below-1-is-ruled-out",
        "gastric_oesophageal",
        "gastric",
        (R("PDL1", "negative", score=0, scoring="CPS", clone="22C3"),),
        rules_out=(("PDL1", "add little"),),
        extra={"stage_group": "IV", "m": "M1", "metastatic_sites": ("liver",)},
    ),
    S(
        "gastric-stage-not-known-pdl1-below-1-is-ruled-out",
        "gastric_oesophageal",
        "gastric",
        (R("PDL1", "negative", score=0, scoring="CPS", clone="22C3"),),
        rules_out=(("PDL1", "add little"),),
        extra={"stage_group": "unknown"},
    ),
    # Head and neck, recurrent or metastatic, CPS below 1: pembrolizumab alone is out, with platinum-fluorouracil it
    # is FDA-approved for all patients (FDA Jun 2019, KEYNOTE-048); the EMA needs CPS 1 or more for both.
    S(
        "head-neck-cps-0-keeps-pembrolizumab-with-chemotherapy-in-the-us",
        "head_neck",
        "",
        (R("PDL1", "negative", score=0, scoring="CPS", clone="22C3"),),
        rules_out=(("PDL1", "pembrolizumab alone is not indicated"), ("PDL1", "whatever the CPS")),
        no_actionable=("PDL1",),
    ),
    S(
        "cervical-cps-5-is-for-persistent-recurrent-or-metastatic-disease",
        "cervical",
        "",
        (R("PDL1", "positive", score=5, scoring="CPS", clone="22C3"),),
        opens=(("PDL1", "persistent, recurrent or metastatic"),),
    ),
    S(
        "gastric-pdl1-cps-7",
        "gastric_oesophageal",
        "gastric",
        (R("PDL1", "positive", score=7, scoring="CPS", clone="28-8"),),
        opens=(("PDL1", "nivolumab"),),
    ),
    S(
        "gastric-her2-positive",
        "gastric_oesophageal",
        "gastric",
        (R("HER2", "positive", "ihc_3plus"),),
        opens=(("HER2", "trastuzumab with fluoropyrimidine-platinum"),),
    ),
    S(
        "oesophageal-squamous-has-no-her2-or-claudin-gap",
        "oesophageal_squamous",
        "thoracic",
        (),
        gaps={"PDL1": "unknown"},
        no_gaps=("CLDN18",),
    ),
    # --- Melanoma (NCCN Melanoma 2025; ESMO 2024) -------------------------------------------------------------------
    S(
        "melanoma-nras-is-not-the-colorectal-text",
        "melanoma",
        "cutaneous",
        (R("BRAF", "negative", **NGS), R("NRAS", "positive", "Q61", **NGS)),
        other=(("later", "NRAS", "If the disease progresses, a clinical trial"),),
        no_actionable=("NRAS",),
        never=("anti-EGFR", "cetuximab"),
        no_gaps=("MSI", "TMB"),
    ),
    # Review item 5 (M5T): responding to first-line nivolumab + ipilimumab, NRAS is nothing to act on now; no MEK
    # inhibitor is FDA/EMA-approved (NEMO, Dummer R et al., Lancet Oncol 2017).
    S(
        "melanoma-nras-responding-to-first-line-io-is-not-actionable-now",
        "melanoma",
        "cutaneous",
        (R("BRAF", "negative", **NGS), R("NRAS", "positive", "Q61", **NGS)),
        (line("Nivolumab + ipilimumab", date(2025, 6, 1), ongoing=True, response="PR"),),
        other=(("later", "NRAS", "no MEK inhibitor is approved by the FDA or EMA"),),
        no_actionable=("NRAS",),
        never=("after immunotherapy, a MEK inhibitor",),
    ),
    S(
        "melanoma-nras-after-progression-on-io-is-a-trial",
        "melanoma",
        "cutaneous",
        (R("BRAF", "negative", **NGS), R("NRAS", "positive", "Q61", **NGS)),
        (line("Nivolumab + ipilimumab", date(2025, 1, 1), date(2026, 6, 1), "PR", "progression"),),
        opens=(("NRAS", "clinical trial"),),
    ),
    S(
        "melanoma-braf-v600k",
        "melanoma",
        "cutaneous",
        (R("BRAF", "positive", "V600_other", **NGS),),
        opens=(("BRAF", "BRAF plus MEK"),),
    ),
    S(
        "melanoma-kit-only-for-acral-mucosal",
        "melanoma",
        "acral",
        (R("KIT", "positive", "exon11", **NGS),),
        opens=(("KIT", "imatinib"),),
    ),
    S(
        "uveal-melanoma-hla-a2-negative",
        "uveal_melanoma",
        "choroidal_ciliary",
        (R("HLA_A2", "negative"),),
        rules_out=(("HLA_A2", "tebentafusp cannot be used"),),
    ),
    # --- Pancreatic, prostate, ovarian, endometrial --------------------------------------------------------------------
    S(
        "pancreatic-kras-g12d-and-germline-for-all",
        "pancreatic",
        "ductal_adenocarcinoma",
        (R("KRAS", "positive", "G12D", **NGS),),
        rules_out=(("KRAS", "not G12C"),),
        gaps={"GERMLINE": "unknown"},
        no_gaps=("NRG1",),
        never=("bowel",),
    ),
    S(
        "pancreatic-germline-brca2",
        "pancreatic",
        "ductal_adenocarcinoma",
        (R("BRCA", "positive", "BRCA2", origin="germline"), R("GERMLINE", "positive", "BRCA2")),
        opens=(("BRCA", "olaparib maintenance"),),
        other=(("germline", "BRCA", "cascade"),),
        no_gaps=("GERMLINE",),
    ),
    S(
        "pancreatic-kras-wild-type-fusion-hunt",
        "pancreatic",
        "ductal_adenocarcinoma",
        (R("KRAS", "negative", **NGS),),
        other=(("note", "KRAS", "fusions"),),
        gaps={"NRG1": "unknown"},
    ),
    S("prostate-metastatic-germline-for-all", "prostate", "adenocarcinoma", (), gaps={"GERMLINE": "unknown"}),
    S(
        "prostate-brca2-opens-parp",
        "prostate",
        "adenocarcinoma",
        (R("BRCA", "positive", "BRCA2", origin="somatic"),),
        opens=(("BRCA", "olaparib"),),
        gaps={"GERMLINE": "germline"},
    ),
    S(
        "ovarian-lgsoc-kras-avutometinib",
        "ovarian",
        "low_grade_serous",
        (R("KRAS", "positive", "G12V", **NGS),),
        opens=(("KRAS", "avutometinib with defactinib"),),
    ),
    S("ovarian-hgsoc-germline-for-all", "ovarian", "high_grade_serous", (), gaps={"GERMLINE": "unknown"}),
    S(
        "endometrial-dmmr-and-lynch",
        "endometrial",
        "endometrioid",
        (R("MSI", "positive", "dmmr_msh2_msh6"),),
        opens=(("MSI", "dostarlimab"),),
        gaps={"GERMLINE": "germline"},
    ),
    # --- AML (ELN 2022) -------------------------------------------------------------------------------------------------
    S(
        "aml-npm1-in-cr-asks-for-what-the-transplant-question-needs",
        "aml",
        "",
        (
            R("NPM1", "positive", assay="pcr_hotspot"),
            R("FLT3", "negative", assay="pcr_hotspot"),
            R("IDH1", "not_tested"),
        ),
        (line("7+3 induction (cytarabine + daunorubicin)", date(2026, 5, 1), date(2026, 6, 1), "CR", "completed"),),
        other=(("prognosis", "", "favourable, provided the karyotype"),),
        gaps={"KARYOTYPE": "risk", "MRD": "mrd", "HLA": "donor"},
        no_gaps=("PML_RARA", "CBF", "KMT2A", "CEBPA", "MR_GENES", "FLT3"),
        never=("urgent",),
        extra={"latest_reported_response": "CR"},
    ),
    # Revumenib is approved for relapsed or refractory disease only (FDA Nov 2024 KMT2A; Oct 2025 NPM1).
    S(
        "aml-npm1-in-first-remission-is-not-offered-revumenib-now",
        "aml",
        "",
        (R("NPM1", "positive"), R("KMT2A", "negative"), R("IDH2", "positive")),
        (line("7+3 induction (cytarabine + daunorubicin)", date(2026, 5, 1), date(2026, 6, 1), "CR", "completed"),),
        other=(("later", "NPM1", "At relapse"), ("later", "IDH2", "at relapse")),
        no_actionable=("NPM1", "IDH2"),
        extra={"latest_reported_response": "CR"},
    ),
    S(
        "aml-npm1-relapsed-after-induction-opens-revumenib",
        "aml",
        "",
        (R("NPM1", "positive"), R("FLT3", "positive", "ITD")),
        (
            line("7+3 induction", date(2025, 5, 1), date(2025, 12, 1), "CR", "completed"),
            line("High-dose cytarabine", date(2026, 1, 1), date(2026, 9, 1), "PD", "progression"),
        ),
        opens=(("NPM1", "revumenib"), ("NPM1", "ziftomenib"), ("FLT3", "gilteritinib")),
        never=("At relapse", "quizartinib"),
        extra={"latest_derived_response": "relapse"},
    ),
    S(
        "all-kmt2a-untreated-is-not-offered-revumenib-now",
        "all",
        "",
        (R("KMT2A", "positive"),),
        other=(("later", "KMT2A", "at relapse"),),
        no_actionable=("KMT2A",),
    ),
    S(
        "aml-refractory-to-induction-kmt2a-opens-revumenib",
        "aml",
        "",
        (R("KMT2A", "positive"),),
        (line("7+3 induction", date(2026, 6, 1), date(2026, 8, 1), "PD", "progression"),),
        opens=(("KMT2A", "revumenib"),),
        extra={"latest_derived_response": "NR"},
    ),
    S(
        "mds-idh1-untreated-is-not-offered-ivosidenib-now",
        "mds",
        "",
        (R("IDH1", "positive"),),
        other=(("later", "IDH1", "relapses"),),
        no_actionable=("IDH1",),
    ),
    S(
        "aml-npm1-with-flt3-itd-is-intermediate",
        "aml",
        "",
        (R("NPM1", "positive"), R("FLT3", "positive", "ITD"), R("KARYOTYPE", "negative", "normal")),
        other=(("prognosis", "", "intermediate"),),
        opens=(("FLT3", "midostaurin"),),
    ),
    S(
        "aml-tp53-is-adverse",
        "aml",
        "",
        (R("TP53", "positive", "mutation"), R("KARYOTYPE", "positive", "complex")),
        other=(("prognosis", "", "adverse"),),
    ),
    S(
        "aml-npm1-with-adverse-karyotype-is-adverse",
        "aml",
        "",
        (R("NPM1", "positive"), R("FLT3", "negative"), R("KARYOTYPE", "positive", "monosomy7")),
        other=(("prognosis", "", "adverse"),),
    ),
    S(
        "aml-t9-11-is-intermediate-not-adverse",
        "aml",
        "",
        (R("KMT2A", "positive", "MLLT3"),),
        other=(("prognosis", "", "intermediate"),),
        never=("adverse. ",),
    ),
    # --- Myeloma (IMWG 2025), CLL, CML ----------------------------------------------------------------------------------
    S(
        "myeloma-del17p-is-prognosis-not-an-opening",
        "myeloma",
        "heavy_chain",
        (R("DEL17P", "positive"),),
        other=(("prognosis", "DEL17P", "high-risk myeloma"), ("prognosis", "", "IMWG 2025")),
        no_actionable=("DEL17P",),
        never=("may open",),
    ),
    S(
        "myeloma-t4-14-alone-is-no-longer-high-risk",
        "myeloma",
        "heavy_chain",
        (
            R("DEL17P", "negative"),
            R("GAIN1Q", "negative"),
            R("DEL1P", "negative"),
            R("T4_14", "positive"),
            R("T14_16", "negative"),
        ),
        other=(("prognosis", "", "no longer high risk"),),
        never=("High-risk myeloma by",),
    ),
    S(
        "myeloma-t4-14-with-1q-gain-is-high-risk",
        "myeloma",
        "heavy_chain",
        (R("T4_14", "positive"), R("GAIN1Q", "positive", "gain")),
        other=(("prognosis", "", "High-risk myeloma by"),),
    ),
    S(
        "cll-del17p-rules-out-chemoimmunotherapy",
        "cll",
        "cll",
        (R("DEL17P", "positive"),),
        rules_out=(("DEL17P", "chemoimmunotherapy"),),
    ),
    S(
        "cml-loss-of-response-asks-for-kinase-domain-mutations",
        "cml",
        "chronic",
        (R("BCR_ABL1", "positive"),),
        (line("Imatinib 400 mg", date(2024, 1, 1), date(2026, 8, 1), "", "progression"),),
        gaps={"ABL1_KD": "resistance"},
    ),
    # --- Other cancers and the tissue-agnostic approvals -----------------------------------------------------------------
    S(
        "sarcoma-ntrk-fusion-is-tissue-agnostic",
        "sarcoma",
        "other",
        (R("NTRK", "positive", "fusion", **NGS),),
        opens=(("NTRK", "larotrectinib"),),
    ),
    S(
        "anaplastic-thyroid-braf-v600e",
        "thyroid",
        "anaplastic",
        (R("BRAF", "positive", "V600E", **NGS),),
        opens=(("BRAF", "urgently"),),
    ),
    S(
        "glioma-idh-mutant",
        "glioma",
        "astrocytoma_idh",
        (R("IDH1", "positive", "R132"),),
        opens=(("IDH1", "vorasidenib"),),
    ),
    S(
        "gist-pdgfra-d842v",
        "gist",
        "gastric",
        (R("PDGFRA", "positive", "D842V", **NGS),),
        opens=(("PDGFRA", "avapritinib"),),
        rules_out=(("PDGFRA", "imatinib"),),
    ),
    # Capivasertib is approved for HR-positive HER2-negative disease only (FDA Nov 2023, CAPItello-291).
    S(
        "breast-akt1-in-her2-positive-disease-opens-nothing",
        "breast",
        "her2_pos",
        (R("ER", "positive"), R("AKT1", "positive", **NGS), R("PTEN", "positive", **NGS)),
        no_actionable=("AKT1", "PTEN"),
        never=("capivasertib",),
    ),
    S(
        "breast-akt1-in-hr-positive-her2-negative-disease-opens-capivasertib",
        "breast",
        "hr_pos_her2_neg",
        (R("AKT1", "positive", **NGS),),
        opens=(("AKT1", "capivasertib"),),
    ),
    # Olaparib for germline PALB2 rests on a phase II trial (TBCRC 048), not an approval.
    S(
        "breast-germline-palb2-says-phase-ii-not-approved",
        "breast",
        "hr_pos_her2_neg",
        (R("GERMLINE", "positive", "PALB2", origin="germline"),),
        opens=(("GERMLINE", "not an approved use"),),
        never=("category 2A",),
    ),
    S("her2-ihc-is-not-asked-before-any-treatment-has-failed", "head_neck", "oral_cavity", (), no_gaps=("HER2", "TMB")),
    S(
        "her2-ihc-is-asked-after-progression",
        "head_neck",
        "oral_cavity",
        (),
        (line("Cisplatin + 5-FU + pembrolizumab", date(2025, 1, 1), date(2026, 5, 1), "PR", "progression"),),
        gaps={"AGNOSTIC": "unknown"},
        agnostic=("HER2", "TMB"),
    ),
    # Tissue-agnostic markers: not when a confirmed driver excludes them (JSCO/JSMO NTRK 2020), and shown once.
    S(
        "her2-positive-breast-has-no-ntrk-or-ret-gap",
        "breast",
        "her2_pos",
        (R("HER2", "positive", "ihc_3plus"), R("ER", "negative"), R("PR", "negative")),
        (line("Trastuzumab + pertuzumab + docetaxel", date(2025, 1, 1), date(2026, 6, 1), "PR", "progression"),),
        no_gaps=("NTRK", "RET", "BRAF"),
        agnostic=("MSI",),
        agnostic_absent=("NTRK", "RET", "BRAF"),
    ),
    # Pembrolizumab for MSI-high solid tumours is for disease that progressed after prior treatment (FDA 2017).
    S(
        "her2-positive-breast-on-first-line-has-no-agnostic-msi-gap",
        "breast",
        "her2_pos",
        (R("HER2", "positive", "ihc_3plus"), R("ER", "negative"), R("PR", "negative")),
        (line("Trastuzumab + pertuzumab + docetaxel", date(2025, 1, 1), response="PR", ongoing=True),),
        no_gaps=("MSI", "TMB", "NTRK", "RET", "BRAF", "AGNOSTIC"),
    ),
    S(
        "colorectal-kras-mutated-has-no-ntrk-or-ret-gap",
        "colorectal",
        "left_sided",
        (R("KRAS", "positive", "G12D", **NGS), R("MSI", "negative")),
        no_gaps=("NTRK", "RET", "AGNOSTIC"),
    ),
    S(
        "hr-positive-breast-after-progression-asks-for-the-agnostic-markers-once",
        "breast",
        "hr_pos_her2_neg",
        (R("PIK3CA", "negative", **NGS),),
        PROGRESSED_ON_AI_CDK,
        no_gaps=("NTRK", "RET", "TMB"),
        agnostic=("NTRK", "RET", "TMB"),
    ),
]


def _statements(reading, kind, marker):
    return [
        s.template % s.params if s.params else s.template
        for s in reading.statements
        if s.kind == kind and s.marker == marker
    ]


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(s: S):
    snapshot = CaseSnapshot(
        cancer_type=s.cancer, cancer_subtype=s.subtype, biomarkers=s.results, treatment_lines=s.lines, **s.extra
    )
    reading = interpret(snapshot, today=TODAY)
    for marker, words in s.opens:
        assert any(words in t for t in _statements(reading, "actionable", marker)), (marker, words, reading.statements)
    for marker, words in s.rules_out:
        assert any(words in t for t in _statements(reading, "rules_out", marker)), (marker, words, reading.statements)
    for kind, marker, words in s.other:
        assert any(words in t for t in _statements(reading, kind, marker)), (kind, marker, words, reading.statements)
    for marker in s.no_actionable:
        assert not _statements(reading, "actionable", marker), marker
    gaps = {g.marker: g.reason for g in reading.gaps}
    for marker, reason in s.gaps.items():
        assert gaps.get(marker) == reason, (marker, gaps)
    for marker in s.no_gaps:
        assert marker not in gaps, (marker, gaps[marker])
    group = [g for g in reading.gaps if g.marker == "AGNOSTIC"]
    assert len(group) <= 1
    codes = group[0].params["codes"] if group else []
    for marker in s.agnostic:
        assert marker in codes, (marker, codes)
    for marker in s.agnostic_absent:
        assert marker not in codes, (marker, codes)
    texts = [st.template % st.params if st.params else st.template for st in reading.statements]
    for words in s.never:
        assert not any(words in t for t in texts), words
    if s.panel is not None:
        assert (reading.panel_recommendation is not None) == s.panel
    assert all(st.source for st in reading.statements) and all(g.source for g in reading.gaps)


def test_there_are_at_least_sixty_scenarios():
    assert len(SCENARIOS) >= 60


def test_every_rule_names_its_source_with_a_year():
    """A drug or threshold statement without a dated source cannot be checked by the reader."""
    import re

    from cases.clinical.data.biomarker_rules import RULES

    undated = [(r.marker, r.text[:50]) for r in RULES if not re.search(r"\b(19|20)\d\d\b", r.source)]
    assert not undated, undated


@pytest.mark.parametrize(
    ("lines", "extra", "expected"),
    [
        ((), {}, "untreated"),
        ((line("Azacitidine + venetoclax", date(2026, 1, 1), ongoing=True),), {}, "first_line"),
        ((line("7+3", date(2026, 1, 1), date(2026, 2, 1), "CR", "completed"),), {}, "remission"),
        ((), {"latest_derived_response": "CRi"}, "remission"),
        (
            (line("7+3", date(2026, 1, 1), date(2026, 2, 1), "CR", "completed"),),
            {"latest_derived_response": "relapse"},
            "relapsed_refractory",
        ),
        ((line("7+3", date(2026, 1, 1), date(2026, 2, 1), "PD", "progression"),), {}, "relapsed_refractory"),
        # relapsed, then a second remission on salvage treatment: not "relapsed" any more
        (
            (
                line("7+3", date(2025, 1, 1), date(2025, 3, 1), "CR", "completed"),
                line("FLAG-Ida", date(2025, 9, 1), date(2025, 11, 1), "CR", "completed"),
                line("Gilteritinib", date(2025, 6, 1), date(2025, 8, 1), "PD", "progression"),
            ),
            {},
            "remission",
        ),
        # relapsed and on salvage treatment without a response yet
        (
            (
                line("7+3", date(2025, 1, 1), date(2025, 3, 1), "CR", "progression"),
                line("FLAG-Ida", date(2025, 9, 1), ongoing=True),
            ),
            {},
            "relapsed_refractory",
        ),
        # MRD relapse alone is not the relapse the approvals need
        ((), {"latest_derived_response": "MRD_relapse", "latest_reported_response": "CR"}, "remission"),
    ],
)
def test_disease_setting(lines, extra, expected):
    from cases.clinical.biomarkers.context import disease_setting

    assert disease_setting(CaseSnapshot(cancer_type="aml", treatment_lines=lines, **extra)) == expected


def test_every_rule_has_a_review_by_date_not_yet_passed():
    """Approvals move fast (T-DXd + pertuzumab Dec 2025, ziftomenib Nov 2025): a rule past its review date fails."""
    import re

    from cases.clinical.data.biomarker_rules import RULES

    today = date.today().strftime("%Y-%m")
    bad = [(r.marker, r.review_by) for r in RULES if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", r.review_by)]
    assert not bad, bad
    overdue = [(r.marker, r.text[:50], r.review_by) for r in RULES if r.review_by < today]
    assert not overdue, overdue


@pytest.mark.parametrize(
    ("cancer", "results", "marker", "cites", "never"),
    [
        # Review item 11: each disease cites its own guideline for a shared marker.
        ("aml", (R("NPM1", "positive"),), "TP53", "ELN 2022", ("IMWG", "iwCLL", "ESMO 2024")),
        ("myeloma", (), "TP53", "IMWG 2025", ("ELN", "iwCLL")),
        ("myeloma", (), "DEL17P", "IMWG 2025", ("ELN", "iwCLL")),
        ("cll", (), "DEL17P", "iwCLL 2018", ("IMWG", "ELN")),
    ],
)
def test_a_shared_marker_cites_the_guideline_of_its_disease(cancer, results, marker, cites, never):
    reading = interpret(CaseSnapshot(cancer_type=cancer, biomarkers=results), today=TODAY)
    gap = next(g for g in reading.gaps if g.marker == marker)
    assert cites in gap.source
    assert not any(body in gap.source for body in never), gap.source


def test_the_panel_note_cites_the_lung_testing_guideline_only_for_lung_cancer():
    crc = interpret(CaseSnapshot(cancer_type="colorectal", cancer_subtype="left_sided"), today=TODAY)
    lung = interpret(CaseSnapshot(cancer_type="nsclc", cancer_subtype="adenocarcinoma"), today=TODAY)
    assert crc.panel_recommendation is not None and "IASLC" not in crc.panel_recommendation.source
    assert lung.panel_recommendation is not None and "IASLC/CAP/AMP 2018" in lung.panel_recommendation.source


def test_myeloma_risk_tests_after_treatment_ask_for_the_diagnostic_report_or_sample():
    """Review item 2 (Y7P, VGPR on dara-len-dex): risk FISH is defined on the diagnostic marrow (IMWG 2025)."""
    treated = CaseSnapshot(
        cancer_type="myeloma",
        treatment_lines=(line("Daratumumab + lenalidomide + dexamethasone", date(2026, 1, 1), ongoing=True),),
        latest_reported_response="VGPR",
    )
    gaps = {g.marker: g for g in interpret(treated, today=TODAY).gaps}
    for marker in ("DEL17P", "TP53", "GAIN1Q", "T4_14"):
        assert gaps[marker].specimen_hint == "myeloma_diagnostic", marker
        assert "ask first for the diagnostic FISH report" in gaps[marker].template
    untreated = {g.marker: g for g in interpret(CaseSnapshot(cancer_type="myeloma"), today=TODAY).gaps}
    assert untreated["DEL17P"].specimen_hint == ""


@pytest.mark.parametrize(
    ("flt3", "gap", "risk_words"),
    [
        # Review item 8 (A6L): FLT3 negative by a DNA NGS panel only is not accepted as FLT3-ITD negative.
        ((R("FLT3", "negative", assay="dna_ngs"),), "flt3_itd_pcr", "favourable only if FLT3-ITD is truly absent"),
        (
            (R("FLT3", "negative", assay="dna_ngs"), R("FLT3", "negative", assay="pcr_hotspot")),
            None,
            "ELN 2022 risk: favourable",
        ),
    ],
)
def test_aml_flt3_negative_by_ngs_only_needs_pcr(flt3, gap, risk_words):
    snapshot = CaseSnapshot(cancer_type="aml", biomarkers=(R("NPM1", "positive"), R("KARYOTYPE", "negative"), *flt3))
    reading = interpret(snapshot, today=TODAY)
    gaps = {g.marker: g.reason for g in reading.gaps}
    assert gaps.get("FLT3") == gap
    risk = [s.template for s in reading.statements if s.kind == "prognosis" and not s.marker]
    assert any(risk_words in t for t in risk), risk
    if gap is None:
        assert not any("truly absent" in t for t in risk)


def test_crc_msi_lynch_next_step_after_a_negative_braf():
    msi = R("MSI", "positive", "msi_h", "dmmr_mlh1_pms2", assay="ihc")
    braf_negative = interpret(
        CaseSnapshot(cancer_type="colorectal", biomarkers=(msi, R("BRAF", "negative", **NGS))), today=TODAY
    )
    germline = next(g for g in braf_negative.gaps if g.marker == "GERMLINE")
    assert "BRAF V600E already negative: next, MLH1 promoter methylation" in germline.template
    # The laboratory is asked for the methylation test on the tumour block first, then the germline test.
    assert germline.reason == "lynch_screen" and germline.specimen_hint == "tissue"
    requests = requests_for("GERMLINE", "colorectal", germline.state, germline.reason)
    assert [(r.method_code, r.specimen_code) for r in requests] == [
        ("mlh1_methylation", "ffpe"),
        ("germline", "blood_germline"),
    ]
    braf_unknown = interpret(CaseSnapshot(cancer_type="colorectal", biomarkers=(msi,)), today=TODAY)
    germline = next(g for g in braf_unknown.gaps if g.marker == "GERMLINE")
    assert "(or BRAF V600E in bowel cancer)" in germline.template
    assert germline.reason == "germline"
    # Loss of MSH2/MSH6: no methylation step, straight to germline testing.
    msh2 = R("MSI", "positive", "msi_h", "dmmr_msh2_msh6", assay="ihc")
    reading = interpret(
        CaseSnapshot(cancer_type="colorectal", biomarkers=(msh2, R("BRAF", "negative", **NGS))), today=TODAY
    )
    germline = next(g for g in reading.gaps if g.marker == "GERMLINE")
    assert germline.reason == "germline" and germline.specimen_hint == "blood_germline"
    assert requests_for("GERMLINE", "colorectal", germline.state, germline.reason)[0].method_code == "germline"


@pytest.mark.parametrize(
    ("vaf", "adverse"),
    [(None, True), (10.0, True), (9.9, False)],  # ELN 2022 Table 6: TP53 at a VAF of 10 per cent or more
)
def test_aml_tp53_is_adverse_from_a_vaf_of_10_per_cent(vaf, adverse):
    markers = (R("NPM1", "negative"), R("FLT3", "negative", assay="pcr_hotspot"), R("KARYOTYPE", "negative"))
    snapshot = CaseSnapshot(cancer_type="aml", biomarkers=(*markers, R("TP53", "positive", vaf=vaf)))
    risk = [s.template for s in interpret(snapshot, today=TODAY).statements if s.kind == "prognosis" and not s.marker]
    assert any("ELN 2022 risk: adverse" in t for t in risk) is adverse, risk


def test_mariposa_2_cites_only_the_confirmed_regulatory_status():
    """Amivantamab + chemotherapy after an EGFR TKI: FDA 2024 and EMA are confirmed; the FDA month is not printed."""
    import re

    from cases.clinical.data.biomarker_rules import RULES

    sources = [r.source for r in RULES if "MARIPOSA-2" in r.source]
    assert len(sources) >= 3
    assert all("FDA 2024 and EMA" in s for s in sources), sources
    months = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* 2024"
    assert not any(re.search(rf"FDA {months} and EMA", s) for s in sources), sources


def test_met_after_osimertinib_is_the_commonest_off_target_resistance_not_the_commonest_overall():
    # Review 2026-11-30 (N2C): after second-line osimertinib, T790M loss and C797S are as frequent as MET
    # amplification; MET is the most frequent off-target mechanism (Leonetti 2019; Schmid 2020).
    snapshot = CaseSnapshot(
        cancer_type="nsclc",
        cancer_subtype="adenocarcinoma",
        biomarkers=(R("EGFR", "positive", "ex19del", **NGS),),
        treatment_lines=PROGRESSED_ON_OSIMERTINIB,
    )
    met = next(g for g in interpret(snapshot, today=TODAY).gaps if g.marker == "MET")
    assert "commonest off-target resistance after osimertinib" in met.template


def test_a_kras_exon_2_only_test_names_kras_not_nras():
    # Review 2026-11-30 (C4K): KRAS codons 12/13 only, NRAS never tested; the KRAS gap said "only KRAS/NRAS exon 2".
    snapshot = CaseSnapshot(
        cancer_type="colorectal",
        biomarkers=(R("KRAS", "negative", assay="pcr_hotspot", exons_tested=(2,)),),
    )
    kras = next(g for g in interpret(snapshot, today=TODAY).gaps if g.marker == "KRAS")
    text = kras.template % kras.params
    assert text.startswith("only KRAS exon 2 tested: exons 2, 3 and 4 of both KRAS and NRAS")
    assert "KRAS/NRAS exon" not in text


def test_positive_aml_mrd_asks_the_mdt_to_consider_transplant_not_a_blanket_recommendation():
    # Review 2026-11-30 (A6L): the rule said transplant "is recommended" while the MRD note on the same page said
    # "should be considered"; ELN 2022 / ELN MRD 2021 weigh it by MRD level, time point, fitness and donor.
    snapshot = CaseSnapshot(cancer_type="aml", biomarkers=(R("NPM1", "positive"), R("MRD", "positive")))
    mrd = [s.template for s in interpret(snapshot, today=TODAY).statements if s.marker == "MRD"]
    assert any("should be considered for fit patients" in t for t in mrd), mrd
    assert not any("is recommended for fit patients" in t for t in mrd)
