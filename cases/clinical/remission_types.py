"""What "remission" means for the cancer types added with the biomarker rules (issue 11).

Kept apart from remission.py so that file stays readable; remission.py merges
these entries into REMISSION. Sources: mRECIST for HCC (Lencioni R, Llovet JM,
Semin Liver Dis 2010); mRECIST 1.1 for pleural mesothelioma (Armato SG et al.,
J Thorac Oncol 2018); RANO 2.0 (Wen PY et al., J Clin Oncol 2023); iwCLL 2018
(Hallek M et al., Blood 2018); ELN 2020 CML (Hochhaus A et al., Leukemia
2020); IWG 2023 MDS (Zeidan AM et al., Blood 2023); NCCN ALL 2024 (CR and MRD);
germ-cell tumours: IGCCCG 2021 and tumour-marker normalisation (ESMO 2022).
"""

from .i18n import gettext_noop
from .remission import RECIST_LEVELS, RECIST_SOURCE, SOLID_SUMMARY, Level, Remission

_ = gettext_noop


def _solid(note: str) -> Remission:
    return Remission("RECIST 1.1", "recist1.1", RECIST_SOURCE, SOLID_SUMMARY, RECIST_LEVELS, note)


def _own(criteria: str, source: str, summary: str, levels: tuple[Level, ...], note: str = "") -> Remission:
    return Remission(criteria, "", source, summary, levels, note)


MORE_REMISSION: dict[str, Remission] = {
    "oesophageal_squamous": _solid(
        _("Oesophageal squamous cancer can respond well to chemotherapy with immunotherapy or to chemoradiotherapy.")
    ),
    "uveal_melanoma": _solid(_("Eye melanoma spreads mostly to the liver, so liver scans are the ones followed.")),
    "cervical": _solid(_("Scans (MRI of the pelvis, CT or PET-CT) show how the cancer responds.")),
    "head_neck": _solid(
        _("PET-CT about three months after treatment is often used to check for remaining cancer in the neck.")
    ),
    "renal": _solid(_("Some people keep a response for years with immunotherapy combinations.")),
    "urothelial": _solid(_("Newer combinations can give deep and lasting responses.")),
    "sarcoma": _solid(_("Some sarcomas change inside rather than shrink; your doctors may also use other criteria.")),
    "gist": _solid(
        _(
            "GIST treated with imatinib can stop growing and change inside without shrinking much, which can still "
            "mean the medicine works (Choi criteria)."
        )
    ),
    "neuroendocrine": _solid(_("Many neuroendocrine tumours grow slowly; stable disease is often a good result.")),
    "cup": _solid(_("Treatment follows the most likely origin of the cancer.")),
    "hcc": _own(
        "mRECIST",
        "Lencioni R, Llovet JM. Modified RECIST (mRECIST) assessment for hepatocellular carcinoma. Semin Liver Dis 2010",
        _(
            "In liver cancer, the part of the tumour that still takes up contrast on the scan is measured, because "
            "treatment can kill the tumour without making it smaller."
        ),
        (
            Level(_("Complete response (CR)"), _("No part of the tumour takes up contrast any more.")),
            Level(_("Partial response (PR)"), _("The living part of the tumours is at least 30 per cent smaller.")),
        ),
    ),
    "mesothelioma": _own(
        "mRECIST 1.1",
        "Armato SG et al. Modified RECIST 1.1 for mesothelioma. J Thorac Oncol 2018",
        _("Mesothelioma grows as a rind along the lining of the lung, so its thickness is measured at set places."),
        (
            Level(_("Complete response (CR)"), _("No measurable tumour remains.")),
            Level(_("Partial response (PR)"), _("The measured thickness is at least 30 per cent less.")),
        ),
    ),
    "glioma": _own(
        "RANO 2.0",
        "Wen PY et al. RANO 2.0: update to the Response Assessment in Neuro-Oncology criteria. J Clin Oncol 2023",
        _(
            "Brain tumours are followed on MRI. After radiotherapy the scan can look worse for a while without the "
            "tumour growing, so doctors confirm with a later scan."
        ),
        (
            Level(_("Complete response (CR)"), _("No enhancing tumour on two MRI scans, without steroids.")),
            Level(_("Partial response (PR)"), _("The tumour is at least 50 per cent smaller on MRI.")),
        ),
    ),
    "germ_cell": _own(
        "IGCCCG 2021; tumour markers",
        "Gillessen S et al. IGCCCG update. J Clin Oncol 2021; ESMO testicular cancer guideline 2022",
        _(
            "Germ-cell tumours are often curable even when they have spread. Response is judged by the blood tumour "
            "markers (AFP, hCG, LDH) returning to normal and by scans."
        ),
        (
            Level(_("Complete response (CR)"), _("Markers are normal and no tumour is seen.")),
            Level(
                _("Partial response, markers normal"),
                _("Markers are normal but some tissue remains on scans; surgery may remove it."),
            ),
        ),
    ),
    "all": _own(
        "NCCN ALL 2024",
        "NCCN Guidelines Acute Lymphoblastic Leukemia 2024",
        _(
            "In acute lymphoblastic leukaemia, remission is judged on the bone marrow and blood counts, and then by "
            "very sensitive tests for leftover leukaemia cells (measurable residual disease, MRD)."
        ),
        (
            Level(
                _("Complete remission (CR)"),
                _(
                    "Fewer than 5 per cent leukaemia cells in the marrow, none in the blood, and blood counts recovered."
                ),
            ),
            Level(_("MRD negative"), _("Even the most sensitive tests find no leukaemia cells.")),
        ),
    ),
    "cml": _own(
        "ELN 2020",
        "Hochhaus A et al. European LeukemiaNet 2020 recommendations for CML. Leukemia 2020",
        _(
            "In chronic myeloid leukaemia, response is measured by the amount of BCR::ABL1 in the blood "
            "(a PCR test), reported on the international scale (IS)."
        ),
        (
            Level(_("Major molecular response (MMR)"), _("BCR::ABL1 at 0.1 per cent or less.")),
            Level(
                _("Deep molecular response"),
                _("BCR::ABL1 at 0.01 per cent or less; stopping treatment may be discussed."),
            ),
        ),
    ),
    "cll": _own(
        "iwCLL 2018",
        "Hallek M et al. iwCLL guidelines for diagnosis, indications for treatment and response assessment. Blood 2018",
        _("In CLL, response is judged on blood counts, lymph nodes, spleen and, when needed, the bone marrow."),
        (
            Level(
                _("Complete response (CR)"),
                _("Lymphocytes are normal, nodes are under 1.5 cm, no enlarged spleen or liver, counts recovered."),
            ),
            Level(_("Partial response (PR)"), _("Lymphocytes, nodes or spleen reduced by at least half.")),
        ),
    ),
    "mds": _own(
        "IWG 2023",
        "Zeidan AM et al. IWG 2023 response criteria for higher-risk MDS. Blood 2023",
        _(
            "In MDS, response is judged on the bone marrow blasts and the blood counts, and whether transfusions "
            "are still needed."
        ),
        (
            Level(_("Complete remission (CR)"), _("Marrow blasts under 5 per cent and normal blood counts.")),
            Level(_("Haematological improvement"), _("Blood counts better, or fewer transfusions needed.")),
        ),
    ),
}
