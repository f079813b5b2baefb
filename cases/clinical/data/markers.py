"""Biomarkers that can open a treatment option: data only.

code -> (label, why it matters, guideline, tissue-agnostic). A marker has one
code everywhere; panels.py may give a cancer-specific "why" and guideline.
"""

from ..i18n import gettext_noop

MARKERS = {
    "EGFR": (
        gettext_noop("EGFR mutation"),
        gettext_noop("EGFR inhibitors such as osimertinib"),
        "NCCN NSCLC; ESMO oncogene-addicted mNSCLC",
        False,
    ),
    "ALK": (
        gettext_noop("ALK rearrangement"),
        gettext_noop("ALK inhibitors such as alectinib or lorlatinib"),
        "NCCN NSCLC; ESMO oncogene-addicted mNSCLC",
        False,
    ),
    "ROS1": (
        gettext_noop("ROS1 rearrangement"),
        gettext_noop("ROS1 inhibitors such as entrectinib, crizotinib or repotrectinib"),
        "NCCN NSCLC; ESMO oncogene-addicted mNSCLC",
        False,
    ),
    "RET": (
        gettext_noop("RET fusion or mutation"),
        gettext_noop("RET inhibitors such as selpercatinib (tissue-agnostic for RET fusions)"),
        "NCCN; FDA tissue-agnostic approval (selpercatinib)",
        True,
    ),
    "MET": (
        gettext_noop("MET exon 14 skipping or amplification"),
        gettext_noop("MET inhibitors such as capmatinib or tepotinib"),
        "NCCN NSCLC; ESMO oncogene-addicted mNSCLC",
        False,
    ),
    "BRAF": (
        gettext_noop("BRAF V600E mutation"),
        gettext_noop("BRAF plus MEK inhibitors such as dabrafenib with trametinib (tissue-agnostic)"),
        "NCCN; FDA tissue-agnostic approval (dabrafenib + trametinib)",
        True,
    ),
    "NTRK": (
        gettext_noop("NTRK1/2/3 fusion"),
        gettext_noop("TRK inhibitors such as larotrectinib or entrectinib, for any solid tumour"),
        "NCCN; ESMO precision medicine working group; FDA tissue-agnostic approval",
        True,
    ),
    "KRAS": (
        gettext_noop("KRAS mutation (including G12C)"),
        gettext_noop(
            "KRAS G12C inhibitors such as sotorasib or adagrasib; decides anti-EGFR eligibility in bowel cancer"
        ),
        "NCCN; ESMO",
        False,
    ),
    "NRAS": (
        gettext_noop("NRAS mutation"),
        gettext_noop("decides whether anti-EGFR antibodies can work"),
        "NCCN Colon/Rectal; ESMO mCRC",
        False,
    ),
    "HER2": (
        gettext_noop("HER2 (ERBB2) status"),
        gettext_noop("HER2-directed drugs such as trastuzumab or trastuzumab deruxtecan"),
        "NCCN; ASCO/CAP HER2 testing guideline",
        False,
    ),
    "PDL1": (
        gettext_noop("PD-L1 expression"),
        gettext_noop("immunotherapy with checkpoint inhibitors"),
        "NCCN; ESMO",
        False,
    ),
    "MSI": (
        gettext_noop("MSI-high / mismatch repair deficiency (dMMR)"),
        gettext_noop("immunotherapy such as pembrolizumab or dostarlimab, for any solid tumour"),
        "NCCN; ESMO; FDA tissue-agnostic approval (pembrolizumab)",
        True,
    ),
    "TMB": (
        gettext_noop("Tumour mutational burden (TMB)"),
        gettext_noop("pembrolizumab for TMB-high (10 or more mutations/Mb) solid tumours"),
        "NCCN; FDA tissue-agnostic approval (pembrolizumab)",
        True,
    ),
    "NRG1": (
        gettext_noop("NRG1 fusion"),
        gettext_noop("zenocutuzumab for NRG1 fusion-positive lung and pancreatic cancer"),
        "NCCN NSCLC; NCCN Pancreatic",
        False,
    ),
    "ER": (
        gettext_noop("Oestrogen receptor (ER)"),
        gettext_noop("endocrine therapy with CDK4/6 inhibitors"),
        "NCCN Breast; ESMO mBC; ASCO/CAP ER/PR guideline",
        False,
    ),
    "PR": (
        gettext_noop("Progesterone receptor (PR)"),
        gettext_noop("supports endocrine therapy decisions"),
        "NCCN Breast; ASCO/CAP ER/PR guideline",
        False,
    ),
    "AR": (
        gettext_noop("Androgen receptor (AR)"),
        gettext_noop("anti-androgen therapy in clinical trials for AR-positive triple-negative breast cancer"),
        "ESMO mBC (investigational)",
        False,
    ),
    "BRCA": (
        gettext_noop("BRCA1/2 mutation (germline or tumour)"),
        gettext_noop("PARP inhibitors such as olaparib or talazoparib; family testing"),
        "NCCN; ESMO; ASCO germline testing guideline",
        False,
    ),
    "HRD": (
        gettext_noop("Homologous recombination deficiency (HRD)"),
        gettext_noop("PARP inhibitor maintenance such as olaparib with bevacizumab or niraparib"),
        "NCCN Ovarian; ESMO-ESGO ovarian",
        False,
    ),
    "HRR": (
        gettext_noop("HRR gene alterations (ATM, PALB2, CDK12 and others)"),
        gettext_noop("PARP inhibitors such as olaparib in metastatic castration-resistant prostate cancer"),
        "NCCN Prostate; ESMO prostate",
        False,
    ),
    "PIK3CA": (
        gettext_noop("PIK3CA mutation (or AKT1/PTEN alteration)"),
        gettext_noop("alpelisib, inavolisib or capivasertib with endocrine therapy"),
        "NCCN Breast; ESMO mBC",
        False,
    ),
    "ESR1": (
        gettext_noop("ESR1 mutation (usually by blood test)"),
        gettext_noop("elacestrant after progression on endocrine therapy"),
        "NCCN Breast; ESMO mBC",
        False,
    ),
    "FGFR2": (
        gettext_noop("FGFR2 fusion or rearrangement"),
        gettext_noop("FGFR inhibitors such as pemigatinib or futibatinib"),
        "NCCN Biliary Tract; ESMO biliary",
        False,
    ),
    "IDH1": (gettext_noop("IDH1 mutation"), gettext_noop("IDH1 inhibitors such as ivosidenib"), "NCCN; ESMO", False),
    "IDH2": (gettext_noop("IDH2 mutation"), gettext_noop("IDH2 inhibitor enasidenib"), "NCCN AML; ELN 2022", False),
    "FLT3": (
        gettext_noop("FLT3 mutation (ITD or TKD)"),
        gettext_noop("FLT3 inhibitors such as midostaurin, quizartinib or gilteritinib"),
        "NCCN AML; ELN 2022",
        False,
    ),
    "NPM1": (
        gettext_noop("NPM1 mutation"),
        gettext_noop("risk group and transplant decision; menin inhibitors at relapse"),
        "NCCN AML; ELN 2022",
        False,
    ),
    "CEBPA": (
        gettext_noop("CEBPA bZIP in-frame mutation"),
        gettext_noop("favourable risk group: shapes the decision about transplant"),
        "ELN 2022",
        False,
    ),
    "TP53": (
        gettext_noop("TP53 mutation / abnormal p53"),
        gettext_noop("high-risk group: shapes treatment intensity and trial options"),
        "ELN 2022; ESMO",
        False,
    ),
    "KMT2A": (
        gettext_noop("KMT2A rearrangement"),
        gettext_noop("menin inhibitors such as revumenib; adverse risk group"),
        "NCCN AML; ELN 2022",
        False,
    ),
    "CBF": (
        gettext_noop("Core-binding factor fusion (RUNX1::RUNX1T1 or CBFB::MYH11)"),
        gettext_noop("gemtuzumab ozogamicin with chemotherapy; favourable risk"),
        "NCCN AML; ELN 2022",
        False,
    ),
    "PML_RARA": (
        gettext_noop("PML::RARA fusion (APL)"),
        gettext_noop("urgent ATRA with arsenic trioxide: a different, highly curable treatment"),
        "NCCN AML; ELN 2019 APL",
        False,
    ),
    "CLDN18": (
        gettext_noop("Claudin 18.2 expression"),
        gettext_noop("zolbetuximab with chemotherapy"),
        "NCCN Gastric; ESMO gastric",
        False,
    ),
    "FOLR1": (
        gettext_noop("Folate receptor alpha (FRα) expression"),
        gettext_noop("mirvetuximab soravtansine in platinum-resistant disease"),
        "NCCN Ovarian",
        False,
    ),
    "POLE": (
        gettext_noop("POLE mutation"),
        gettext_noop("molecular class with excellent prognosis: may avoid extra treatment"),
        "ESGO/ESTRO/ESP endometrial; NCCN Uterine",
        False,
    ),
    "KIT": (
        gettext_noop("KIT mutation"),
        gettext_noop("KIT inhibitors such as imatinib for mucosal or acral melanoma"),
        "NCCN Melanoma",
        False,
    ),
    "PSMA": (
        gettext_noop("PSMA PET positivity"),
        gettext_noop("radioligand therapy with lutetium-177 PSMA-617"),
        "NCCN Prostate; EAU",
        False,
    ),
    "DEL17P": (
        gettext_noop("del(17p)"),
        gettext_noop("high-risk myeloma: shapes treatment intensity and trial options"),
        "IMWG; R-ISS/R2-ISS; mSMART",
        False,
    ),
    "T4_14": (
        gettext_noop("t(4;14)"),
        gettext_noop("high-risk myeloma: shapes treatment intensity"),
        "IMWG; R-ISS; mSMART",
        False,
    ),
    "T14_16": (
        gettext_noop("t(14;16)"),
        gettext_noop("high-risk myeloma: shapes treatment intensity"),
        "IMWG; R-ISS; mSMART",
        False,
    ),
    "GAIN1Q": (
        gettext_noop("1q gain/amplification"),
        gettext_noop("high-risk myeloma: shapes treatment intensity"),
        "IMWG; R2-ISS; mSMART",
        False,
    ),
    "T11_14": (
        gettext_noop("t(11;14)"),
        gettext_noop("venetoclax-based treatment options"),
        "NCCN Myeloma; mSMART",
        False,
    ),
    "CD20": (
        gettext_noop("CD20 expression"),
        gettext_noop("anti-CD20 antibodies such as rituximab and CD20 bispecific antibodies"),
        "NCCN B-cell lymphomas; ESMO",
        False,
    ),
    "CD30": (
        gettext_noop("CD30 expression"),
        gettext_noop("brentuximab vedotin"),
        "NCCN Hodgkin lymphoma; NCCN T-cell lymphomas",
        False,
    ),
    "MYC": (
        gettext_noop("MYC rearrangement with BCL2 and/or BCL6 (double/triple hit)"),
        gettext_noop("calls for more intensive treatment"),
        "NCCN B-cell lymphomas; WHO 2022",
        False,
    ),
    "EZH2": (
        gettext_noop("EZH2 mutation"),
        gettext_noop("tazemetostat for relapsed follicular lymphoma"),
        "NCCN B-cell lymphomas",
        False,
    ),
}
