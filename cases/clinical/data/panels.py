"""Biomarker panels per cancer type and subtype for the metastatic setting: data only.

key "type" or "type/subtype" -> guideline (name and year), whether the
tissue-agnostic markers apply (solid tumours only), and the markers in the
order the MDT reads them. An entry is a marker code, or (code, why, guideline)
when the reason differs for this cancer. What a result means, what it rules
out and when a marker stops being a gap is in data/biomarker_rules.py.
"""

from ..i18n import gettext_noop

_ = gettext_noop

_NSCLC_GUIDELINE = "NCCN NSCLC 2025; ESMO oncogene-addicted mNSCLC 2023; IASLC/CAP/AMP 2018"
_NSCLC = "NCCN NSCLC 2025; ESMO oncogene-addicted mNSCLC 2023"
_EGFR_LUNG = (
    "EGFR",
    _("osimertinib or amivantamab-based treatment, chosen by the variant (exon 20 insertions need amivantamab)"),
    _NSCLC,
)
_KRAS_LUNG = ("KRAS", _("sotorasib or adagrasib for KRAS G12C only (after first-line treatment)"), _NSCLC)
_HER2_LUNG = (
    "HER2",
    _("trastuzumab deruxtecan or zongertinib for an ERBB2 (HER2) mutation"),
    "NCCN NSCLC 2025; FDA 2022 (trastuzumab deruxtecan); FDA 2025 (zongertinib)",
)
_MET_LUNG = (
    "MET",
    _("capmatinib or tepotinib for MET exon 14 skipping; telisotuzumab vedotin for c-Met overexpression"),
    "NCCN NSCLC 2025; FDA 2020/2024 (capmatinib, tepotinib); FDA 2025 (telisotuzumab vedotin)",
)
_PDL1_LUNG = (
    "PDL1",
    _("immunotherapy alone or with chemotherapy, by PD-L1 TPS, when no driver is found"),
    "NCCN NSCLC 2025; ESMO non-oncogene-addicted mNSCLC 2023",
)
_NSCLC_NONSQUAMOUS = [
    _EGFR_LUNG,
    "ALK",
    "ROS1",
    _KRAS_LUNG,
    ("BRAF", _("dabrafenib with trametinib or encorafenib with binimetinib for V600E"), _NSCLC),
    _MET_LUNG,
    ("RET", _("selpercatinib or pralsetinib for RET fusions"), _NSCLC),
    "NTRK",
    _HER2_LUNG,
    "NRG1",
    _PDL1_LUNG,
]

_HER2_BREAST = (
    "HER2",
    _("HER2-positive: trastuzumab-based treatment; HER2-low or ultralow: trastuzumab deruxtecan (needs the IHC score)"),
    "ASCO/CAP HER2 2023; NCCN Breast 2025; FDA 2022/2025 (trastuzumab deruxtecan)",
)
_BREAST = "NCCN Breast 2025; ESMO mBC 2024"
_GERMLINE_BREAST = (
    "GERMLINE",
    _(
        "olaparib or talazoparib for germline BRCA1/2 in HER2-negative disease (germline PALB2: olaparib, phase II "
        "evidence only)"
    ),
    "NCCN Breast 2025; ASCO-SSO hereditary breast cancer 2024; TBCRC 048 (Tung NM et al., J Clin Oncol 2020)",
)
_ESR1 = ("ESR1", _("elacestrant or imlunestrant after progression on endocrine therapy (re-test by ctDNA)"), _BREAST)

_CRC = "NCCN Colon/Rectal 2025; ESMO mCRC 2023"
_CRC_MARKERS = [
    ("MSI", _("first-line immunotherapy (pembrolizumab, or nivolumab with ipilimumab); Lynch syndrome work-up"), _CRC),
    ("KRAS", _("KRAS exons 2-4: any mutation rules out cetuximab and panitumumab; G12C opens G12C inhibitors"), _CRC),
    ("NRAS", _("NRAS exons 2-4: any mutation rules out cetuximab and panitumumab"), _CRC),
    (
        "BRAF",
        _("encorafenib with cetuximab (first line with mFOLFOX6); sorts Lynch from sporadic MSI"),
        "NCCN Colon 2025; ESMO mCRC 2023; FDA Dec 2024/Feb 2026 (BREAKWATER)",
    ),
    (
        "HER2",
        _("trastuzumab with tucatinib in RAS wild-type disease (HERACLES scoring); trastuzumab deruxtecan for IHC 3+"),
        "NCCN Colon 2025; ESMO mCRC 2023; FDA 2023 (MOUNTAINEER)",
    ),
    ("DPYD", _("DPD deficiency testing before fluorouracil or capecitabine"), "EMA 2020; ESMO mCRC 2023"),
    ("UGT1A1", _("UGT1A1 genotype before irinotecan"), "DPWG 2022; FDA irinotecan label"),
]

