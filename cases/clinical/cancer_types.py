"""Coded cancer types and subtypes used by the intake's diagnosis step."""

from dataclasses import dataclass, field

from .i18n import gettext_noop


@dataclass(frozen=True)
class CancerType:
    code: str
    label: str
    subtypes: dict[str, str] = field(default_factory=dict)


_TYPES = (
    CancerType(
        "nsclc",
        gettext_noop("Non-small cell lung cancer"),
        {
            "adenocarcinoma": gettext_noop("Adenocarcinoma"),
            "squamous": gettext_noop("Squamous cell carcinoma"),
            "large_cell": gettext_noop("Large cell carcinoma"),
            "nos": gettext_noop("Non-small cell, not otherwise specified"),
        },
    ),
    CancerType("sclc", gettext_noop("Small cell lung cancer")),
    CancerType(
        "breast",
        gettext_noop("Breast cancer"),
        {
            "hr_pos_her2_neg": gettext_noop("Hormone receptor positive, HER2 negative"),
            "her2_pos": gettext_noop("HER2 positive"),
            "triple_negative": gettext_noop("Triple negative"),
            "unknown": gettext_noop("Receptor status not known"),
        },
    ),
    CancerType("colorectal", gettext_noop("Colorectal cancer")),
    CancerType("gastric_oesophageal", gettext_noop("Gastric or oesophageal cancer")),
    CancerType("melanoma", gettext_noop("Melanoma")),
    CancerType("prostate", gettext_noop("Prostate cancer")),
    CancerType("ovarian", gettext_noop("Ovarian cancer")),
    CancerType("endometrial", gettext_noop("Endometrial cancer")),
    CancerType("pancreatic", gettext_noop("Pancreatic cancer")),
    CancerType("cholangiocarcinoma", gettext_noop("Cholangiocarcinoma (bile duct cancer)")),
    CancerType(
        "thyroid",
        gettext_noop("Thyroid cancer"),
        {
            "papillary": gettext_noop("Papillary"),
            "follicular": gettext_noop("Follicular"),
            "medullary": gettext_noop("Medullary"),
            "anaplastic": gettext_noop("Anaplastic"),
        },
    ),
    CancerType("aml", gettext_noop("Acute myeloid leukaemia")),
    CancerType("myeloma", gettext_noop("Multiple myeloma")),
    CancerType(
        "lymphoma",
        gettext_noop("Lymphoma"),
        {
            "dlbcl": gettext_noop("Diffuse large B-cell lymphoma"),
            "hodgkin": gettext_noop("Hodgkin lymphoma"),
            "follicular": gettext_noop("Follicular lymphoma"),
            "other": gettext_noop("Other lymphoma"),
        },
    ),
    CancerType("other", gettext_noop("Other cancer")),
)

CANCER_TYPES: dict[str, CancerType] = {t.code: t for t in _TYPES}
