"""What a biomarker result means in a given cancer: data only, each entry with its source and year.

A rule applies to a result of `marker` in one of `cancers` (a type, "type/subtype",
or "SOLID" for the tissue-agnostic approvals, which yield to a cancer-specific
rule for the same marker). `match` names the alteration classes
(biomarkers.alterations) it needs: () for any positive result, ("negative",)
for a negative result from an assay that could see the alteration. `when` and
`unless` are context predicates read by biomarkers.engine (receptor status,
driver present, progression on a drug class, PD-L1 score, ...). `kind` is a
biomarkers.interpretation.STATEMENT_KINDS code.

Drug names and indications name the regulators' decisions in `source` (FDA
approvals 2017-2026, NMPA 2024) and the guidelines (NCCN 2025 versions, ESMO
2023-2024, ELN 2022, IMWG 2025, iwCLL 2018).

Checked in November 2026 against the FDA announcements or their reports
(month and trial now in `source`): amivantamab (PAPILLON Mar 2024; with
lazertinib, MARIPOSA Aug 2024), osimertinib + chemotherapy (FLAURA2), repotrectinib
(ROS1 Nov 2023, NTRK Jun 2024), alpelisib, capivasertib (HR+/HER2-, so AKT1/PTEN
now also exclude HER2-positive disease), inavolisib (relapse within 12 months of
adjuvant endocrine therapy), encorafenib + cetuximab + chemotherapy
(BREAKWATER), nivolumab + ipilimumab (CheckMate 8HW), tislelizumab and the 2025
PD-L1 1 or more restriction of the gastro-oesophageal labels, tebentafusp,
lutetium-177 PSMA-617 (PSMAfore), mirvetuximab (PS2+ 75 per cent), zanidatamab,
erdafitinib (THOR), vorasidenib, quizartinib, revumenib (KMT2A Nov 2024, NPM1
Oct 2025, both relapsed or refractory only), ivosidenib in MDS, luspatercept.
Also checked: sunvozertinib (Jul 2025), telisotuzumab vedotin (May 2025, 3+ in
50 per cent or more after prior treatment). Olaparib for germline PALB2 rests on a phase II trial only (TBCRC 048) and is
worded as such; the NCCN category attached to it earlier could not be sourced
and was removed.

Amivantamab + carboplatin-pemetrexed after an EGFR TKI (MARIPOSA-2; S_MARIPOSA2), checked again in November
2026: the FDA approval is confirmed for 2024 (Fierce Pharma: Rybrevant's third FDA approval in seven months, a
month after amivantamab + lazertinib), and the FDA and EMA approvals for EGFR exon 19 deletion or L858R NSCLC
progressing on or after an EGFR TKI are stated in the MARIPOSA-2 plain-language summary (Future Oncol 2025). The
trial: phase III, 657 patients after osimertinib, PFS HR 0.48 for amivantamab-chemotherapy (Passaro A et al.).
Not confirmed, so not printed: the month of the FDA approval (no source found states it; "a month after" August
2024 implies September), the date of the EMA decision, and the journal and year of the primary publication.
"""

from dataclasses import dataclass

from ..i18n import gettext_noop

_ = gettext_noop


@dataclass(frozen=True)
class Rule:
    cancers: tuple[str, ...]
    marker: str
    match: tuple[str, ...]
    kind: str
    text: str
    source: str
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    # Year-month by which the rule must be checked again against the regulators and guidelines (approvals change
    # fast: T-DXd + pertuzumab and ziftomenib came within a year). Rules checked in November 2026 default to a
    # year later; rules in fast-moving areas carry an earlier date.
    review_by: str = "2027-11"
    # The patient's sentence (with %(marker)s) when the general one for the kind would promise too much.
    patient: str = ""
    # A PD-L1 cut-off's assay context (data/pdl1_assays.ASSAY_CONTEXTS): the clone and scoring system it was
    # validated with. A result from another clone, or with no clone recorded, gets a note saying so.
    assay: str = ""


NSCLC = ("nsclc",)
S_NSCLC = "NCCN NSCLC 2025; ESMO oncogene-addicted mNSCLC 2023"
S_NSCLC_IO = "NCCN NSCLC 2025; ESMO non-oncogene-addicted mNSCLC 2023"
S_BREAST = "NCCN Breast 2025; ESMO mBC 2024"
S_CRC = "NCCN Colon/Rectal 2025; ESMO mCRC 2023"
S_GASTRIC = "NCCN Gastric 2025; ESMO gastric 2024"
S_MEL = "NCCN Melanoma 2025; ESMO melanoma 2024"
S_PROSTATE = "NCCN Prostate 2025; ESMO prostate 2025"
S_OVARIAN = "NCCN Ovarian 2025; ESMO-ESGO ovarian 2024"
S_PANC = "NCCN Pancreatic 2025; ESMO pancreatic 2023"
S_AML = "ELN 2022 (Döhner H et al., Blood 2022); NCCN AML 2025"
S_MM = "IMWG 2025 (Avet-Loiseau H et al., J Clin Oncol 2025)"
# Molecular testing strategies for Lynch syndrome in people with colorectal cancer (NICE diagnostics guidance 27, 2017).
S_LYNCH_PATTERN = "NICE DG27 2017 (Lynch syndrome testing in colorectal cancer)"
S_GERMLINE = "NCCN Genetic/Familial High-Risk Assessment 2025; ASCO 2024"
# Regulatory status as confirmed (see the module docstring): FDA 2024, EMA approved (date not confirmed).
S_MARIPOSA2 = "FDA 2024 and EMA (amivantamab + carboplatin-pemetrexed after an EGFR TKI; MARIPOSA-2, Passaro A et al.)"