_GASTRIC = "NCCN Gastric 2025; ESMO gastric 2024"
_GASTRIC_MARKERS = [
    (
        "HER2",
        _(
            "trastuzumab with chemotherapy (and pembrolizumab when PD-L1 CPS is 1 or more); trastuzumab deruxtecan later"
        ),
        "NCCN Gastric 2025; ESMO gastric 2024; ASCO/CAP/ASCP gastroesophageal HER2 2016",
    ),
    (
        "PDL1",
        _("nivolumab, pembrolizumab or tislelizumab with chemotherapy when PD-L1 CPS is 1 or more"),
        "NCCN Gastric 2025; ESMO gastric 2024; FDA 2025 label update (CPS 1 or more)",
    ),
    ("CLDN18", _("zolbetuximab with chemotherapy when 75 per cent or more of tumour cells stain 2+/3+"), _GASTRIC),
    ("MSI", _("immunotherapy; Lynch syndrome work-up"), _GASTRIC),
    ("DPYD", _("DPD deficiency testing before fluorouracil or capecitabine"), "EMA 2020; ESMO gastric 2024"),
]

_MELANOMA = "NCCN Melanoma 2025; ESMO melanoma 2024"
_MELANOMA_MARKERS = [
    (
        "BRAF",
        _("BRAF plus MEK inhibitors for any V600 mutation (V600E or V600K)"),
        _MELANOMA,
    ),
    ("NRAS", _("no BRAF inhibitor; MEK inhibitor or a trial after immunotherapy"), _MELANOMA),
]
_KIT_MELANOMA = ("KIT", _("imatinib for KIT exon 11 or 13 mutations (acral, mucosal or sun-damaged skin)"), _MELANOMA)

_PROSTATE = "NCCN Prostate 2025; ESMO prostate 2025"
_PROSTATE_MARKERS = [
    ("GERMLINE", _("germline testing for every man with metastatic prostate cancer"), _PROSTATE),
    (
        "BRCA",
        _("PARP inhibitors (olaparib, talazoparib or niraparib, alone or with an androgen receptor inhibitor)"),
        "NCCN Prostate 2025; FDA 2020/2023 (olaparib, talazoparib, niraparib)",
    ),
    ("HRR", _("olaparib, or talazoparib with enzalutamide, for other HRR genes"), _PROSTATE),
    ("MSI", _("pembrolizumab; Lynch syndrome work-up"), _PROSTATE),
    ("PSMA", _("lutetium-177 PSMA-617 after an androgen receptor pathway inhibitor"), _PROSTATE),
]

_OVARIAN = "NCCN Ovarian 2025; ESMO-ESGO ovarian 2024"
_OVARIAN_HGS = [
    ("GERMLINE", _("germline testing for every woman with epithelial ovarian cancer"), _OVARIAN),
    (
        "BRCA",
        _("PARP inhibitor maintenance after response to platinum (tumour test finds germline and somatic)"),
        _OVARIAN,
    ),
    "HRD",
    "FOLR1",
]

_PANCREATIC = "NCCN Pancreatic 2025; ESMO pancreatic 2023"
_AML = "ELN 2022; NCCN AML 2025"
_MYELOMA = "IMWG 2025 (Avet-Loiseau H et al., J Clin Oncol 2025); NCCN Multiple Myeloma 2025"
# TP53 and del(17p) are markers of several diseases; each panel cites its own disease's guideline for them (the
# general MARKERS entry names several bodies, which read wrongly in one disease: IMWG in an AML letter).
_TP53_WHY = _("high-risk group: shapes treatment intensity and trial options")
_DEL17P_WHY = _("high-risk disease: shapes treatment intensity and monitoring, not a drug choice of its own")
_MYELOMA_MARKERS = [
    ("DEL17P", _DEL17P_WHY, _MYELOMA),
    ("TP53", _TP53_WHY, _MYELOMA),
    "GAIN1Q",
    "DEL1P",
    "T4_14",
    "T14_16",
    "T14_20",
    "T11_14",
]

