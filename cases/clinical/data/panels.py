"""Biomarker panels per cancer type and setting: data only.

key "type" or "type/subtype" -> guideline, whether the tissue-agnostic
markers apply (solid tumours only), and the markers in the order the MDT
reads them. An entry is a marker code, or (code, why, guideline) when the
reason differs for this cancer.
"""

from ..i18n import gettext_noop

_KRAS_LUNG = (
    "KRAS",
    gettext_noop("KRAS G12C inhibitors such as sotorasib or adagrasib"),
    "NCCN NSCLC; ESMO oncogene-addicted mNSCLC",
)
_NSCLC_NONSQUAMOUS = ["EGFR", "ALK", "ROS1", _KRAS_LUNG, "BRAF", "MET", "RET", "NTRK", "HER2", "NRG1", "PDL1"]
_NSCLC_GUIDELINE = "NCCN NSCLC; ESMO oncogene-addicted mNSCLC 2023"
_HER2_BREAST = (
    "HER2",
    gettext_noop("trastuzumab, pertuzumab or trastuzumab deruxtecan (also for HER2-low)"),
    "ASCO/CAP HER2 2023; NCCN Breast; ESMO mBC",
)

PANELS: dict[str, dict] = {
    "general": {"guideline": "NCCN; ESMO; FDA tissue-agnostic approvals", "agnostic": True, "markers": []},
    "nsclc": {"guideline": _NSCLC_GUIDELINE, "agnostic": True, "markers": _NSCLC_NONSQUAMOUS},
    "nsclc/adenocarcinoma": {"guideline": _NSCLC_GUIDELINE, "agnostic": True, "markers": _NSCLC_NONSQUAMOUS},
    "nsclc/squamous": {
        "guideline": "NCCN NSCLC (broad molecular testing may be considered in squamous); ESMO",
        "agnostic": True,
        "markers": ["PDL1", "EGFR", "ALK", "ROS1", _KRAS_LUNG, "BRAF", "MET", "RET", "NTRK"],
    },
    "sclc": {"guideline": "NCCN SCLC", "agnostic": True, "markers": []},
    "breast": {
        "guideline": "NCCN Breast; ESMO mBC",
        "agnostic": True,
        "markers": ["ER", "PR", _HER2_BREAST, "BRCA", "PIK3CA", "ESR1", "PDL1"],
    },
    "breast/hr_pos_her2_neg": {
        "guideline": "NCCN Breast; ESMO mBC",
        "agnostic": True,
        "markers": ["ER", "PR", _HER2_BREAST, "PIK3CA", "ESR1", "BRCA"],
    },
    "breast/her2_pos": {
        "guideline": "NCCN Breast; ESMO mBC",
        "agnostic": True,
        "markers": [_HER2_BREAST, "ER", "PR", "BRCA", "PIK3CA"],
    },
    "breast/triple_negative": {
        "guideline": "NCCN Breast; ESMO mBC",
        "agnostic": True,
        "markers": [
            (
                "PDL1",
                gettext_noop("pembrolizumab with chemotherapy when PD-L1 CPS is 10 or more"),
                "NCCN Breast; ESMO mBC",
            ),
            "BRCA",
            _HER2_BREAST,
            "ER",
            "AR",
        ],
    },
    "colorectal": {
        "guideline": "NCCN Colon/Rectal; ESMO mCRC 2023",
        "agnostic": True,
        "markers": [
            "MSI",
            "KRAS",
            "NRAS",
            "BRAF",
            (
                "HER2",
                gettext_noop("HER2-directed treatment such as trastuzumab with tucatinib, in RAS wild-type disease"),
                "NCCN Colon/Rectal; ESMO mCRC",
            ),
        ],
    },
    "gastric_oesophageal": {
        "guideline": "NCCN Gastric/Esophageal; ESMO gastric and oesophageal",
        "agnostic": True,
        "markers": [
            (
                "HER2",
                gettext_noop("trastuzumab with chemotherapy (and pembrolizumab); trastuzumab deruxtecan later"),
                "NCCN Gastric; ESMO gastric",
            ),
            (
                "PDL1",
                gettext_noop("nivolumab or pembrolizumab with chemotherapy, by PD-L1 CPS"),
                "NCCN Gastric/Esophageal; ESMO",
            ),
            "MSI",
            "CLDN18",
        ],
    },
    "melanoma": {
        "guideline": "NCCN Melanoma; ESMO melanoma",
        "agnostic": True,
        "markers": [
            (
                "BRAF",
                gettext_noop(
                    "BRAF plus MEK inhibitors such as dabrafenib with trametinib or encorafenib with binimetinib"
                ),
                "NCCN Melanoma; ESMO melanoma",
            ),
            "NRAS",
            "KIT",
        ],
    },
    "prostate": {
        "guideline": "NCCN Prostate; ESMO prostate",
        "agnostic": True,
        "markers": ["BRCA", "HRR", "MSI", "PSMA"],
    },
    "ovarian": {"guideline": "NCCN Ovarian; ESMO-ESGO ovarian", "agnostic": True, "markers": ["BRCA", "HRD", "FOLR1"]},
    "endometrial": {
        "guideline": "NCCN Uterine; ESGO/ESTRO/ESP endometrial 2025",
        "agnostic": True,
        "markers": [
            (
                "MSI",
                gettext_noop("immunotherapy such as dostarlimab or durvalumab with chemotherapy"),
                "NCCN Uterine; ESGO/ESTRO/ESP",
            ),
            "POLE",
            "TP53",
            ("HER2", gettext_noop("trastuzumab with chemotherapy in serous carcinoma"), "NCCN Uterine"),
            ("ER", gettext_noop("endocrine therapy for low-grade disease"), "NCCN Uterine"),
        ],
    },
    "pancreatic": {
        "guideline": "NCCN Pancreatic; ESMO pancreatic",
        "agnostic": True,
        "markers": [
            (
                "BRCA",
                gettext_noop("olaparib maintenance and platinum chemotherapy; family testing"),
                "NCCN Pancreatic; ESMO",
            ),
            "KRAS",
            "NRG1",
            "MSI",
            "NTRK",
        ],
    },
    "cholangiocarcinoma": {
        "guideline": "NCCN Biliary Tract; ESMO biliary tract",
        "agnostic": True,
        "markers": [
            "FGFR2",
            "IDH1",
            ("HER2", gettext_noop("zanidatamab or trastuzumab deruxtecan"), "NCCN Biliary Tract"),
            "BRAF",
            "MSI",
            "NTRK",
            "RET",
        ],
    },
    "thyroid": {
        "guideline": "NCCN Thyroid; ATA 2015; ESMO thyroid",
        "agnostic": True,
        "markers": [
            "BRAF",
            "RET",
            "NTRK",
            (
                "ALK",
                gettext_noop("ALK inhibitors in radioiodine-refractory thyroid cancer (off-label or trials)"),
                "NCCN Thyroid",
            ),
        ],
    },
    "thyroid/medullary": {
        "guideline": "NCCN Thyroid; ATA medullary 2015",
        "agnostic": True,
        "markers": [
            (
                "RET",
                gettext_noop("selpercatinib or pralsetinib; germline RET also means family testing"),
                "NCCN Thyroid; ATA medullary 2015",
            )
        ],
    },
    "thyroid/anaplastic": {
        "guideline": "NCCN Thyroid; ATA anaplastic 2021",
        "agnostic": True,
        "markers": [
            (
                "BRAF",
                gettext_noop("urgent dabrafenib with trametinib, possibly before surgery"),
                "NCCN Thyroid; ATA anaplastic 2021",
            ),
            "NTRK",
            "RET",
            "PDL1",
        ],
    },
    "aml": {
        "guideline": "ELN 2022; NCCN AML",
        "agnostic": False,
        "markers": ["PML_RARA", "FLT3", "NPM1", "IDH1", "IDH2", "CBF", "KMT2A", "CEBPA", "TP53"],
    },
    "myeloma": {
        "guideline": "IMWG; mSMART; NCCN Multiple Myeloma",
        "agnostic": False,
        "markers": ["DEL17P", "T4_14", "T14_16", "GAIN1Q", "T11_14", "TP53"],
    },
    "lymphoma": {"guideline": "NCCN B-cell lymphomas; ESMO lymphoma", "agnostic": False, "markers": ["CD20", "CD30"]},
    "lymphoma/dlbcl": {"guideline": "NCCN B-cell lymphomas; ESMO DLBCL", "agnostic": False, "markers": ["CD20", "MYC"]},
    "lymphoma/hodgkin": {
        "guideline": "NCCN Hodgkin lymphoma; ESMO Hodgkin",
        "agnostic": False,
        "markers": ["CD30", "PDL1"],
    },
    "lymphoma/follicular": {
        "guideline": "NCCN B-cell lymphomas; ESMO follicular",
        "agnostic": False,
        "markers": ["CD20", "EZH2"],
    },
}

AGNOSTIC_ORDER = ["MSI", "TMB", "NTRK", "RET", "BRAF"]