RULES: tuple[Rule, ...] = (
    # --- NSCLC: EGFR ---------------------------------------------------------------------------------------------
    Rule(
        NSCLC,
        "EGFR",
        ("ex19del", "L858R"),
        "actionable",
        _(
            "EGFR exon 19 deletion or L858R: first-line osimertinib (alone, or with platinum-pemetrexed), or "
            "amivantamab with lazertinib."
        ),
        "NCCN NSCLC 2025; ESMO 2023; FDA Feb 2024 (osimertinib + chemotherapy, FLAURA2); "
        "FDA Aug 2024 (amivantamab + lazertinib, MARIPOSA)",
        unless=("progressed_on:egfr_tki",),
    ),
    Rule(
        NSCLC,
        "EGFR",
        ("ex20ins",),
        "actionable",
        _(
            "EGFR exon 20 insertion: amivantamab with carboplatin-pemetrexed first line; sunvozertinib after "
            "platinum chemotherapy."
        ),
        "NCCN NSCLC 2025; FDA Mar 2024 (amivantamab + carboplatin-pemetrexed, PAPILLON); FDA Jul 2025 (sunvozertinib, accelerated, WU-KONG1B)",
    ),
    Rule(
        NSCLC,
        "EGFR",
        ("ex20ins",),
        "rules_out",
        _("EGFR exon 20 insertion: osimertinib, gefitinib, erlotinib and afatinib do not work against most of these."),
        "NCCN NSCLC 2025; ESMO 2023",
    ),
    Rule(
        NSCLC,
        "EGFR",
        ("uncommon",),
        "actionable",
        _("Uncommon sensitising EGFR mutation (G719X, L861Q, S768I): afatinib or osimertinib."),
        "NCCN NSCLC 2025; ESMO 2023",
    ),
    Rule(
        NSCLC,
        "EGFR",
        ("T790M",),
        "resistance",
        _("EGFR T790M after gefitinib, erlotinib, afatinib or dacomitinib: osimertinib is the next treatment."),
        "NCCN NSCLC 2025; FDA 2017 (osimertinib, AURA3)",
        unless=("received:egfr_tki_3g",),
    ),
    Rule(
        NSCLC,
        "EGFR",
        ("C797S",),
        "resistance",
        _(
            "EGFR C797S explains resistance to osimertinib: no EGFR inhibitor overcomes it. Next step: amivantamab "
            "with carboplatin-pemetrexed, platinum-pemetrexed, or a clinical trial."
        ),
        f"NCCN NSCLC 2025; {S_MARIPOSA2}",
    ),
    Rule(
        NSCLC,
        "EGFR",
        ("ex19del", "L858R", "uncommon"),
        "resistance",
        _(
            "Progression on an EGFR inhibitor: the sensitising mutation stays; the next treatment depends on the "
            "resistance found in a new biopsy or ctDNA (MET or HER2 amplification, C797S, small-cell "
            "transformation). Without a targetable mechanism: amivantamab with carboplatin-pemetrexed, or "
            "platinum-pemetrexed."
        ),
        f"NCCN NSCLC 2025; ESMO 2023; {S_MARIPOSA2}",
        when=("progressed_on:egfr_tki",),
    ),
    # --- NSCLC: other drivers ------------------------------------------------------------------------------------
    Rule(
        NSCLC,
        "ALK",
        (),
        "actionable",
        _("ALK rearrangement: first-line alectinib, brigatinib or lorlatinib."),
        "NCCN NSCLC 2025; ESMO 2023 (CROWN)",
    ),
    Rule(
        NSCLC,
        "ALK",
        (),
        "resistance",
        _(
            "Progression on an ALK inhibitor: test a new biopsy or ctDNA for ALK resistance mutations and MET "
            "amplification; lorlatinib after a second-generation inhibitor."
        ),
        "NCCN NSCLC 2025; ESMO 2023",
        when=("progressed_on:alk_tki",),
    ),
    Rule(
        NSCLC,
        "ROS1",
        (),
        "actionable",
        _("ROS1 rearrangement: entrectinib, crizotinib or repotrectinib."),
        "NCCN NSCLC 2025; FDA Nov 2023 (repotrectinib, TRIDENT-1)",
    ),
    Rule(
        NSCLC,
        "RET",
        ("fusion",),
        "actionable",
        _("RET fusion: selpercatinib or pralsetinib."),
        "NCCN NSCLC 2025; FDA 2020/2022 (selpercatinib); FDA 2023 (pralsetinib)",
    ),
    Rule(
        NSCLC,
        "RET",
        (),
        "actionable",
        _("RET fusion: selpercatinib or pralsetinib."),
        "NCCN NSCLC 2025; FDA 2020/2022 (selpercatinib)",
        unless=("has_class",),
    ),
    Rule(
        NSCLC,
        "MET",
        ("ex14",),
        "actionable",
        _("MET exon 14 skipping: capmatinib or tepotinib."),
        "NCCN NSCLC 2025; FDA 2022 (capmatinib); FDA 2024 (tepotinib)",
    ),
    Rule(
        NSCLC,
        "MET",
        ("overexpression",),
        "actionable",
        _(
            "High c-Met overexpression (strong 3+ staining in 50 per cent or more of tumour cells) in EGFR wild-type "
            "non-squamous NSCLC: telisotuzumab vedotin after prior treatment."
        ),
        "NCCN NSCLC 2025; FDA May 2025 (telisotuzumab vedotin, accelerated, LUMINOSITY)",
        unless=("driver:EGFR",),
    ),
    Rule(
        NSCLC,
        "MET",
        ("amplification",),
        "resistance",
        _(
            "MET amplification explains resistance to the EGFR inhibitor. Next step: combined EGFR and MET "
            "inhibition (studied with osimertinib plus savolitinib or tepotinib; in a trial where not approved), "
            "or amivantamab with carboplatin-pemetrexed."
        ),
        f"NCCN NSCLC 2025; ESMO 2023; {S_MARIPOSA2}",
        when=("progressed_on:egfr_tki",),
    ),
    Rule(
        NSCLC,
        "MET",
        ("amplification",),
        "note",
        _("MET amplification without exon 14 skipping is not an approved use of capmatinib or tepotinib: a trial."),
        "NCCN NSCLC 2025; ESMO 2023",
        unless=("progressed_on:egfr_tki",),
    ),
    Rule(
        NSCLC,
        "BRAF",
        ("V600E",),
        "actionable",
        _("BRAF V600E: dabrafenib with trametinib, or encorafenib with binimetinib."),
        "NCCN NSCLC 2025; FDA 2017 (dabrafenib + trametinib); FDA 2023 (encorafenib + binimetinib)",
    ),
    Rule(
        NSCLC,
        "BRAF",
        ("non_V600", "fusion"),
        "rules_out",
        _("Non-V600 BRAF alteration: BRAF V600 inhibitors are not the treatment; treatment follows PD-L1."),
        "NCCN NSCLC 2025; ESMO 2023",
    ),
    Rule(
        NSCLC,
        "KRAS",
        ("G12C",),
        "actionable",
        _(
            "KRAS G12C: first line follows PD-L1 (immunotherapy with or without chemotherapy); sotorasib or "
            "adagrasib after that."
        ),
        "NCCN NSCLC 2025; FDA 2021 (sotorasib); FDA 2022 (adagrasib)",
    ),
    Rule(
        NSCLC,
        "KRAS",
        ("G12D", "G12V", "G13D", "other"),
        "rules_out",
        _("This KRAS variant is not G12C: sotorasib and adagrasib do not target it. Treatment follows PD-L1."),
        "NCCN NSCLC 2025; ESMO 2023",
    ),
    Rule(
        NSCLC,
        "HER2",
        ("mutation",),
        "actionable",
        _(
            "ERBB2 (HER2) mutation: trastuzumab deruxtecan or zongertinib after first-line treatment. Trastuzumab "
            "and pertuzumab, used in breast cancer, are not the treatment here."
        ),
        "NCCN NSCLC 2025; FDA 2022 (trastuzumab deruxtecan); FDA 2025 (zongertinib)",
    ),
    Rule(
        NSCLC,
        "HER2",
        ("ihc_3plus",),
        "actionable",
        _("HER2 IHC 3+: trastuzumab deruxtecan after prior treatment (tissue-agnostic approval)."),
        "FDA 2024 (trastuzumab deruxtecan, HER2 IHC 3+ solid tumours); NCCN NSCLC 2025",
    ),
    Rule(
        NSCLC,
        "HER2",
        ("amplification", "ish_amplified"),
        "resistance",
        _(
            "HER2 amplification explains resistance to the EGFR inhibitor; no approved targeted option for the "
            "amplification itself: a trial, or trastuzumab deruxtecan if HER2 IHC is 3+."
        ),
        "NCCN NSCLC 2025; ESMO 2023",
        when=("progressed_on:egfr_tki",),
    ),
    Rule(
        NSCLC,
        "NRG1",
        (),
        "actionable",
        _("NRG1 fusion: zenocutuzumab after prior treatment."),
        "NCCN NSCLC 2025; FDA 2024 (zenocutuzumab)",
    ),
    Rule(
        NSCLC,
        "REBIOPSY",
        ("sclc_transformation",),
        "resistance",
        _("Transformation to small-cell carcinoma: platinum-etoposide, treated as small-cell lung cancer."),
        "NCCN NSCLC 2025; ESMO 2023",
    ),
    # --- NSCLC: PD-L1 ----------------------------------------------------------------------------------------------
    # The harm of a checkpoint inhibitor before the targeted drug depends on the driver: pneumonitis before
    # osimertinib (EGFR), severe liver toxicity with crizotinib (ALK; CheckMate 370 closed its nivolumab +
    # crizotinib cohort for it). For the other drivers only the poor response is stated.
    Rule(
        NSCLC,
        "PDL1",
        (),
        "rules_out",
        _(
            "With an EGFR driver, PD-L1 is not a reason for immunotherapy: checkpoint inhibitors work poorly, and "
            "given before osimertinib they raise the risk of severe pneumonitis."
        ),
        "NCCN NSCLC 2025; ESMO 2023",
        when=("driver:EGFR",),
    ),
    Rule(
        NSCLC,
        "PDL1",
        (),
        "rules_out",
        _(
            "With an ALK driver, PD-L1 is not a reason for immunotherapy: checkpoint inhibitors work poorly, and "
            "combined with or given before crizotinib they caused severe liver damage."
        ),
        "NCCN NSCLC 2025; ESMO 2023; Spigel DR et al., J Thorac Oncol 2018 (CheckMate 370, nivolumab + "
        "crizotinib); J Thorac Oncol 2019 (checkpoint inhibitor then crizotinib: hepatotoxicity)",
        when=("driver:ALK",),
    ),
    Rule(
        NSCLC,
        "PDL1",
        (),
        "rules_out",
        _(
            "With a ROS1 or RET driver, PD-L1 is not a reason for immunotherapy: checkpoint inhibitors work poorly; "
            "the targeted drug for the driver comes first."
        ),
        "NCCN NSCLC 2025; ESMO 2023",
        when=("io_poor_driver",),
        unless=("driver:EGFR", "driver:ALK"),
    ),
    Rule(
        NSCLC,
        "PDL1",
        (),
        "actionable",
        _(
            "PD-L1 TPS 50 per cent or more, no driver: pembrolizumab, cemiplimab or atezolizumab alone, or immunotherapy "
            "with chemotherapy."
        ),
        S_NSCLC_IO,
        when=("score>=50",),
        unless=("io_poor_driver",),
        assay="nsclc_tps",
    ),
    Rule(
        NSCLC,
        "PDL1",
        (),
        "actionable",
        _("PD-L1 TPS 1-49 per cent, no driver: chemotherapy with a PD-1 or PD-L1 inhibitor."),
        S_NSCLC_IO,
        when=("score>=1", "score<50"),
        unless=("io_poor_driver",),
        assay="nsclc_tps",
    ),
    Rule(
        NSCLC,
        "PDL1",
        ("negative",),
        "note",
        _(
            "PD-L1 below 1 per cent, no driver: chemotherapy with immunotherapy (or nivolumab with ipilimumab) remains an "
            "option; the benefit is smaller."
        ),
        S_NSCLC_IO,
        unless=("io_poor_driver",),
        assay="nsclc_tps",
    ),
    # --- Breast ---------------------------------------------------------------------------------------------------
    Rule(
        ("breast",),
        "ER",
        (),
        "actionable",
        _(
            "Hormone receptor positive: endocrine therapy with a CDK4/6 inhibitor (palbociclib, ribociclib, abemaciclib)."
        ),
        S_BREAST,
        unless=("her2_positive",),
    ),
    Rule(
        ("breast",),
        "ER",
        (),
        "actionable",
        _("HER2-positive, hormone receptor positive: endocrine therapy can be added to HER2-directed maintenance."),
        S_BREAST,
        when=("her2_positive",),
    ),
    Rule(
        ("breast",),
        "HER2",
        ("ihc_3plus", "ish_amplified", "amplification"),
        "actionable",
        _(
            "HER2-positive: first line trastuzumab deruxtecan with pertuzumab, or trastuzumab, pertuzumab and a "
            "taxane; trastuzumab deruxtecan second line if not given first; tucatinib with trastuzumab and "
            "capecitabine, also for brain metastases."
        ),
        "FDA Dec 2025 (trastuzumab deruxtecan + pertuzumab first line, DESTINY-Breast09); NCCN Breast 2025; "
        "ESMO mBC 2024 (CLEOPATRA, DESTINY-Breast03, HER2CLIMB)",
        review_by="2027-06",
    ),
    Rule(
        ("breast",),
        "HER2",
        ("ihc_1plus", "ihc_2plus"),
        "actionable",
        _(
            "HER2-low (IHC 1+, or 2+ without amplification): trastuzumab deruxtecan after chemotherapy, or in "
            "hormone receptor positive disease after endocrine therapy."
        ),
        "NCCN Breast 2025; FDA 2022 (DESTINY-Breast04); FDA 2025 (DESTINY-Breast06)",
        unless=("her2_positive",),
    ),
    Rule(
        ("breast",),
        "HER2",
        ("ihc_ultralow",),
        "actionable",
        _("HER2-ultralow, hormone receptor positive: trastuzumab deruxtecan after one or more endocrine therapies."),
        "FDA 2025 (trastuzumab deruxtecan, DESTINY-Breast06); NCCN Breast 2025",
        when=("hr_positive",),
    ),
    Rule(
        ("breast",),
        "HER2",
        ("ihc_ultralow",),
        "note",
        _("HER2-ultralow opens trastuzumab deruxtecan only in hormone receptor positive disease."),
        "FDA 2025 (DESTINY-Breast06)",
        when=("hr_negative",),
    ),
    Rule(
        ("breast",),
        "HER2",
        ("ihc_0",),
        "rules_out",
        _("HER2 IHC 0 (no staining at all): HER2-directed drugs, including trastuzumab deruxtecan, are not indicated."),
        "NCCN Breast 2025; ESMO HER2-low consensus 2023",
    ),
    Rule(
        ("breast",),
        "PIK3CA",
        (),
        "actionable",
        _(
            "PIK3CA mutation: after endocrine therapy, capivasertib or alpelisib with fulvestrant; relapse during or "
            "within 12 months of finishing adjuvant endocrine therapy: inavolisib with palbociclib and fulvestrant."
        ),
        "NCCN Breast 2025; FDA May 2019 (alpelisib, SOLAR-1); FDA Nov 2023 (capivasertib, CAPItello-291); "
        "FDA Oct 2024 (inavolisib, INAVO120)",
        when=("hr_positive",),
        unless=("her2_positive",),
    ),
    Rule(
        ("breast",),
        "AKT1",
        (),
        "actionable",
        _("AKT1 mutation: capivasertib with fulvestrant after endocrine therapy."),
        "NCCN Breast 2025; FDA Nov 2023 (capivasertib, HR-positive HER2-negative, CAPItello-291)",
        when=("hr_positive",),
        unless=("her2_positive",),
    ),
    Rule(
        ("breast",),
        "PTEN",
        (),
        "actionable",
        _("PTEN alteration: capivasertib with fulvestrant after endocrine therapy."),
        "NCCN Breast 2025; FDA Nov 2023 (capivasertib, HR-positive HER2-negative, CAPItello-291)",
        when=("hr_positive",),
        unless=("her2_positive",),
    ),
    Rule(
        ("breast",),
        "ESR1",
        (),
        "resistance",
        _(
            "ESR1 mutation explains resistance to aromatase inhibitors: elacestrant or imlunestrant after "
            "endocrine therapy."
        ),
        "NCCN Breast 2025; FDA 2023 (elacestrant); FDA 2025 (imlunestrant)",
        when=("hr_positive",),
    ),
    Rule(
        ("breast",),
        "BRCA",
        (),
        "actionable",
        _("Germline BRCA1/2, HER2-negative: olaparib or talazoparib."),
        "NCCN Breast 2025; FDA 2018 (olaparib, OlympiAD; talazoparib, EMBRACA)",
        when=("germline",),
        unless=("her2_positive",),
    ),
    Rule(
        ("breast",),
        "BRCA",
        (),
        "note",
        _(
            "Tumour-only BRCA1/2: the PARP inhibitor approvals in breast cancer need a germline variant; a germline "
            "test decides."
        ),
        "NCCN Breast 2025; ESMO precision medicine 2024",
        unless=("germline",),
    ),
    Rule(
        ("breast",),
        "BRCA",
        (),
        "rules_out",
        _("In HER2-positive disease PARP inhibitors are not an approved option; the germline result matters for risk."),
        "NCCN Breast 2025",
        when=("her2_positive",),
    ),
    Rule(
        ("breast",),
        "GERMLINE",
        ("PALB2",),
        "actionable",
        _(
            "Germline PALB2, HER2-negative: olaparib worked in a phase II trial; it is not an approved use (off-label or "
            "in a trial)."
        ),
        "TBCRC 048 phase II (Tung NM et al., J Clin Oncol 2020)",
        unless=("her2_positive",),
    ),
    Rule(
        ("breast/triple_negative", "breast"),
        "PDL1",
        (),
        "actionable",
        _("Triple-negative, PD-L1 CPS 10 or more (22C3): pembrolizumab with chemotherapy first line."),
        "NCCN Breast 2025; FDA 2020 (KEYNOTE-355)",
        when=("triple_negative", "score>=10"),
        assay="tnbc_cps",
    ),
    Rule(
        ("breast/triple_negative", "breast"),
        "PDL1",
        (),
        "rules_out",
        _("Triple-negative, PD-L1 CPS below 10: pembrolizumab is not indicated in the metastatic setting."),
        "NCCN Breast 2025; FDA 2020 (KEYNOTE-355)",
        when=("triple_negative", "score<10"),
        assay="tnbc_cps",
    ),
    Rule(
        ("breast",),
        "PDL1",
        (),
        "note",
        _("PD-L1 does not guide treatment of hormone receptor positive or HER2-positive metastatic breast cancer."),
        S_BREAST,
        unless=("triple_negative",),
    ),
    # --- Colorectal -------------------------------------------------------------------------------------------------
    Rule(
        ("colorectal",),
        "MSI",
        (),
        "actionable",
        # %(msi)s: the patient's own result as found, dMMR by IHC or MSI-high by PCR/NGS (biomarkers.mmr); the
        # approvals below cover both (MSI-H/dMMR).
        _(
            "%(msi)s, no immunotherapy so far (any line): nivolumab with ipilimumab (CheckMate 8HW), or "
            "pembrolizumab or nivolumab alone (nivolumab alone after fluoropyrimidine, oxaliplatin and irinotecan)."
        ),
        "NCCN Colon 2025; FDA Apr 2025 (nivolumab + ipilimumab, unresectable or metastatic MSI-H/dMMR CRC, no line "
        "restriction, CheckMate 8HW; nivolumab alone after fluoropyrimidine, oxaliplatin and irinotecan); FDA Jun 2020 "
        "(pembrolizumab first line, KEYNOTE-177); FDA May 2017 (pembrolizumab, MSI-H/dMMR solid tumours after prior "
        "treatment)",
        unless=("received:immunotherapy",),
    ),
    Rule(
        ("colorectal",),
        "KRAS",
        (),
        "rules_out",
        _("KRAS mutation: cetuximab and panitumumab do not work and are not used (except with a G12C inhibitor)."),
        S_CRC,
    ),
    Rule(
        ("colorectal",),
        "NRAS",
        (),
        "rules_out",
        _("NRAS mutation: cetuximab and panitumumab do not work and are not used."),
        S_CRC,
    ),
    Rule(
        ("colorectal",),
        "KRAS",
        ("G12C",),
        "actionable",
        _(
            "KRAS G12C after chemotherapy: sotorasib with panitumumab, or adagrasib with cetuximab (the antibody is "
            "given only with the G12C inhibitor)."
        ),
        "NCCN Colon 2025; FDA 2024 (adagrasib + cetuximab); FDA 2025 (sotorasib + panitumumab)",
    ),
    Rule(
        ("colorectal", "pancreatic"),
        "KRAS",
        ("G12D", "G12V", "G13D", "other"),
        "rules_out",
        _("This KRAS variant is not G12C: sotorasib and adagrasib do not target it."),
        "NCCN 2025; ESMO 2023",
    ),
    Rule(
        ("colorectal",),
        "BRAF",
        ("V600E",),
        "actionable",
        _(
            "BRAF V600E: encorafenib with cetuximab and fluorouracil-based chemotherapy (mFOLFOX6) first line; "
            "encorafenib with cetuximab after earlier treatment."
        ),
        "NCCN Colon 2025; FDA 2020 (BEACON); FDA Dec 2024 accelerated, Feb 2026 regular approval (BREAKWATER)",
        unless=("msi_high",),
    ),
    Rule(
        ("colorectal",),
        "BRAF",
        ("V600E",),
        "actionable",
        # %(msi)s: the patient's own result as found, dMMR by IHC or MSI-high by PCR/NGS (biomarkers.mmr).
        _("BRAF V600E with %(msi)s: immunotherapy first; encorafenib with cetuximab later."),
        "NCCN Colon 2025; ESMO mCRC 2023",
        when=("msi_high",),
    ),
    Rule(
        ("colorectal",),
        "BRAF",
        ("V600E",),
        "rules_out",
        _("The dabrafenib-trametinib tissue-agnostic approval excludes colorectal cancer."),
        "FDA 2022 (dabrafenib + trametinib label)",
    ),
    Rule(
        ("colorectal",),
        "BRAF",
        ("V600E",),
        "prognosis",
        _("BRAF V600E carries a poorer prognosis; it also makes anti-EGFR antibodies alone ineffective."),
        S_CRC,
    ),
    # What BRAF V600E says about Lynch syndrome depends on the proteins lost (biomarkers.mmr.protein_loss). NICE
    # DG27 2017: abnormal MLH1 staining, or a positive MSI assay, goes to BRAF V600E testing and stops when it is
    # found (sporadic); abnormal MSH2, MSH6 or PMS2 staining goes straight to germline testing, BRAF not asked.
    Rule(
        ("colorectal",),
        "BRAF",
        ("V600E",),
        "germline",
        _(
            "BRAF V600E with loss of MLH1/PMS2 points to sporadic MSI (MLH1 methylation), not Lynch syndrome; "
            "germline testing is then usually not needed."
        ),
        S_LYNCH_PATTERN,
        when=("msi_high", "mmr_loss_mlh1"),
    ),
    Rule(
        ("colorectal",),
        "BRAF",
        ("V600E",),
        "germline",
        _(
            "BRAF V600E does not rule out Lynch syndrome here: it explains a loss of MLH1/PMS2, not the loss of "
            "MSH2/MSH6 (or of PMS2 alone) found in this cancer; germline testing is needed."
        ),
        S_LYNCH_PATTERN,
        when=("msi_high", "mmr_loss_not_mlh1"),
    ),
    Rule(
        ("colorectal",),
        "BRAF",
        ("V600E",),
        "germline",
        # An MSI assay (PCR, NGS), or dMMR without the proteins named: DG27's MSI strategy stops at BRAF V600E, but
        # which protein is lost is not known, and staining that shows abnormal MSH2, MSH6 or PMS2 (with MLH1 normal:
        # isolated PMS2 loss) would still call for germline testing (NICE DG27 2017, IHC strategy).
        _(
            "BRAF V600E with %(msi)s, no staining pattern recorded: sporadic MSI is likely and germline testing is "
            "usually not needed; if mismatch-repair staining shows loss of MSH2 or MSH6, or of PMS2 alone, germline "
            "testing is still needed."
        ),
        S_LYNCH_PATTERN,
        when=("msi_high", "mmr_loss_unknown"),
    ),
    Rule(
        ("colorectal",),
        "KRAS",
        ("negative",),
        "actionable",
        _(
            "RAS and BRAF wild-type, left-sided primary: chemotherapy with cetuximab or panitumumab is the "
            "preferred first line."
        ),
        "NCCN Colon 2025; ESMO mCRC 2023; PARADIGM 2023",
        when=("ras_wild_type", "left_sided"),
    ),
    Rule(
        ("colorectal",),
        "KRAS",
        ("negative",),
        "note",
        _(
            "RAS wild-type, right-sided primary: anti-EGFR antibodies give less benefit first line; chemotherapy "
            "with bevacizumab is preferred."
        ),
        "ESMO mCRC 2023; NCCN Colon 2025",
        when=("ras_wild_type", "right_sided"),
    ),
    Rule(
        ("colorectal",),
        "KRAS",
        ("negative",),
        "note",
        _(
            "RAS wild-type: the side of the primary decides whether anti-EGFR antibodies are used first line; record it."
        ),
        "ESMO mCRC 2023",
        when=("ras_wild_type", "side_unknown"),
    ),
    Rule(
        ("colorectal",),
        "HER2",
        ("ihc_3plus", "ish_amplified", "amplification"),
        "actionable",
        _(
            "HER2-positive (HERACLES: IHC 3+ in 50 per cent or more of cells, or 2+ with amplification), RAS wild-type: "
            "trastuzumab with tucatinib after chemotherapy; trastuzumab deruxtecan for IHC 3+."
        ),
        "NCCN Colon 2025; FDA 2023 (MOUNTAINEER); FDA 2024 (trastuzumab deruxtecan, IHC 3+)",
    ),
    Rule(
        ("colorectal",),
        "KRAS",
        (),
        "resistance",
        _(
            "RAS found after anti-EGFR treatment: acquired resistance; do not re-challenge with cetuximab or panitumumab."
        ),
        "ESMO mCRC 2023",
        when=("progressed_on:anti_egfr_antibody",),
    ),
    # --- Gastric / oesophageal ----------------------------------------------------------------------------------------
    Rule(
        ("gastric_oesophageal",),
        "HER2",
        ("ihc_3plus", "ish_amplified", "amplification"),
        "actionable",
        _(
            "HER2-positive: trastuzumab with fluoropyrimidine-platinum, with pembrolizumab when PD-L1 CPS is 1 or "
            "more; trastuzumab deruxtecan second line."
        ),
        "NCCN Gastric 2025; FDA 2023 (KEYNOTE-811); FDA 2021 (DESTINY-Gastric01)",
    ),
    Rule(
        ("gastric_oesophageal",),
        "PDL1",
        (),
        "actionable",
        _(
            "PD-L1 CPS 1 or more: nivolumab, pembrolizumab or tislelizumab with chemotherapy first line (the "
            "benefit grows with the score; ESMO favours CPS 5 or more)."
        ),
        "NCCN Gastric 2025; ESMO gastric 2024; FDA Dec 2024 (tislelizumab, RATIONALE-305); "
        "FDA May 2025 label update (nivolumab, pembrolizumab: PD-L1 1 or more)",
        when=("score>=1",),
        assay="gastric_cps",
    ),
    # Gastric and squamous oesophageal cancer apart: the gastric cut-off is a CPS, nivolumab's squamous one a
    # tumour-cell score (CheckMate 648), so only the gastric rule checks the scoring system.
    Rule(
        ("gastric_oesophageal",),
        "PDL1",
        (),
        "rules_out",
        _(
            "PD-L1 below 1, in HER2-negative, microsatellite-stable disease, first line: PD-1 inhibitors add "
            "little; the FDA labels were restricted to PD-L1 1 or more in 2025."
        ),
        "FDA May 2025 label update after ODAC Sep 2024 (CheckMate 649, KEYNOTE-859: HER2-negative, microsatellite-"
        "stable disease, first line); ESMO 2024",
        when=("score<1",),
        # Resectable disease: durvalumab with perioperative FLOT has no PD-L1 requirement (FDA Nov 2025, MATTERHORN).
        unless=("msi_high", "her2_positive", "non_metastatic"),
        assay="gastric_cps",
    ),
    Rule(
        ("oesophageal_squamous",),
        "PDL1",
        (),
        "rules_out",
        _(
            "PD-L1 below 1, microsatellite-stable disease, first line: PD-1 inhibitors add little; the FDA labels "
            "were restricted to PD-L1 1 or more in 2025."
        ),
        "FDA May 2025 label update after ODAC Sep 2024 (CheckMate 648, first line); ESMO 2024",
        when=("score<1",),
        unless=("msi_high",),
    ),
    Rule(
        ("gastric_oesophageal",),
        "PDL1",
        ("negative",),
        "rules_out",
        _(
            "PD-L1 below 1, in HER2-negative, microsatellite-stable disease, first line: PD-1 inhibitors add "
            "little; the FDA labels were restricted to PD-L1 1 or more in 2025."
        ),
        "FDA May 2025 label update after ODAC Sep 2024 (CheckMate 649, KEYNOTE-859: HER2-negative, microsatellite-"
        "stable disease, first line); ESMO 2024",
        unless=("has_score", "msi_high", "her2_positive", "non_metastatic"),
        assay="gastric_cps",
    ),
    Rule(
        ("gastric_oesophageal",),
        "CLDN18",
        ("positive_75",),
        "actionable",
        _(
            "Claudin 18.2 positive (2+/3+ in 75 per cent or more of cells), HER2-negative: zolbetuximab with chemotherapy."
        ),
        "NCCN Gastric 2025; FDA 2024 (zolbetuximab, SPOTLIGHT/GLOW)",
        unless=("her2_positive",),
    ),
    Rule(
        ("gastric_oesophageal",),
        "CLDN18",
        (),
        "rules_out",
        _("Claudin 18.2 staining below the 75 per cent (2+/3+) threshold: zolbetuximab is not indicated."),
        "FDA 2024 (zolbetuximab label); ESMO gastric 2024",
        when=("score<75",),
        unless=("has_class",),
    ),
    Rule(
        ("gastric_oesophageal", "oesophageal_squamous"),
        "MSI",
        (),
        "actionable",
        _("MSI-high / dMMR: immunotherapy with chemotherapy first line, or immunotherapy alone later."),
        "NCCN Gastric 2025; ESMO gastric 2024",
    ),
    Rule(
        ("oesophageal_squamous",),
        "PDL1",
        (),
        "actionable",
        _("PD-L1 1 or more: nivolumab, pembrolizumab or tislelizumab with chemotherapy first line."),
        "NCCN Esophageal 2025; FDA 2025 (tislelizumab first line, RATIONALE-306; nivolumab and pembrolizumab "
        "labels restricted to PD-L1 1 or more, CheckMate 648, KEYNOTE-590)",
        when=("score>=1",),
    ),
    # --- Melanoma -----------------------------------------------------------------------------------------------------
    Rule(
        ("melanoma",),
        "BRAF",
        ("V600E", "V600_other"),
        "actionable",
        _(
            "BRAF V600: BRAF plus MEK inhibitors (dabrafenib-trametinib, encorafenib-binimetinib, "
            "vemurafenib-cobimetinib); immunotherapy is usually given first unless a quick response is needed."
        ),
        "NCCN Melanoma 2025; ESMO melanoma 2024 (DREAMseq)",
    ),
    Rule(
        ("melanoma",),
        "BRAF",
        ("non_V600", "fusion"),
        "rules_out",
        _("Non-V600 BRAF alteration: BRAF V600 inhibitors are not the treatment."),
        S_MEL,
    ),
    Rule(
        ("melanoma",),
        "NRAS",
        (),
        "actionable",
        _(
            "NRAS mutation after progression on immunotherapy: a clinical trial. No MEK inhibitor is approved by the "
            "FDA or EMA for NRAS-mutant melanoma (binimetinib, NEMO: progression-free survival 2.8 against 1.5 months, "
            "no overall survival gain); tunlametinib is approved in China only. BRAF inhibitors are not used."
        ),
        "NCCN Melanoma 2025; Dummer R et al., Lancet Oncol 2017 (NEMO); NMPA 2024 (tunlametinib)",
        when=("progressed_on:immunotherapy",),
    ),
    Rule(
        ("melanoma",),
        "NRAS",
        (),
        "later",
        _(
            "NRAS mutation: nothing to change now. If the disease progresses, a clinical trial; no MEK inhibitor is "
            "approved by the FDA or EMA for NRAS-mutant melanoma (binimetinib, NEMO: progression-free survival 2.8 "
            "against 1.5 months, no overall survival gain); tunlametinib is approved in China only."
        ),
        "NCCN Melanoma 2025; Dummer R et al., Lancet Oncol 2017 (NEMO); NMPA 2024 (tunlametinib)",
        unless=("progressed_on:immunotherapy",),
        patient=_(
            "%(marker)s: this result does not change your treatment now. It may matter later, for clinical trials, "
            "if the illness stops responding. Ask your doctor to keep it in mind."
        ),
    ),
    Rule(
        ("melanoma",),
        "KIT",
        ("exon11", "exon13_17"),
        "actionable",
        _("KIT exon 11 or 13 mutation (acral, mucosal or sun-damaged skin): imatinib after immunotherapy."),
        S_MEL,
    ),
    Rule(
        ("melanoma",),
        "PDL1",
        (),
        "note",
        _("PD-L1 does not decide immunotherapy in melanoma: it is given whatever the PD-L1 result."),
        S_MEL,
    ),
    Rule(
        ("uveal_melanoma",),
        "HLA_A2",
        (),
        "actionable",
        _("HLA-A*02:01 positive: tebentafusp."),
        "NCCN Uveal Melanoma 2025; FDA Jan 2022 (tebentafusp, IMCgp100-202)",
    ),
    Rule(
        ("uveal_melanoma",),
        "HLA_A2",
        ("negative",),
        "rules_out",
        _("HLA-A*02:01 negative: tebentafusp cannot be used."),
        "FDA Jan 2022 (tebentafusp label: HLA-A*02:01-positive only)",
    ),
    # --- Prostate -----------------------------------------------------------------------------------------------------
    Rule(
        ("prostate",),
        "BRCA",
        (),
        "actionable",
        _(
            "BRCA1/2 in castration-resistant disease: olaparib (after an androgen receptor inhibitor, or with "
            "abiraterone), talazoparib with enzalutamide, or niraparib with abiraterone."
        ),
        "NCCN Prostate 2025; FDA 2020 (PROfound); FDA 2023 (PROpel, TALAPRO-2, MAGNITUDE)",
    ),
    Rule(
        ("prostate",),
        "HRR",
        (),
        "actionable",
        _(
            "HRR gene alteration other than BRCA: olaparib after an androgen receptor inhibitor, or talazoparib with "
            "enzalutamide; the benefit is smaller than for BRCA."
        ),
        "NCCN Prostate 2025; FDA 2020 (PROfound); FDA 2023 (TALAPRO-2)",
    ),
    Rule(
        ("prostate",),
        "PSMA",
        (),
        "actionable",
        _(
            "PSMA-positive castration-resistant disease after an androgen receptor pathway inhibitor: lutetium-177 "
            "PSMA-617, after taxane chemotherapy or before it when it can be delayed."
        ),
        "NCCN Prostate 2025; FDA Mar 2022 (VISION); FDA Mar 2025 (PSMAfore)",
    ),
    # --- Ovarian / endometrial / cervical -------------------------------------------------------------------------------
    Rule(
        ("ovarian",),
        "BRCA",
        (),
        "actionable",
        _("BRCA1/2 (germline or tumour): PARP inhibitor maintenance after response to platinum."),
        "NCCN Ovarian 2025; ESMO-ESGO 2024 (SOLO-1, PAOLA-1)",
    ),
    Rule(
        ("ovarian",),
        "HRD",
        (),
        "actionable",
        _("HRD-positive: olaparib with bevacizumab, or niraparib, as maintenance after response to platinum."),
        "NCCN Ovarian 2025; ESMO-ESGO 2024 (PAOLA-1, PRIMA)",
    ),
    Rule(
        ("ovarian",),
        "FOLR1",
        (),
        "actionable",
        _(
            "FRα-high (75 per cent or more of tumour cells stain 2+ or 3+): mirvetuximab soravtansine in "
            "platinum-resistant disease after 1 to 3 earlier treatments."
        ),
        "NCCN Ovarian 2025; FDA Nov 2022 accelerated (SORAYA; VENTANA FOLR1 test), Mar 2024 regular (MIRASOL)",
    ),
    Rule(
        ("ovarian/low_grade_serous",),
        "KRAS",
        (),
        "actionable",
        _("KRAS-mutated recurrent low-grade serous cancer: avutometinib with defactinib."),
        "FDA 2025 (avutometinib + defactinib, RAMP 201); NCCN Ovarian 2025",
    ),
    Rule(
        ("ovarian/low_grade_serous",),
        "BRAF",
        (),
        "actionable",
        _("BRAF-mutated low-grade serous cancer: a MEK inhibitor such as trametinib."),
        "NCCN Ovarian 2025 (GOG 281)",
    ),
    Rule(
        ("endometrial",),
        "MSI",
        (),
        "actionable",
        _("dMMR / MSI-high: dostarlimab, pembrolizumab or durvalumab with carboplatin-paclitaxel first line."),
        "NCCN Uterine 2025; FDA 2023-2024 (RUBY, NRG-GY018, DUO-E)",
    ),
    Rule(
        ("endometrial",),
        "POLE",
        (),
        "prognosis",
        _("POLE-mutated: excellent prognosis in early disease; it may spare adjuvant treatment."),
        "ESGO/ESTRO/ESP endometrial 2025",
    ),
    Rule(
        ("endometrial",),
        "TP53",
        (),
        "prognosis",
        _("p53-abnormal: the high-risk molecular class; test HER2 in serous carcinoma."),
        "ESGO/ESTRO/ESP endometrial 2025; NCCN Uterine 2025",
    ),
    Rule(
        ("endometrial",),
        "HER2",
        ("ihc_3plus", "ish_amplified", "amplification"),
        "actionable",
        _("HER2-positive serous carcinoma: trastuzumab with carboplatin-paclitaxel."),
        "NCCN Uterine 2025",
    ),
    Rule(
        ("cervical",),
        "PDL1",
        (),
        "actionable",
        _(
            "PD-L1 CPS 1 or more, persistent, recurrent or metastatic disease: pembrolizumab with chemotherapy, with "
            "or without bevacizumab."
        ),
        "NCCN Cervical 2025; FDA Oct 2021 (KEYNOTE-826); pembrolizumab with chemoradiotherapy for FIGO 2014 stage "
        "III-IVA is regardless of PD-L1 (FDA Jan 2024, KEYNOTE-A18)",
        when=("score>=1",),
        assay="cervical_cps",
    ),
    # --- Pancreatic / biliary / HCC --------------------------------------------------------------------------------------
    Rule(
        ("pancreatic",),
        "BRCA",
        (),
        "actionable",
        _(
            "Germline BRCA1/2: platinum chemotherapy first; if the cancer has not grown after 16 weeks, olaparib "
            "maintenance."
        ),
        "NCCN Pancreatic 2025; FDA 2019 (olaparib, POLO)",
        when=("germline",),
    ),
    Rule(
        ("pancreatic",),
        "BRCA",
        (),
        "note",
        _("Tumour-only BRCA1/2: favours platinum; olaparib maintenance needs a germline variant (germline test)."),
        S_PANC,
        unless=("germline",),
    ),
    Rule(
        ("pancreatic",),
        "KRAS",
        ("G12C",),
        "actionable",
        _("KRAS G12C: sotorasib or adagrasib after earlier treatment."),
        "NCCN Pancreatic 2025",
    ),
    Rule(
        ("pancreatic",),
        "KRAS",
        ("negative",),
        "note",
        _(
            "KRAS wild-type pancreatic cancer: look for fusions (NTRK, NRG1, RET, ALK, ROS1, BRAF, FGFR2) with an "
            "RNA-based panel; they are more frequent here and treatable."
        ),
        S_PANC,
    ),
    Rule(
        ("pancreatic",),
        "NRG1",
        (),
        "actionable",
        _("NRG1 fusion: zenocutuzumab after prior treatment."),
        "NCCN Pancreatic 2025; FDA 2024 (zenocutuzumab)",
    ),
    Rule(
        ("cholangiocarcinoma",),
        "FGFR2",
        ("fusion",),
        "actionable",
        _("FGFR2 fusion: pemigatinib or futibatinib after chemotherapy."),
        "NCCN Biliary Tract 2025; FDA 2020 (pemigatinib); FDA 2022 (futibatinib)",
    ),
    Rule(
        ("cholangiocarcinoma",),
        "FGFR2",
        (),
        "actionable",
        _("FGFR2 fusion: pemigatinib or futibatinib after chemotherapy."),
        "NCCN Biliary Tract 2025; FDA 2020 (pemigatinib); FDA 2022 (futibatinib)",
        unless=("has_class",),
    ),
    Rule(
        ("cholangiocarcinoma",),
        "IDH1",
        (),
        "actionable",
        _("IDH1 mutation: ivosidenib after chemotherapy."),
        "NCCN Biliary Tract 2025; FDA 2021 (ivosidenib, ClarIDHy)",
    ),
    Rule(
        ("cholangiocarcinoma",),
        "HER2",
        ("ihc_3plus",),
        "actionable",
        _("HER2 IHC 3+ after gemcitabine-based chemotherapy: zanidatamab or trastuzumab deruxtecan."),
        "NCCN Biliary Tract 2025; FDA Nov 2024 (zanidatamab, accelerated, HERIZON-BTC-01); "
        "FDA 2024 (trastuzumab deruxtecan, tissue-agnostic HER2 IHC 3+)",
    ),
    Rule(
        ("hcc",),
        "AFP",
        (),
        "actionable",
        _("AFP 400 ng/mL or more: ramucirumab after sorafenib."),
        "ESMO HCC 2021; FDA 2019 (REACH-2)",
    ),
    # --- Head and neck / urothelial / thyroid / brain / sarcoma / NET ----------------------------------------------------
    Rule(
        ("head_neck",),
        "PDL1",
        (),
        "actionable",
        _(
            "PD-L1 CPS 1 or more: pembrolizumab alone (strongest benefit at CPS 20 or more) or with "
            "platinum-fluorouracil, first line for recurrent or metastatic disease."
        ),
        "NCCN Head and Neck 2025; FDA Jun 2019 (KEYNOTE-048); EMA Keytruda product information 2024",
        when=("score>=1",),
        assay="hnscc_cps",
    ),
    Rule(
        ("head_neck",),
        "PDL1",
        (),
        "rules_out",
        _(
            "PD-L1 CPS below 1: pembrolizumab alone is not indicated; with platinum-fluorouracil it is FDA-approved "
            "whatever the CPS (the EMA requires CPS 1 or more for both)."
        ),
        "NCCN Head and Neck 2025; FDA Jun 2019 (KEYNOTE-048: with chemotherapy for all patients, alone for CPS 1 "
        "or more); EMA Keytruda product information 2024 (CPS 1 or more for both)",
        when=("score<1",),
        assay="hnscc_cps",
    ),
    Rule(
        ("head_neck",),
        "HPV",
        (),
        "prognosis",
        _("HPV-positive (p16) oropharyngeal cancer: better prognosis and its own staging (AJCC 8th edition)."),
        "NCCN Head and Neck 2025; AJCC 2017",
    ),
    Rule(
        ("head_neck",),
        "EBV_DNA",
        (),
        "prognosis",
        _("Plasma EBV DNA: a higher level means a poorer prognosis; it is followed during and after treatment."),
        "NCCN Head and Neck 2025; ESMO nasopharyngeal 2021",
    ),
    Rule(
        ("urothelial",),
        "FGFR3",
        (),
        "actionable",
        _(
            "FGFR3 alteration: erdafitinib after at least one earlier systemic treatment (not in place of "
            "immunotherapy for someone who can still have it)."
        ),
        "NCCN Bladder 2025; FDA Jan 2024 (erdafitinib, THOR)",
    ),
    Rule(
        ("thyroid",),
        "RET",
        (),
        "actionable",
        _("RET alteration: selpercatinib or pralsetinib."),
        "NCCN Thyroid 2025; FDA 2020/2024 (selpercatinib)",
    ),
    Rule(
        ("thyroid",),
        "BRAF",
        ("V600E",),
        "actionable",
        _(
            "BRAF V600E: dabrafenib with trametinib (anaplastic: urgently; radioiodine-refractory: after other options)."
        ),
        "NCCN Thyroid 2025; ATA anaplastic 2021; FDA 2018/2022",
    ),
    Rule(
        ("thyroid/medullary",),
        "GERMLINE",
        (),
        "germline",
        _("Germline RET (MEN2): genetic counselling, testing of relatives and screening for phaeochromocytoma."),
        "ATA medullary 2015; NCCN Thyroid 2025",
    ),
    Rule(
        ("glioma",),
        "IDH1",
        (),
        "actionable",
        _(
            "IDH-mutant glioma: better prognosis; vorasidenib for grade 2 astrocytoma or oligodendroglioma after "
            "surgery (biopsy or resection), from age 12."
        ),
        "EANO 2021; FDA Aug 2024 (vorasidenib, INDIGO)",
    ),
    Rule(
        ("glioma",),
        "CODEL_1P19Q",
        (),
        "prognosis",
        _("1p/19q codeletion defines oligodendroglioma: radiotherapy with PCV gives long survival."),
        "WHO CNS 2021; EANO 2021",
    ),
    Rule(
        ("glioma",),
        "MGMT",
        (),
        "prognosis",
        _("MGMT methylated: temozolomide works better; in older patients temozolomide alone is an option."),
        "EANO 2021; NCCN CNS 2025",
    ),
    Rule(
        ("glioma",),
        "MGMT",
        ("negative",),
        "prognosis",
        _("MGMT unmethylated: temozolomide adds little; a clinical trial is reasonable."),
        "EANO 2021; NCCN CNS 2025",
    ),
    Rule(
        ("gist",),
        "KIT",
        ("exon11",),
        "actionable",
        _("KIT exon 11: imatinib 400 mg daily."),
        "ESMO-EURACAN-GENTURIS GIST 2022; NCCN GIST 2025",
    ),
    Rule(
        ("gist",),
        "KIT",
        ("exon9",),
        "actionable",
        _("KIT exon 9: imatinib at the higher dose of 800 mg daily."),
        "ESMO-EURACAN-GENTURIS GIST 2022; NCCN GIST 2025",
    ),
    Rule(
        ("gist",),
        "PDGFRA",
        ("D842V",),
        "actionable",
        _("PDGFRA D842V: avapritinib."),
        "NCCN GIST 2025; FDA 2020 (avapritinib)",
    ),
    Rule(
        ("gist",),
        "PDGFRA",
        ("D842V",),
        "rules_out",
        _("PDGFRA D842V: imatinib, sunitinib and regorafenib do not work."),
        "ESMO-EURACAN-GENTURIS GIST 2022",
    ),
    Rule(
        ("neuroendocrine",),
        "SSTR",
        (),
        "actionable",
        _(
            "Somatostatin receptor positive: somatostatin analogues; lutetium-177 dotatate for gastro-entero-"
            "pancreatic NET after progression."
        ),
        "ENETS 2023; NCCN Neuroendocrine 2025; FDA 2018 (NETTER-1)",
    ),
    Rule(
        ("lymphoma",),
        "MYC",
        (),
        "prognosis",
        _("MYC with BCL2 rearrangement (double hit): high-grade B-cell lymphoma; more intensive treatment."),
        "WHO 2022; NCCN B-cell lymphomas 2025",
    ),
    Rule(
        ("lymphoma",),
        "COO",
        (),
        "prognosis",
        _("Cell of origin (GCB or ABC) refines prognosis; it does not change standard first-line treatment."),
        "NCCN B-cell lymphomas 2025",
    ),
    Rule(
        ("lymphoma",),
        "CD20",
        (),
        "actionable",
        _("CD20-positive: rituximab-based treatment; CD20 bispecific antibodies at relapse."),
        "NCCN B-cell lymphomas 2025",
    ),
    Rule(
        ("lymphoma",),
        "CD30",
        (),
        "actionable",
        _("CD30-positive T-cell lymphoma: brentuximab vedotin with CHP."),
        "NCCN T-cell lymphomas 2025; FDA 2018 (ECHELON-2)",
    ),
    Rule(
        ("lymphoma",),
        "EZH2",
        (),
        "actionable",
        _("EZH2-mutated follicular lymphoma: tazemetostat after two or more treatments."),
        "NCCN B-cell lymphomas 2025; FDA 2020 (tazemetostat)",
    ),
    Rule(
        ("lymphoma",),
        "TP53",
        (),
        "prognosis",
        _(
            "TP53-mutated mantle cell lymphoma: poor outcome with chemotherapy; BTK inhibitor-based treatment or a trial."
        ),
        "ESMO mantle cell lymphoma 2024; NCCN B-cell lymphomas 2025",
    ),
    # --- AML (ELN 2022) -----------------------------------------------------------------------------------------------
    Rule(
        ("aml",),
        "PML_RARA",
        (),
        "actionable",
        _("APL: ATRA with arsenic trioxide, started at once; most patients are cured."),
        "ELN APL 2019; NCCN AML 2025",
    ),
    Rule(
        ("aml",),
        "NPM1",
        (),
        "prognosis",
        _(
            "NPM1-mutated: favourable risk unless the karyotype is adverse (with FLT3-ITD: intermediate, ELN 2022). "
            "NPM1 MRD by quantitative PCR guides the transplant decision."
        ),
        S_AML,
    ),
    Rule(
        ("aml",),
        "NPM1",
        (),
        "actionable",
        _("Relapsed or refractory NPM1-mutated AML: a menin inhibitor, revumenib or ziftomenib."),
        "NCCN AML 2025; FDA Oct 2025 (revumenib, relapsed or refractory NPM1-mutated AML); "
        "FDA Nov 2025 (ziftomenib, relapsed or refractory NPM1-mutated AML, KOMET-001)",
        review_by="2027-06",
        when=("relapsed_refractory",),
    ),
    Rule(
        ("aml",),
        "NPM1",
        (),
        "later",
        _("At relapse of NPM1-mutated AML: a menin inhibitor, revumenib or ziftomenib."),
        "NCCN AML 2025; FDA Oct 2025 (revumenib, relapsed or refractory NPM1-mutated AML); "
        "FDA Nov 2025 (ziftomenib, relapsed or refractory NPM1-mutated AML, KOMET-001)",
        review_by="2027-06",
        unless=("relapsed_refractory",),
    ),
    Rule(
        ("aml",),
        "CBF",
        (),
        "actionable",
        _("Core-binding factor AML: favourable risk; gemtuzumab ozogamicin with intensive chemotherapy."),
        S_AML,
    ),
    Rule(
        ("aml",),
        "FLT3",
        (),
        "actionable",
        _(
            "FLT3 mutation: midostaurin (ITD or TKD) or quizartinib (ITD) with intensive chemotherapy; gilteritinib "
            "at relapse."
        ),
        "NCCN AML 2025; ELN 2022; FDA 2017 (midostaurin); FDA Jul 2023 (quizartinib, newly diagnosed FLT3-ITD, "
        "QuANTUM-First); FDA 2018 (gilteritinib)",
        unless=("relapsed_refractory",),
    ),
    Rule(
        ("aml",),
        "FLT3",
        (),
        "actionable",
        _("Relapsed or refractory FLT3-mutated AML: gilteritinib."),
        "NCCN AML 2025; FDA 2018 (gilteritinib, ADMIRAL)",
        when=("relapsed_refractory",),
    ),
    Rule(
        ("aml",),
        "IDH1",
        (),
        "actionable",
        _("IDH1 mutation: ivosidenib (with azacitidine when intensive chemotherapy is not possible, or at relapse)."),
        "ELN 2022; NCCN AML 2025; FDA Jul 2018 (ivosidenib, relapsed or refractory AML); FDA May 2022 (ivosidenib + "
        "azacitidine, AGILE)",
    ),
    Rule(
        ("aml",),
        "IDH2",
        (),
        "actionable",
        _("Relapsed or refractory IDH2-mutated AML: enasidenib."),
        "NCCN AML 2025; FDA 2017 (enasidenib, relapsed or refractory AML)",
        when=("relapsed_refractory",),
    ),
    Rule(
        ("aml",),
        "IDH2",
        (),
        "later",
        _("IDH2 mutation: enasidenib at relapse."),
        "NCCN AML 2025; FDA 2017 (enasidenib, relapsed or refractory AML)",
        unless=("relapsed_refractory",),
    ),
    Rule(
        ("aml", "all"),
        "KMT2A",
        (),
        "actionable",
        _("Relapsed or refractory KMT2A-rearranged acute leukaemia: the menin inhibitor revumenib."),
        "NCCN AML 2025; FDA Nov 2024 (revumenib, relapsed or refractory KMT2A-translocated acute leukaemia)",
        when=("relapsed_refractory",),
    ),
    Rule(
        ("aml", "all"),
        "KMT2A",
        (),
        "later",
        _("KMT2A rearrangement: the menin inhibitor revumenib at relapse."),
        "NCCN AML 2025; FDA Nov 2024 (revumenib, relapsed or refractory KMT2A-translocated acute leukaemia)",
        unless=("relapsed_refractory",),
    ),
    Rule(
        ("aml",),
        "TP53",
        (),
        "prognosis",
        _("TP53-mutated AML: adverse risk; poor results with chemotherapy; a clinical trial is preferred."),
        S_AML,
    ),
    Rule(
        ("aml",),
        "KARYOTYPE",
        ("t9_22",),
        "actionable",
        _("BCR::ABL1 (t(9;22)): add a tyrosine kinase inhibitor; adverse risk."),
        S_AML,
    ),
    Rule(
        ("aml",),
        "MRD",
        (),
        "prognosis",
        # "Should be considered", as the MRD note of the same case says (cases.clinical.aml_followup): ELN 2022 and
        # the ELN MRD 2021 update weigh transplant by MRD level and time point, with fitness and donor; no blanket
        # recommendation for every positive MRD (review 2026-11-30, A6L: NPM1 0.8% of ABL1).
        _(
            "Measurable residual disease after treatment: a higher relapse risk, weighed by its level, time point "
            "and trend; allogeneic transplant in first remission should be considered for fit patients."
        ),
        "ELN 2022; ELN MRD 2021",
    ),
    Rule(
        ("aml",),
        "MRD",
        ("negative",),
        "prognosis",
        _("MRD negative: lower relapse risk; for favourable-risk AML, transplant in first remission is not routine."),
        "ELN 2022; ELN MRD 2021",
    ),
    # --- Myeloma (IMWG 2025) ------------------------------------------------------------------------------------------
    Rule(
        ("myeloma",),
        "DEL17P",
        (),
        "prognosis",
        _(
            "del(17p) in 20 per cent or more of plasma cells: high-risk myeloma (IMWG 2025). It shapes intensity and "
            "monitoring; it does not open a drug of its own."
        ),
        S_MM,
    ),
    Rule(
        ("myeloma",),
        "TP53",
        (),
        "prognosis",
        _("TP53 mutation: high-risk myeloma (IMWG 2025)."),
        S_MM,
    ),
    Rule(
        ("myeloma",),
        "T11_14",
        (),
        "actionable",
        _("t(11;14): venetoclax with dexamethasone at relapse (off-label)."),
        "NCCN Multiple Myeloma 2025",
    ),
    # --- ALL, CLL, CML, MDS ---------------------------------------------------------------------------------------------
    Rule(
        ("all",),
        "BCR_ABL1",
        (),
        "actionable",
        _(
            "Philadelphia-positive ALL: a tyrosine kinase inhibitor (dasatinib or ponatinib) with chemotherapy or blinatumomab."
        ),
        "NCCN ALL 2024",
    ),
    Rule(
        ("all",),
        "MRD",
        (),
        "actionable",
        _("MRD-positive B-cell ALL: blinatumomab; allogeneic transplant discussion."),
        "NCCN ALL 2024; FDA 2018 (blinatumomab)",
    ),
    Rule(
        ("all",),
        "CD22",
        (),
        "actionable",
        _("CD22-positive relapsed B-cell ALL: inotuzumab ozogamicin."),
        "NCCN ALL 2024; FDA 2017 (inotuzumab ozogamicin)",
    ),
    Rule(
        ("cll",),
        "DEL17P",
        (),
        "rules_out",
        _("del(17p): chemoimmunotherapy does not work well; a BTK inhibitor or venetoclax-based treatment."),
        "iwCLL 2018; ESMO CLL 2024",
    ),
    Rule(
        ("cll",),
        "TP53",
        (),
        "rules_out",
        _("TP53 mutation: chemoimmunotherapy does not work well; a BTK inhibitor or venetoclax-based treatment."),
        "iwCLL 2018; ESMO CLL 2024",
    ),
    Rule(
        ("cll",),
        "IGHV",
        ("negative",),
        "prognosis",
        _("Unmutated IGHV: shorter remissions with chemoimmunotherapy; targeted treatment preferred."),
        "iwCLL 2018; ESMO CLL 2024",
    ),
    Rule(
        ("cml",),
        "ABL1_KD",
        (),
        "resistance",
        _("ABL1 kinase domain mutation explains resistance; T315I: ponatinib or asciminib."),
        "ELN CML 2020; NCCN CML 2025",
    ),
    Rule(
        ("cml",),
        "BCR_ABL1",
        (),
        "actionable",
        _("BCR::ABL1 confirms CML: a tyrosine kinase inhibitor; the PCR level (IS) is followed every 3 months."),
        "ELN CML 2020",
    ),
    Rule(
        ("mds",),
        "KARYOTYPE",
        ("del5q",),
        "actionable",
        _("Isolated del(5q), lower risk, transfusion-dependent: lenalidomide."),
        "NCCN MDS 2025; ESMO MDS 2021",
    ),
    Rule(
        ("mds",),
        "SF3B1",
        (),
        "actionable",
        _(
            "SF3B1-mutated lower-risk MDS with anaemia needing transfusions: luspatercept, first line or after an "
            "erythropoiesis-stimulating agent."
        ),
        "NCCN MDS 2025; FDA Apr 2020 (luspatercept after ESA, MEDALIST); FDA Aug 2023 (ESA-naive, COMMANDS)",
    ),
    Rule(
        ("mds",),
        "TP53",
        (),
        "prognosis",
        _("TP53-mutated MDS: very high risk (IPSS-M); transplant or a trial."),
        "IPSS-M 2022; NCCN MDS 2025",
    ),
    Rule(
        ("mds",),
        "IDH1",
        (),
        "actionable",
        _("IDH1-mutated relapsed or refractory MDS: ivosidenib."),
        "NCCN MDS 2025; FDA Oct 2023 (ivosidenib, relapsed or refractory IDH1-mutated MDS)",
        when=("relapsed_refractory",),
    ),
    Rule(
        ("mds",),
        "IDH1",
        (),
        "later",
        _("IDH1 mutation: ivosidenib if the MDS relapses or does not respond to treatment."),
        "NCCN MDS 2025; FDA Oct 2023 (ivosidenib, relapsed or refractory IDH1-mutated MDS)",
        unless=("relapsed_refractory",),
    ),
    # --- Tissue-agnostic (solid tumours; a cancer-specific rule for the marker takes precedence) --------------------
    Rule(
        ("SOLID",),
        "MSI",
        (),
        "actionable",
        _("MSI-high / dMMR solid tumour: pembrolizumab or dostarlimab (tissue-agnostic)."),
        "FDA 2017 (pembrolizumab); FDA 2021 (dostarlimab)",
    ),
    Rule(
        ("SOLID",),
        "TMB",
        (),
        "actionable",
        _("TMB-high (10 or more mutations/Mb): pembrolizumab after prior treatment (tissue-agnostic)."),
        "FDA 2020 (pembrolizumab, KEYNOTE-158)",
    ),
    Rule(
        ("SOLID",),
        "NTRK",
        (),
        "actionable",
        _("NTRK fusion: larotrectinib, entrectinib or repotrectinib (tissue-agnostic)."),
        "FDA 2018 (larotrectinib); FDA 2019 (entrectinib); FDA Jun 2024 (repotrectinib, TRIDENT-1)",
    ),
    Rule(
        ("SOLID",),
        "RET",
        (),
        "actionable",
        _("RET fusion: selpercatinib (tissue-agnostic)."),
        "FDA 2022 (selpercatinib)",
    ),
    Rule(
        ("SOLID",),
        "BRAF",
        ("V600E",),
        "actionable",
        _("BRAF V600E: dabrafenib with trametinib after prior treatment (tissue-agnostic; not colorectal cancer)."),
        "FDA 2022 (dabrafenib + trametinib)",
        unless=("cancer:colorectal",),
    ),
    Rule(
        ("SOLID",),
        "HER2",
        ("ihc_3plus",),
        "actionable",
        _("HER2 IHC 3+: trastuzumab deruxtecan after prior treatment (tissue-agnostic)."),
        "FDA 2024 (trastuzumab deruxtecan, DESTINY-PanTumor02)",
    ),
    # --- Germline consequence (any cancer) ------------------------------------------------------------------------------
    Rule(
        ("ANY",),
        "BRCA",
        (),
        "germline",
        _("Germline BRCA1/2: genetic counselling, and testing offered to blood relatives (cascade testing)."),
        S_GERMLINE,
        when=("germline",),
    ),
    Rule(
        ("ANY",),
        "GERMLINE",
        (),
        "germline",
        _(
            "Inherited cancer gene variant: genetic counselling, and testing offered to blood relatives (cascade testing)."
        ),
        S_GERMLINE,
        unless=("cancer:thyroid",),
    ),
    Rule(
        ("ANY",),
        "HRR",
        (),
        "germline",
        _("Germline HRR gene variant: genetic counselling and testing of relatives."),
        S_GERMLINE,
        when=("germline",),
    ),
)