PANELS: dict[str, dict] = {
    "general": {"guideline": "NCCN 2025; ESMO; FDA tissue-agnostic approvals", "agnostic": True, "markers": []},
    "nsclc": {"guideline": _NSCLC_GUIDELINE, "agnostic": True, "markers": _NSCLC_NONSQUAMOUS},
    "nsclc/adenocarcinoma": {"guideline": _NSCLC_GUIDELINE, "agnostic": True, "markers": _NSCLC_NONSQUAMOUS},
    "nsclc/squamous": {
        "guideline": "NCCN NSCLC 2025 (broad molecular testing to be considered in squamous); ESMO 2023",
        "agnostic": True,
        "markers": [_PDL1_LUNG, _EGFR_LUNG, "ALK", "ROS1", _KRAS_LUNG, "BRAF", _MET_LUNG, "RET", "NTRK"],
    },
    "sclc": {"guideline": "NCCN SCLC 2025", "agnostic": True, "markers": []},
    "breast": {
        "guideline": _BREAST,
        "agnostic": True,
        "markers": ["ER", "PR", _HER2_BREAST, _GERMLINE_BREAST, "BRCA", "PIK3CA", "AKT1", "PTEN", _ESR1, "PDL1"],
    },
    "breast/hr_pos_her2_neg": {
        "guideline": _BREAST,
        "agnostic": True,
        "markers": ["ER", "PR", _HER2_BREAST, "PIK3CA", "AKT1", "PTEN", _ESR1, _GERMLINE_BREAST, "BRCA"],
    },
    "breast/her2_pos": {
        "guideline": _BREAST,
        "agnostic": True,
        "markers": [_HER2_BREAST, "ER", "PR", "PIK3CA", _GERMLINE_BREAST],
    },
    "breast/triple_negative": {
        "guideline": _BREAST,
        "agnostic": True,
        "markers": [
            ("PDL1", _("pembrolizumab with chemotherapy when PD-L1 CPS (22C3) is 10 or more"), _BREAST),
            _GERMLINE_BREAST,
            "BRCA",
            _HER2_BREAST,
            "ER",
            "AR",
        ],
    },
    "colorectal": {"guideline": _CRC, "agnostic": True, "markers": _CRC_MARKERS},
    "gastric_oesophageal": {"guideline": _GASTRIC, "agnostic": True, "markers": _GASTRIC_MARKERS},
    "oesophageal_squamous": {
        "guideline": "NCCN Esophageal 2025; ESMO oesophageal 2022",
        "agnostic": True,
        "markers": [
            (
                "PDL1",
                _("nivolumab, pembrolizumab or tislelizumab with chemotherapy when PD-L1 is 1 or more (TPS or CPS)"),
                "NCCN Esophageal 2025; FDA 2025 label updates",
            ),
            "MSI",
            ("DPYD", _("DPD deficiency testing before fluorouracil or capecitabine"), "EMA 2020"),
        ],
    },
    "melanoma": {"guideline": _MELANOMA, "agnostic": True, "markers": _MELANOMA_MARKERS},
    "melanoma/acral": {"guideline": _MELANOMA, "agnostic": True, "markers": [*_MELANOMA_MARKERS, _KIT_MELANOMA]},
    "melanoma/mucosal": {"guideline": _MELANOMA, "agnostic": True, "markers": [*_MELANOMA_MARKERS, _KIT_MELANOMA]},
    "melanoma/cutaneous_csd": {
        "guideline": _MELANOMA,
        "agnostic": True,
        "markers": [*_MELANOMA_MARKERS, _KIT_MELANOMA],
    },
    "uveal_melanoma": {"guideline": "NCCN Uveal Melanoma 2025", "agnostic": False, "markers": ["HLA_A2"]},
    "prostate": {"guideline": _PROSTATE, "agnostic": True, "markers": _PROSTATE_MARKERS},
    "prostate/neuroendocrine": {"guideline": _PROSTATE, "agnostic": True, "markers": ["GERMLINE", "BRCA", "TP53"]},
    "ovarian": {"guideline": _OVARIAN, "agnostic": True, "markers": _OVARIAN_HGS},
    "ovarian/low_grade_serous": {
        "guideline": _OVARIAN,
        "agnostic": True,
        "markers": [
            (
                "KRAS",
                _("avutometinib with defactinib for recurrent KRAS-mutated low-grade serous cancer"),
                "NCCN Ovarian 2025; FDA 2025 (avutometinib + defactinib)",
            ),
            ("BRAF", _("MEK inhibitor (trametinib) in recurrent low-grade serous cancer"), _OVARIAN),
            ("ER", _("endocrine therapy (letrozole) in low-grade serous cancer"), _OVARIAN),
            ("GERMLINE", _("germline testing for every woman with epithelial ovarian cancer"), _OVARIAN),
        ],
    },
    "ovarian/clear_cell": {
        "guideline": _OVARIAN,
        "agnostic": True,
        "markers": [
            ("MSI", _("mismatch-repair testing: Lynch syndrome and immunotherapy"), _OVARIAN),
            ("GERMLINE", _("germline testing for every woman with epithelial ovarian cancer"), _OVARIAN),
            "BRCA",
            "FOLR1",
        ],
    },
    "ovarian/endometrioid": {
        "guideline": _OVARIAN,
        "agnostic": True,
        "markers": [
            ("MSI", _("mismatch-repair testing: Lynch syndrome and immunotherapy"), _OVARIAN),
            *_OVARIAN_HGS,
        ],
    },
    "endometrial": {
        "guideline": "NCCN Uterine 2025; ESGO/ESTRO/ESP endometrial 2025",
        "agnostic": True,
        "markers": [
            (
                "MSI",
                _("dostarlimab, pembrolizumab or durvalumab with chemotherapy; Lynch syndrome work-up"),
                "NCCN Uterine 2025; ESGO/ESTRO/ESP 2025",
            ),
            "POLE",
            "TP53",
            ("HER2", _("trastuzumab with chemotherapy in HER2-positive serous carcinoma"), "NCCN Uterine 2025"),
            ("ER", _("endocrine therapy for low-grade endometrioid disease"), "NCCN Uterine 2025"),
        ],
    },
    "cervical": {
        "guideline": "NCCN Cervical 2025; ESGO/ESTRO/ESP cervical 2023",
        "agnostic": True,
        "markers": [
            (
                "PDL1",
                _("pembrolizumab with chemotherapy when PD-L1 CPS is 1 or more"),
                "NCCN Cervical 2025; FDA 2021 (KEYNOTE-826)",
            ),
        ],
    },
    "pancreatic": {
        "guideline": _PANCREATIC,
        "agnostic": True,
        "markers": [
            (
                "GERMLINE",
                _("germline testing for everyone with pancreatic cancer (olaparib needs germline BRCA)"),
                _PANCREATIC,
            ),
            (
                "BRCA",
                _("platinum chemotherapy, then olaparib maintenance for germline BRCA1/2"),
                "NCCN Pancreatic 2025; FDA 2019 (olaparib, POLO)",
            ),
            ("KRAS", _("KRAS G12C only: sotorasib or adagrasib; KRAS wild-type: look for fusions"), _PANCREATIC),
            ("NRG1", _("zenocutuzumab for NRG1 fusions (KRAS wild-type tumours)"), "NCCN Pancreatic 2025; FDA 2024"),
            "MSI",
            "NTRK",
            ("DPYD", _("DPD deficiency testing before fluorouracil or capecitabine"), "EMA 2020"),
            ("UGT1A1", _("UGT1A1 genotype before irinotecan"), "DPWG 2022; FDA irinotecan label"),
        ],
    },
    "cholangiocarcinoma": {
        "guideline": "NCCN Biliary Tract 2025; ESMO biliary tract 2023",
        "agnostic": True,
        "markers": [
            "FGFR2",
            ("IDH1", _("ivosidenib after chemotherapy"), "NCCN Biliary Tract 2025; FDA 2021 (ivosidenib)"),
            (
                "HER2",
                _("zanidatamab (HER2 IHC 3+) or trastuzumab deruxtecan"),
                "NCCN Biliary Tract 2025; FDA 2024 (zanidatamab)",
            ),
            "BRAF",
            "MSI",
            "NTRK",
            "RET",
        ],
    },
    "cholangiocarcinoma/gallbladder": {
        "guideline": "NCCN Biliary Tract 2025; ESMO biliary tract 2023",
        "agnostic": True,
        "markers": [
            (
                "HER2",
                _("zanidatamab (HER2 IHC 3+) or trastuzumab deruxtecan"),
                "NCCN Biliary Tract 2025; FDA 2024 (zanidatamab)",
            ),
            "BRAF",
            "MSI",
            "NTRK",
        ],
    },
    "hcc": {"guideline": "ESMO HCC 2021; NCCN Hepatobiliary 2025", "agnostic": True, "markers": ["AFP"]},
    "head_neck": {
        "guideline": "NCCN Head and Neck 2025; ESMO head and neck 2020",
        "agnostic": True,
        "markers": [
            (
                "PDL1",
                _("pembrolizumab alone or with chemotherapy when PD-L1 CPS is 1 or more"),
                "NCCN Head and Neck 2025; FDA 2019 (KEYNOTE-048)",
            ),
        ],
    },
    "head_neck/oropharynx_hpv_pos": {
        "guideline": "NCCN Head and Neck 2025",
        "agnostic": True,
        "markers": [
            "HPV",
            (
                "PDL1",
                _("pembrolizumab alone or with chemotherapy when PD-L1 CPS is 1 or more"),
                "NCCN Head and Neck 2025; FDA 2019 (KEYNOTE-048)",
            ),
        ],
    },
    "head_neck/oropharynx_hpv_neg": {
        "guideline": "NCCN Head and Neck 2025",
        "agnostic": True,
        "markers": [
            "HPV",
            (
                "PDL1",
                _("pembrolizumab alone or with chemotherapy when PD-L1 CPS is 1 or more"),
                "NCCN Head and Neck 2025; FDA 2019 (KEYNOTE-048)",
            ),
        ],
    },
    "head_neck/nasopharyngeal": {
        "guideline": "NCCN Head and Neck 2025; ESMO nasopharyngeal 2021",
        "agnostic": False,
        "markers": ["EBV_DNA"],
    },
    "head_neck/salivary": {
        "guideline": "NCCN Head and Neck 2025; ASCO salivary 2021",
        "agnostic": True,
        "markers": [
            ("AR", _("androgen deprivation therapy for AR-positive salivary duct carcinoma"), "ASCO salivary 2021"),
            ("HER2", _("trastuzumab-based treatment for HER2-positive salivary cancer"), "ASCO salivary 2021"),
        ],
    },
    "renal": {"guideline": "NCCN Kidney 2025; ESMO renal 2024", "agnostic": True, "markers": []},
    "urothelial": {
        "guideline": "NCCN Bladder 2025; ESMO urothelial 2024",
        "agnostic": True,
        "markers": ["FGFR3"],
    },
    "thyroid": {
        "guideline": "NCCN Thyroid 2025; ATA 2015; ESMO thyroid 2019",
        "agnostic": True,
        "markers": [
            "BRAF",
            "RET",
            "NTRK",
            (
                "ALK",
                _("ALK inhibitors in radioiodine-refractory thyroid cancer (off-label or trials)"),
                "NCCN Thyroid 2025",
            ),
        ],
    },
    "thyroid/medullary": {
        "guideline": "NCCN Thyroid 2025; ATA medullary 2015",
        "agnostic": True,
        "markers": [
            (
                "RET",
                _("selpercatinib or pralsetinib; germline RET also means family testing"),
                "NCCN Thyroid 2025; ATA medullary 2015",
            ),
            ("GERMLINE", _("germline RET testing for everyone with medullary thyroid cancer"), "ATA medullary 2015"),
        ],
    },
    "thyroid/anaplastic": {
        "guideline": "NCCN Thyroid 2025; ATA anaplastic 2021",
        "agnostic": True,
        "markers": [
            (
                "BRAF",
                _("urgent dabrafenib with trametinib, possibly before surgery"),
                "NCCN Thyroid 2025; ATA anaplastic 2021",
            ),
            "NTRK",
            "RET",
            "PDL1",
        ],
    },
    "glioma": {
        "guideline": "EANO 2021; WHO CNS 2021; NCCN CNS 2025",
        "agnostic": True,
        "markers": [
            (
                "IDH1",
                _("IDH1/2 status defines the tumour type; vorasidenib for grade 2 IDH-mutant glioma"),
                "EANO 2021; FDA 2024 (vorasidenib)",
            ),
            "CODEL_1P19Q",
            "MGMT",
        ],
    },
    "glioma/glioblastoma": {
        "guideline": "EANO 2021; WHO CNS 2021; NCCN CNS 2025",
        "agnostic": True,
        "markers": ["MGMT"],
    },
    "sarcoma": {
        "guideline": "ESMO-EURACAN-GENTURIS sarcoma 2021; NCCN Soft Tissue Sarcoma 2025",
        "agnostic": True,
        "markers": [],
    },
    "gist": {
        "guideline": "ESMO-EURACAN-GENTURIS GIST 2022; NCCN GIST 2025",
        "agnostic": True,
        "markers": [
            ("KIT", _("imatinib (exon 9: higher dose); the exon predicts benefit"), "ESMO GIST 2022; NCCN GIST 2025"),
            "PDGFRA",
        ],
    },
    "neuroendocrine": {
        "guideline": "ENETS 2023; ESMO neuroendocrine 2020; NCCN Neuroendocrine 2025",
        "agnostic": True,
        "markers": ["KI67", "SSTR"],
    },
    "neuroendocrine/nec": {
        "guideline": "ENETS 2023; ESMO neuroendocrine 2020",
        "agnostic": True,
        "markers": ["KI67"],
    },
    "germ_cell": {"guideline": "ESMO testicular 2022; NCCN Testicular 2025", "agnostic": False, "markers": []},
    "mesothelioma": {"guideline": "ESMO mesothelioma 2022; NCCN Mesothelioma 2025", "agnostic": True, "markers": []},
    "cup": {"guideline": "ESMO cancer of unknown primary 2023", "agnostic": True, "markers": ["PDL1", "HER2"]},
    "aml": {
        "guideline": _AML,
        "agnostic": False,
        "markers": [
            "PML_RARA",
            "KARYOTYPE",
            "NPM1",
            "CBF",
            "FLT3",
            "CEBPA",
            "KMT2A",
            ("TP53", _TP53_WHY, "ELN 2022 (Döhner H et al., Blood 2022)"),
            "MR_GENES",
            (
                "IDH1",
                _("ivosidenib: with azacitidine when intensive chemotherapy is not possible, or alone at relapse"),
                "ELN 2022 (Döhner H et al., Blood 2022); FDA Jul 2018 (ivosidenib, relapsed or refractory AML); "
                "FDA May 2022 (ivosidenib + azacitidine, newly diagnosed, AGILE)",
            ),
            "IDH2",
            "MRD",
            "HLA",
        ],
    },
    "aml/apl": {"guideline": "ELN APL 2019; NCCN AML 2025", "agnostic": False, "markers": ["PML_RARA", "FLT3"]},
    "all": {
        "guideline": "NCCN ALL 2024; ESMO ALL 2016",
        "agnostic": False,
        "markers": ["BCR_ABL1", "KMT2A", "CD22", "MRD", "HLA"],
    },
    "all/t_cell": {"guideline": "NCCN ALL 2024", "agnostic": False, "markers": ["MRD", "HLA"]},
    "cml": {"guideline": "ELN CML 2020; NCCN CML 2025", "agnostic": False, "markers": ["BCR_ABL1", "ABL1_KD"]},
    "cll": {
        "guideline": "iwCLL 2018; ESMO CLL 2024",
        "agnostic": False,
        "markers": [
            ("DEL17P", _DEL17P_WHY, "iwCLL 2018; ESMO CLL 2024"),
            ("TP53", _TP53_WHY, "iwCLL 2018; ESMO CLL 2024"),
            "IGHV",
        ],
    },
    "mds": {
        "guideline": "NCCN MDS 2025; IPSS-M 2022; ESMO MDS 2021",
        "agnostic": False,
        "markers": ["KARYOTYPE", ("TP53", _TP53_WHY, "IPSS-M 2022; NCCN MDS 2025"), "SF3B1", "IDH1"],
    },
    "myeloma": {"guideline": _MYELOMA, "agnostic": False, "markers": _MYELOMA_MARKERS},
    "lymphoma": {"guideline": "NCCN B-cell lymphomas 2025; ESMO lymphoma", "agnostic": False, "markers": ["CD20"]},
    "lymphoma/dlbcl": {
        "guideline": "NCCN B-cell lymphomas 2025; ESMO DLBCL 2024",
        "agnostic": False,
        "markers": ["CD20", "MYC", "COO"],
    },
    "lymphoma/hgbl": {"guideline": "NCCN B-cell lymphomas 2025", "agnostic": False, "markers": ["CD20", "MYC"]},
    "lymphoma/hodgkin": {
        "guideline": "NCCN Hodgkin lymphoma 2025; ESMO Hodgkin 2018",
        "agnostic": False,
        "markers": [],
    },
    "lymphoma/follicular": {
        "guideline": "NCCN B-cell lymphomas 2025; ESMO follicular 2021",
        "agnostic": False,
        "markers": ["CD20", "EZH2"],
    },
    "lymphoma/mantle_cell": {
        "guideline": "NCCN B-cell lymphomas 2025; ESMO mantle cell 2024",
        "agnostic": False,
        "markers": ["CD20", "TP53"],
    },
    "lymphoma/waldenstrom": {"guideline": "NCCN Waldenström 2025", "agnostic": False, "markers": ["CD20", "MYD88"]},
    "lymphoma/ptcl": {
        "guideline": "NCCN T-cell lymphomas 2025",
        "agnostic": False,
        "markers": [
            (
                "CD30",
                _("brentuximab vedotin with CHP for CD30-positive peripheral T-cell lymphoma"),
                "NCCN T-cell lymphomas 2025; ECHELON-2 2019",
            )
        ],
    },
    "lymphoma/alcl": {
        "guideline": "NCCN T-cell lymphomas 2025",
        "agnostic": False,
        "markers": [
            (
                "ALK",
                _("ALK-positive anaplastic large cell lymphoma has a better prognosis"),
                "NCCN T-cell lymphomas 2025; WHO 2022",
            )
        ],
    },
    "lymphoma/ctcl": {
        "guideline": "NCCN Primary Cutaneous Lymphomas 2025",
        "agnostic": False,
        "markers": [
            (
                "CD30",
                _("brentuximab vedotin for CD30-positive cutaneous T-cell lymphoma"),
                "NCCN Primary Cutaneous Lymphomas 2025",
            )
        ],
    },
}

