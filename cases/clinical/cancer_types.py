"""Coded cancer types and subtypes used by the intake's diagnosis step."""

from dataclasses import dataclass, field

from .i18n import gettext_noop


@dataclass(frozen=True)
class CancerType:
    code: str
    label: str
    subtypes: dict[str, str] = field(default_factory=dict)


def _t(code: str, label: str, subtypes: dict[str, str]) -> CancerType:
    return CancerType(code, label, subtypes)


_ = gettext_noop

# Subtypes are the ones that change which biomarkers and treatments apply (WHO 2022 classifications; for
# colorectal cancer the side of the primary, ESMO mCRC 2023; for AML the ELN 2022/ICC 2022 groups).
_TYPES = (
    _t(
        "nsclc",
        _("Non-small cell lung cancer"),
        {
            "adenocarcinoma": _("Adenocarcinoma"),
            "squamous": _("Squamous cell carcinoma"),
            "large_cell": _("Large cell carcinoma"),
            "nos": _("Non-small cell, not otherwise specified"),
        },
    ),
    _t(
        "sclc",
        _("Small cell lung cancer"),
        {
            "de_novo": _("Small cell carcinoma"),
            "combined": _("Combined small cell and non-small cell carcinoma"),
            "transformed": _("Transformed from EGFR- or ALK-driven lung adenocarcinoma"),
        },
    ),
    _t(
        "breast",
        _("Breast cancer"),
        {
            "hr_pos_her2_neg": _("Hormone receptor positive, HER2 negative"),
            "her2_pos": _("HER2 positive"),
            "triple_negative": _("Triple negative"),
            "unknown": _("Receptor status not known"),
        },
    ),
    _t(
        "colorectal",
        _("Colorectal cancer"),
        {
            "left_sided": _("Left-sided colon (splenic flexure to sigmoid)"),
            "right_sided": _("Right-sided colon (caecum to transverse colon)"),
            "rectal": _("Rectum"),
            "unknown": _("Side of the primary not known"),
        },
    ),
    _t(
        "gastric_oesophageal",
        _("Gastric or oesophageal adenocarcinoma"),
        {
            "gastric": _("Stomach"),
            "gej": _("Gastro-oesophageal junction"),
            "oesophageal_adenocarcinoma": _("Oesophagus (adenocarcinoma)"),
        },
    ),
    _t(
        "oesophageal_squamous",
        _("Oesophageal squamous cell carcinoma"),
        {"cervical": _("Cervical oesophagus"), "thoracic": _("Thoracic oesophagus")},
    ),
    _t(
        "melanoma",
        _("Melanoma"),
        {
            "cutaneous": _("Skin, not on chronically sun-damaged skin"),
            "cutaneous_csd": _("Skin, on chronically sun-damaged skin"),
            "acral": _("Acral (palms, soles, nail bed)"),
            "mucosal": _("Mucosal"),
            "unknown_primary": _("Primary not found"),
        },
    ),
    _t(
        "uveal_melanoma",
        _("Uveal (eye) melanoma"),
        {"choroidal_ciliary": _("Choroid or ciliary body"), "iris": _("Iris")},
    ),
    _t(
        "prostate",
        _("Prostate cancer"),
        {"adenocarcinoma": _("Adenocarcinoma"), "neuroendocrine": _("Neuroendocrine or small cell prostate cancer")},
    ),
    _t(
        "ovarian",
        _("Ovarian, fallopian tube or peritoneal cancer"),
        {
            "high_grade_serous": _("High-grade serous"),
            "low_grade_serous": _("Low-grade serous"),
            "endometrioid": _("Endometrioid"),
            "clear_cell": _("Clear cell"),
            "mucinous": _("Mucinous"),
            "other": _("Other or not known"),
        },
    ),
    _t(
        "endometrial",
        _("Endometrial cancer"),
        {
            "endometrioid": _("Endometrioid"),
            "serous": _("Serous"),
            "clear_cell": _("Clear cell"),
            "carcinosarcoma": _("Carcinosarcoma"),
            "other": _("Other or not known"),
        },
    ),
    _t(
        "cervical",
        _("Cervical cancer"),
        {"squamous": _("Squamous cell carcinoma"), "adenocarcinoma": _("Adenocarcinoma"), "other": _("Other")},
    ),
    _t(
        "pancreatic",
        _("Pancreatic cancer"),
        {
            "ductal_adenocarcinoma": _("Ductal adenocarcinoma"),
            "acinar_cell": _("Acinar cell carcinoma"),
            "other": _("Other or not known"),
        },
    ),
    _t(
        "cholangiocarcinoma",
        _("Biliary tract cancer (bile duct or gallbladder)"),
        {
            "intrahepatic": _("Intrahepatic cholangiocarcinoma"),
            "extrahepatic": _("Extrahepatic (perihilar or distal) cholangiocarcinoma"),
            "gallbladder": _("Gallbladder cancer"),
        },
    ),
    _t(
        "hcc",
        _("Hepatocellular carcinoma (liver cancer)"),
        {
            "hbv": _("With hepatitis B"),
            "hcv": _("With hepatitis C"),
            "non_viral": _("Without viral hepatitis (alcohol, fatty liver or other)"),
            "fibrolamellar": _("Fibrolamellar carcinoma"),
        },
    ),
    _t(
        "head_neck",
        _("Head and neck cancer"),
        {
            "oral_cavity": _("Oral cavity"),
            "oropharynx_hpv_pos": _("Oropharynx, HPV (p16) positive"),
            "oropharynx_hpv_neg": _("Oropharynx, HPV (p16) negative"),
            "larynx_hypopharynx": _("Larynx or hypopharynx"),
            "nasopharyngeal": _("Nasopharyngeal carcinoma"),
            "salivary": _("Salivary gland"),
            "sinonasal": _("Nose and sinuses"),
        },
    ),
    _t(
        "thyroid",
        _("Thyroid cancer"),
        {
            "papillary": _("Papillary"),
            "follicular": _("Follicular"),
            "oncocytic": _("Oncocytic (Hürthle cell)"),
            "poorly_differentiated": _("Poorly differentiated"),
            "medullary": _("Medullary"),
            "anaplastic": _("Anaplastic"),
        },
    ),
    _t(
        "renal",
        _("Kidney cancer"),
        {
            "clear_cell": _("Clear cell renal cell carcinoma"),
            "papillary": _("Papillary renal cell carcinoma"),
            "chromophobe": _("Chromophobe"),
            "other_non_clear": _("Other non-clear cell"),
        },
    ),
    _t(
        "urothelial",
        _("Bladder or urinary tract (urothelial) cancer"),
        {"bladder": _("Bladder"), "upper_tract": _("Renal pelvis or ureter (upper tract)")},
    ),
    _t(
        "germ_cell",
        _("Germ-cell tumour (testicular or other)"),
        {"seminoma": _("Seminoma"), "non_seminoma": _("Non-seminoma or mixed")},
    ),
    _t(
        "glioma",
        _("Glioma (brain tumour)"),
        {
            "glioblastoma": _("Glioblastoma, IDH-wildtype"),
            "astrocytoma_idh": _("Astrocytoma, IDH-mutant"),
            "oligodendroglioma": _("Oligodendroglioma, IDH-mutant and 1p/19q-codeleted"),
            "other": _("Other glioma"),
        },
    ),
    _t(
        "sarcoma",
        _("Soft-tissue or bone sarcoma"),
        {
            "liposarcoma": _("Liposarcoma"),
            "leiomyosarcoma": _("Leiomyosarcoma"),
            "synovial": _("Synovial sarcoma"),
            "ups": _("Undifferentiated pleomorphic sarcoma"),
            "ewing": _("Ewing sarcoma"),
            "osteosarcoma": _("Osteosarcoma"),
            "rhabdomyosarcoma": _("Rhabdomyosarcoma"),
            "other": _("Other sarcoma"),
        },
    ),
    _t(
        "gist",
        _("Gastrointestinal stromal tumour (GIST)"),
        {"gastric": _("Stomach"), "small_bowel": _("Small bowel"), "other": _("Other site")},
    ),
    _t(
        "neuroendocrine",
        _("Neuroendocrine tumour or carcinoma"),
        {
            "net_g1_g2": _("Well-differentiated NET, grade 1-2"),
            "net_g3": _("Well-differentiated NET, grade 3"),
            "nec": _("Neuroendocrine carcinoma (poorly differentiated)"),
            "lung_carcinoid": _("Lung carcinoid"),
        },
    ),
    _t(
        "mesothelioma",
        _("Mesothelioma"),
        {"epithelioid": _("Epithelioid"), "biphasic": _("Biphasic"), "sarcomatoid": _("Sarcomatoid")},
    ),
    _t(
        "cup",
        _("Cancer of unknown primary"),
        {
            "adenocarcinoma": _("Adenocarcinoma"),
            "squamous": _("Squamous cell carcinoma"),
            "neuroendocrine": _("Neuroendocrine"),
            "poorly_differentiated": _("Poorly differentiated or undifferentiated"),
        },
    ),
    _t(
        "aml",
        _("Acute myeloid leukaemia"),
        {
            "apl": _("Acute promyelocytic leukaemia (PML::RARA)"),
            "defining_genetic": _("AML with a defining genetic abnormality"),
            "mr": _("AML, myelodysplasia-related"),
            "therapy_related": _("AML after earlier chemotherapy or radiotherapy"),
            "not_classified": _("Not yet classified"),
        },
    ),
    _t(
        "all",
        _("Acute lymphoblastic leukaemia"),
        {
            "b_ph_pos": _("B-cell, Philadelphia chromosome positive"),
            "b_ph_like": _("B-cell, Ph-like"),
            "b_other": _("B-cell, other"),
            "t_cell": _("T-cell"),
        },
    ),
    _t(
        "cml",
        _("Chronic myeloid leukaemia"),
        {"chronic": _("Chronic phase"), "accelerated": _("Accelerated phase"), "blast": _("Blast phase")},
    ),
    _t(
        "cll",
        _("Chronic lymphocytic leukaemia / small lymphocytic lymphoma"),
        {"cll": _("CLL"), "sll": _("SLL"), "richter": _("Richter transformation")},
    ),
    _t(
        "mds",
        _("Myelodysplastic neoplasm (MDS)"),
        {
            "del5q": _("With low blasts and isolated del(5q)"),
            "sf3b1": _("With low blasts and SF3B1 mutation"),
            "low_blasts": _("With low blasts"),
            "increased_blasts": _("With increased blasts"),
            "tp53_biallelic": _("With biallelic TP53 inactivation"),
        },
    ),
    _t(
        "myeloma",
        _("Multiple myeloma"),
        {
            "heavy_chain": _("IgG, IgA or other heavy-chain myeloma"),
            "light_chain": _("Light-chain only myeloma"),
            "non_secretory": _("Non-secretory myeloma"),
            "plasma_cell_leukaemia": _("Plasma cell leukaemia"),
        },
    ),
    _t(
        "lymphoma",
        _("Lymphoma"),
        {
            "dlbcl": _("Diffuse large B-cell lymphoma"),
            "hgbl": _("High-grade B-cell lymphoma with MYC and BCL2 rearrangements"),
            "hodgkin": _("Hodgkin lymphoma"),
            "follicular": _("Follicular lymphoma"),
            "mantle_cell": _("Mantle cell lymphoma"),
            "marginal_zone": _("Marginal zone lymphoma"),
            "waldenstrom": _("Lymphoplasmacytic lymphoma (Waldenström)"),
            "burkitt": _("Burkitt lymphoma"),
            "ptcl": _("Peripheral T-cell lymphoma"),
            "alcl": _("Anaplastic large cell lymphoma"),
            "ctcl": _("Cutaneous T-cell lymphoma (mycosis fungoides, Sézary)"),
            "other": _("Other lymphoma"),
        },
    ),
    _t(
        "other",
        _("Other cancer"),
        {"solid": _("Other solid tumour"), "haematological": _("Other blood cancer"), "unknown": _("Not known")},
    ),
)

# Blood cancers: the tissue-agnostic solid-tumour approvals do not apply; no TNM stage.
HAEMATOLOGICAL = frozenset({"aml", "all", "cml", "cll", "mds", "myeloma", "lymphoma"})

CANCER_TYPES: dict[str, CancerType] = {t.code: t for t in _TYPES}