AGNOSTIC_ORDER = ["MSI", "TMB", "NTRK", "RET", "BRAF", "HER2"]

# What the tissue-agnostic approvals open, where a panel adds them (solid tumours; cancer-specific entries win).
AGNOSTIC_WHY = {
    "MSI": (
        _("pembrolizumab or dostarlimab for MSI-high/dMMR solid tumours; Lynch syndrome work-up"),
        "FDA 2017 (pembrolizumab); FDA 2021 (dostarlimab); NCCN 2025",
    ),
    "TMB": (_("pembrolizumab for TMB-high (10 or more mutations/Mb) solid tumours"), "FDA 2020 (pembrolizumab)"),
    "NTRK": (
        _("larotrectinib, entrectinib or repotrectinib for NTRK fusions in any solid tumour"),
        "FDA 2018/2019/2024 tissue-agnostic approvals",
    ),
    "RET": (_("selpercatinib for RET fusions in any solid tumour"), "FDA 2022 (selpercatinib)"),
    "BRAF": (
        _("dabrafenib with trametinib for BRAF V600E (not in colorectal cancer)"),
        "FDA 2022 (dabrafenib + trametinib)",
    ),
    "HER2": (
        _("trastuzumab deruxtecan for HER2 IHC 3+ solid tumours after prior treatment"),
        "FDA 2024 (trastuzumab deruxtecan, DESTINY-PanTumor02)",
    ),
}
