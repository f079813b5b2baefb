"""What "remission" means for each cancer, in plain words, and by which published criteria.

The patient report (reports.documents.patient_report) explains the MDT's realistic goal
with these texts. Each entry names the criteria doctors use for that cancer,
so the patient can ask their oncologist about the same words:

- solid tumours: RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009): complete
  response, partial response (at least 30 per cent smaller), stable disease; and "no
  evidence of disease" after local treatment of all visible cancer;
- lymphoma: Lugano 2014 (Cheson et al., J Clin Oncol 2014): complete
  metabolic response on PET-CT (Deauville 1 to 3);
- acute myeloid leukaemia: ELN 2022 (Döhner et al., Blood 2022): complete
  remission, CR with partial recovery of counts, CR without measurable
  residual disease;
- myeloma: IMWG 2016 (Kumar et al., Lancet Oncol 2016): stringent CR, CR,
  VGPR, PR, MRD negativity;
- differentiated thyroid cancer: ATA 2015 (Haugen et al., Thyroid 2016):
  excellent, biochemical incomplete, structural incomplete response;
- prostate cancer: PCWG3 (Scher et al., J Clin Oncol 2016): PSA response;
- ovarian cancer: RECIST 1.1 with the GCIG CA-125 response (Rustin et al.,
  Int J Gynecol Cancer 2011);
- chronic lymphocytic leukaemia: iwCLL 2018 (Hallek et al., Blood 2018);
- acute lymphoblastic leukaemia: complete remission and MRD (NCCN Acute
  Lymphoblastic Leukemia response criteria; MRD below 0.01 per cent);
- brain tumours (glioma): RANO 2.0 (Wen PY et al., J Clin Oncol 2023);
- any other cancer: no criteria are named (RECIST is not assumed), the doctors
  say which apply.

The text also follows the case (`remission_text`): the note that immunotherapy
can make tumours look larger before they shrink (pseudo-progression, iRECIST,
Seymour et al., Lancet Oncol 2017) is shown only to a patient whose current
treatment is immunotherapy, never to one progressing on a targeted drug, who
reads instead what progression on a targeted drug means.

Plain data only: no Django. Texts are marked with gettext_noop and translated
where they are shown.
"""

import re
from dataclasses import dataclass
from datetime import date

from .drug_classes import IMMUNOTHERAPY, TARGETED, classes_of
from .i18n import gettext_noop
from .snapshot import TreatmentLineInfo


@dataclass(frozen=True)
class Level:
    term: str  # the name doctors use, e.g. "Complete response (CR)"
    means: str  # what it means, in plain words


@dataclass(frozen=True)
class Remission:
    criteria: str  # the published criteria by name, as doctors write them (not translated)
    criteria_code: str  # the key in cases.clinical.response.CRITERIA, or "" when we do not compute it
    source: str  # the publication
    summary: str  # how remission is judged for this cancer
    levels: tuple[Level, ...]
    note: str = ""  # what is particular to this cancer


RECIST_SOURCE = "Eisenhauer EA et al. New response evaluation criteria in solid tumours: RECIST 1.1. Eur J Cancer 2009"

SOLID_SUMMARY = gettext_noop(
    "For this cancer, remission is judged on scans (CT, MRI or PET-CT): the tumours are measured and compared with "
    "the scans taken before treatment. Complete remission means that no cancer can be seen any more; partial "
    "remission means that the tumours have shrunk by at least 30 per cent."
)

RECIST_LEVELS = (
    Level(
        gettext_noop("Complete response (CR)"),
        gettext_noop(
            "Every tumour measured on the scans has disappeared, and lymph nodes that were enlarged are back to a "
            "normal size (less than 10 mm across). Nothing new has appeared."
        ),
    ),
    Level(
        gettext_noop("Partial response (PR)"),
        gettext_noop(
            "The measured tumours have shrunk by at least 30 per cent in total (the sum of their diameters), and nothing has "
            "grown or newly appeared."
        ),
    ),
    Level(
        gettext_noop("Stable disease (SD)"),
        gettext_noop(
            "The tumours have neither shrunk by 30 per cent nor grown by 20 per cent: the cancer is held in check, but it is still "
            "there."
        ),
    ),
    Level(
        gettext_noop("No evidence of disease (NED)"),
        gettext_noop(
            "After surgery, radiotherapy or another local treatment has removed or destroyed all the cancer that "
            "could be seen, scans and tests show none left. Check-ups continue, because cancer can come back."
        ),
    ),
)


def _solid(note: str) -> Remission:
    return Remission("RECIST 1.1", "recist1.1", RECIST_SOURCE, SOLID_SUMMARY, RECIST_LEVELS, note)


REMISSION: dict[str, Remission] = {
    "nsclc": _solid(gettext_noop("With targeted medicines or immunotherapy, some people keep a response for years.")),
    "sclc": _solid(
        gettext_noop(
            "Small cell lung cancer often shrinks quickly with the first treatment and complete responses happen, "
            "but it tends to come back; regular scans, including of the brain, are part of the follow-up."
        )
    ),
    "breast": _solid(
        gettext_noop(
            "In breast cancer that has spread, a complete response on scans is possible, especially in HER2-positive "
            "disease, and can last for years. Blood tumour markers (such as CA 15-3) help to follow the disease but "
            "do not decide remission on their own."
        )
    ),
    "colorectal": _solid(gettext_noop("The blood marker CEA helps to follow the disease.")),
    "gastric_oesophageal": _solid(
        gettext_noop(
            "In advanced stomach or oesophageal cancer, complete responses are uncommon; the usual aim is to shrink "
            "the cancer and keep it under control while keeping you well enough to eat."
        )
    ),
    "melanoma": _solid(
        gettext_noop(
            "With immunotherapy, complete responses happen and often last for years, sometimes after the treatment "
            "has stopped."
        )
    ),
    "prostate": Remission(
        "PCWG3",
        "pcwg3",
        "Scher HI et al. Trial design and objectives for castration-resistant prostate cancer: PCWG3. J Clin Oncol 2016",
        gettext_noop(
            "In prostate cancer that has spread, response is followed mainly with the PSA blood test and with scans. "
            "Bone metastases are followed on bone scans, where changes take months to show."
        ),
        (
            Level(
                gettext_noop("PSA response"),
                gettext_noop("The PSA level falls by at least half from before treatment, confirmed by a second test."),
            ),
            Level(
                gettext_noop("Undetectable PSA"),
                gettext_noop(
                    "PSA becomes too low to measure: the best result for prostate cancer that has spread, and often "
                    "a long period of control."
                ),
            ),
            Level(
                gettext_noop("Response on scans"),
                gettext_noop(
                    "Lymph nodes and other soft-tissue tumours are measured as for other solid tumours (RECIST 1.1); "
                    "on a bone scan, no new spots means the bone disease is not progressing."
                ),
            ),
        ),
        gettext_noop(
            "When prostate cancer has spread, the realistic aim is usually long-term control rather than cure; many "
            "men live with it for years."
        ),
    ),
    "ovarian": Remission(
        "RECIST 1.1 + GCIG CA-125",
        "recist1.1",
        RECIST_SOURCE + "; Rustin GJS et al. Definitions for response and progression in ovarian cancer clinical "
        "trials (GCIG). Int J Gynecol Cancer 2011",
        SOLID_SUMMARY,
        RECIST_LEVELS,
        gettext_noop(
            "The blood marker CA-125 is also used: a fall of at least half, confirmed about a month later, counts as "
            "a response (GCIG). After surgery and chemotherapy many women reach complete remission; maintenance "
            "treatment (for example a PARP inhibitor when BRCA or HRD is present) aims to make it last."
        ),
    ),
    "endometrial": _solid(
        gettext_noop(
            "Complete responses are possible, particularly with immunotherapy for tumours with mismatch repair "
            "deficiency (dMMR or MSI-high)."
        )
    ),
    "pancreatic": _solid(
        gettext_noop(
            "In pancreatic cancer that has spread, complete remission is rare; the realistic aim is usually to "
            "control the cancer and its symptoms for as long as possible. The blood marker CA 19-9 helps to follow it."
        )
    ),
    "cholangiocarcinoma": _solid(
        gettext_noop(
            "In advanced bile duct cancer, complete remission is uncommon. Targeted medicines (for FGFR2, IDH1 or "
            "HER2 changes) and immunotherapy can control it for a time; the blood marker CA 19-9 helps to follow it."
        )
    ),
    "thyroid": Remission(
        "ATA 2015",
        "ata2015",
        "Haugen BR et al. 2015 American Thyroid Association management guidelines for adult patients with thyroid "
        "nodules and differentiated thyroid cancer. Thyroid 2016",
        gettext_noop(
            "For papillary or follicular thyroid cancer treated with surgery and radioactive iodine, remission is "
            "judged with scans and with the blood test thyroglobulin, a protein that only thyroid cells make."
        ),
        (
            Level(
                gettext_noop("Excellent response"),
                gettext_noop(
                    "Scans show no cancer and thyroglobulin is very low (below 0.2 ng/mL while taking thyroid "
                    "hormone, or below 1 ng/mL after TSH stimulation), with no thyroglobulin antibodies. This is "
                    "what remission means for thyroid cancer."
                ),
            ),
            Level(
                gettext_noop("Biochemical incomplete response"),
                gettext_noop(
                    "Scans show no cancer, but thyroglobulin (or its antibodies) stays raised: some thyroid cancer "
                    "cells remain somewhere. Often it is watched rather than treated."
                ),
            ),
            Level(
                gettext_noop("Indeterminate response"),
                gettext_noop(
                    "The results are not clearly normal and not clearly abnormal: for example a small spot on a scan "
                    "that may not be cancer, thyroglobulin that can just be measured but stays low (below 1 ng/mL "
                    "while taking thyroid hormone, or below 10 ng/mL after TSH stimulation), or antibodies that stay "
                    "the same or fall. Most of these patients stay well; the tests are repeated over time."
                ),
            ),
            Level(
                gettext_noop("Structural incomplete response"),
                gettext_noop("Cancer can still be seen on scans."),
            ),
        ),
        gettext_noop(
            "For medullary thyroid cancer, the blood markers calcitonin and CEA are followed instead; for anaplastic "
            "thyroid cancer, the tumours are measured on scans as for other solid tumours (RECIST 1.1)."
        ),
    ),
    "aml": Remission(
        "ELN 2022",
        "eln2022",
        "Döhner H et al. Diagnosis and management of AML in adults: 2022 recommendations from an international "
        "expert panel on behalf of the ELN. Blood 2022",
        gettext_noop(
            "In acute myeloid leukaemia, remission is judged on the bone marrow and the blood counts, not on scans."
        ),
        (
            Level(
                gettext_noop("Complete remission (CR)"),
                gettext_noop(
                    "Leukaemia cells (blasts) are below 5 per cent in the bone marrow and absent from the blood, and the "
                    "blood counts have recovered (neutrophils at least 1.0 and platelets at least 100, in billions per litre)."
                ),
            ),
            Level(
                gettext_noop("CR with partial recovery of counts (CRh)"),
                gettext_noop(
                    "As complete remission, but the blood counts have only partly recovered (neutrophils at least "
                    "0.5 and platelets at least 50, in billions per litre)."
                ),
            ),
            Level(
                gettext_noop("CR with incomplete recovery of counts (CRi)"),
                gettext_noop(
                    "As complete remission in the bone marrow, but the neutrophils or the platelets are still low."
                ),
            ),
            Level(
                gettext_noop("Morphologic leukaemia-free state (MLFS)"),
                gettext_noop(
                    "Blasts are below 5 per cent in the bone marrow, but the blood counts have not recovered: the marrow is "
                    "cleared of leukaemia but not yet working normally. It is not yet a remission."
                ),
            ),
            Level(
                gettext_noop("CR without measurable residual disease (MRD-negative)"),
                gettext_noop(
                    "Complete remission, and even the most sensitive tests (molecular PCR, for example for NPM1, or "
                    "flow cytometry) find no leukaemia cells: the deepest remission, with the lowest risk of the "
                    "leukaemia coming back."
                ),
            ),
        ),
        gettext_noop(
            "Whether a stem cell transplant is advised in first remission depends on the genetic risk group and on "
            "the MRD results."
        ),
    ),
    "myeloma": Remission(
        "IMWG 2016",
        "imwg2016",
        "Kumar S et al. International Myeloma Working Group consensus criteria for response and minimal residual "
        "disease assessment in multiple myeloma. Lancet Oncol 2016",
        gettext_noop(
            "In myeloma, response is measured with blood and urine tests for the abnormal protein made by the "
            "myeloma cells (M-protein and free light chains), and with a bone marrow test."
        ),
        (
            Level(
                gettext_noop("Stringent complete response (sCR)"),
                gettext_noop(
                    "A complete response, with a normal free light chain ratio and no myeloma cells found in the "
                    "bone marrow."
                ),
            ),
            Level(
                gettext_noop("Complete response (CR)"),
                gettext_noop(
                    "The abnormal protein can no longer be found, even with the sensitive immunofixation test, and "
                    "plasma cells are below 5 per cent in the bone marrow."
                ),
            ),
            Level(
                gettext_noop("Very good partial response (VGPR)"),
                gettext_noop(
                    "The abnormal protein has fallen by at least 90 per cent, or is found only by immunofixation."
                ),
            ),
            Level(
                gettext_noop("Partial response (PR)"),
                gettext_noop("The abnormal protein has fallen by at least half."),
            ),
            Level(
                gettext_noop("MRD-negative"),
                gettext_noop(
                    "Not even one myeloma cell in 100,000 bone marrow cells is found (by next-generation flow "
                    "cytometry or sequencing): linked to the longest remissions."
                ),
            ),
        ),
        gettext_noop(
            "Myeloma usually comes back at some point, so remission here usually means a long period of control, "
            "often with maintenance treatment."
        ),
    ),
    "lymphoma": Remission(
        "Lugano 2014",
        "lugano2014",
        "Cheson BD et al. Recommendations for initial evaluation, staging, and response assessment of Hodgkin and "
        "non-Hodgkin lymphoma: the Lugano classification. J Clin Oncol 2014",
        gettext_noop(
            "In lymphoma, remission is judged on a PET-CT scan, which shows whether lymphoma is still active, not "
            "only whether lumps remain."
        ),
        (
            Level(
                gettext_noop("Complete metabolic response"),
                gettext_noop(
                    "No active lymphoma on PET-CT (Deauville score 1, 2 or 3), even if a small scar-like mass is "
                    "left. This is what complete remission means for lymphoma."
                ),
            ),
            Level(
                gettext_noop("Partial metabolic response"),
                gettext_noop("The lymphoma is less active than before treatment but still visible on PET-CT."),
            ),
            Level(
                gettext_noop("Complete response on CT"),
                gettext_noop(
                    "For lymphomas that do not show on PET: every lymph node is back to 1.5 cm or less across."
                ),
            ),
        ),
        gettext_noop(
            "For diffuse large B-cell lymphoma and Hodgkin lymphoma, complete remission is often the aim, and many "
            "people are cured. Follicular lymphoma usually responds well but tends to come back over the years; "
            "long remissions are common."
        ),
    ),
    "cll": Remission(
        "iwCLL 2018",
        "iwcll2018",
        "Hallek M et al. iwCLL guidelines for diagnosis, indications for treatment, response assessment, and "
        "supportive management of CLL. Blood 2018",
        gettext_noop(
            "In chronic lymphocytic leukaemia, response is judged on the blood counts, the size of the lymph nodes, "
            "liver and spleen, and sometimes the bone marrow. Many people need no treatment for years: treatment "
            "starts when the disease causes symptoms or problems, not because of a blood count alone."
        ),
        (
            Level(
                gettext_noop("Complete response (CR)"),
                gettext_noop(
                    "Lymphocytes in the blood are back to normal (below 4 billion per litre), no lymph node is larger "
                    "than 1.5 cm, the liver and spleen are of normal size, the blood counts have recovered and there "
                    "are no symptoms of the disease."
                ),
            ),
            Level(
                gettext_noop("CR with incomplete marrow recovery (CRi)"),
                gettext_noop("As complete response, but one of the blood counts is still low."),
            ),
            Level(
                gettext_noop("Partial response (PR)"),
                gettext_noop(
                    "The lymphocytes in the blood, the lymph nodes, the liver or the spleen have shrunk by at least "
                    "half, with the blood counts stable or better."
                ),
            ),
            Level(
                gettext_noop("Undetectable MRD"),
                gettext_noop(
                    "Fewer than 1 CLL cell in 10,000 white cells is found by the most sensitive tests: linked to "
                    "longer remissions, and sometimes used to decide when a treatment can stop."
                ),
            ),
        ),
        gettext_noop(
            "CLL is usually a long-term illness: the aim is long periods of good health, and treatment may be "
            "repeated when it is needed again."
        ),
    ),
    "all": Remission(
        "NCCN ALL",
        "",
        "NCCN Clinical Practice Guidelines in Oncology: Acute Lymphoblastic Leukemia, response assessment",
        gettext_noop(
            "In acute lymphoblastic leukaemia, remission is judged on the bone marrow and the blood counts, not on "
            "scans, and above all on the tests for measurable residual disease (MRD)."
        ),
        (
            Level(
                gettext_noop("Complete remission (CR)"),
                gettext_noop(
                    "Leukaemia cells (blasts) are below 5 per cent in the bone marrow and absent from the blood, there is no "
                    "leukaemia elsewhere (for example in the spinal fluid), and the blood counts have recovered "
                    "(neutrophils at least 1.0 and platelets at least 100, in billions per litre)."
                ),
            ),
            Level(
                gettext_noop("CR with incomplete recovery of counts (CRi)"),
                gettext_noop("As complete remission, but the neutrophils or the platelets are still low."),
            ),
            Level(
                gettext_noop("MRD-negative remission"),
                gettext_noop(
                    "Complete remission, and fewer than 1 leukaemia cell in 10,000 is found by the most sensitive "
                    "tests (flow cytometry or PCR): the strongest sign of a lasting remission, and it guides whether "
                    "a transplant is advised."
                ),
            ),
        ),
        gettext_noop(
            "Treatment of ALL lasts long, usually two to three years in phases; the MRD results during the first "
            "months decide much of the plan."
        ),
    ),
    "glioma": Remission(
        "RANO 2.0",
        "rano2",
        "Wen PY et al. RANO 2.0: update to the Response Assessment in Neuro-Oncology criteria for high- and "
        "low-grade gliomas in adults. J Clin Oncol 2023",
        gettext_noop(
            "For brain tumours, response is judged on MRI scans of the brain, together with the steroid dose and "
            "how the patient is doing: the tumour's size is measured in two directions and compared with earlier "
            "scans."
        ),
        (
            Level(
                gettext_noop("Complete response (CR)"),
                gettext_noop(
                    "The measured tumour has disappeared on two MRI scans at least four weeks apart, without steroids "
                    "beyond a small dose, and the patient is stable or better."
                ),
            ),
            Level(
                gettext_noop("Partial response (PR)"),
                gettext_noop("The tumour has shrunk by at least half, confirmed on a second MRI scan."),
            ),
            Level(
                gettext_noop("Stable disease (SD)"),
                gettext_noop("The tumour has neither shrunk by half nor grown by a quarter."),
            ),
        ),
        gettext_noop(
            "In the first three months after radiotherapy, the tumour can look larger on MRI because of the "
            "treatment itself (pseudo-progression); doctors usually repeat the scan before deciding that it grew."
        ),
    ),
    "other": Remission(
        "",
        "",
        "",
        gettext_noop(
            "Each type of cancer has its own way of judging remission: scans for many solid tumours, blood and "
            "bone marrow tests for blood cancers, MRI for brain tumours. Your doctors will tell you which criteria "
            "apply to your cancer and what your latest results mean."
        ),
        (),
    ),
}

# Cancers without a code of their own in the intake, recognised from the pathology wording.
_BY_HISTOLOGY = (
    ("cll", re.compile(r"chronic lymphocytic|small lymphocytic|\bcll\b|\bsll\b|慢性淋巴细胞白血病", re.IGNORECASE)),
    ("all", re.compile(r"lymphoblastic|\bb-all\b|\bt-all\b|急性淋巴细胞白血病", re.IGNORECASE)),
    (
        "glioma",
        re.compile(r"gliom|glioblastom|astrocytom|oligodendrogliom|胶质", re.IGNORECASE),
    ),
)
_HISTOLOGY_FIRST = frozenset({"other", "lymphoma", ""})


def _more() -> dict[str, Remission]:
    from .remission_types import MORE_REMISSION  # imports this module's helpers

    return MORE_REMISSION


# The entries written beside the response criteria above (CLL, ALL, glioma, …) come first; the cancer types of
# the biomarker panels add theirs where this module has none.
for _code, _entry in _more().items():
    REMISSION.setdefault(_code, _entry)

# What each realistic treatment goal (reports.models.TreatmentGoal) means, in plain words.
GOALS: dict[str, str] = {
    "complete_remission": gettext_noop(
        "The aim is that no cancer can be found on scans and tests. Complete remission is not always the same as "
        "cure, because the cancer can come back, so check-ups continue afterwards."
    ),
    "partial_remission": gettext_noop(
        "The aim is to shrink the cancer a good deal. This often eases symptoms and can last a long time, although "
        "the cancer does not disappear."
    ),
    "disease_control": gettext_noop(
        "The aim is to stop the cancer from growing for as long as possible, living with it as a long-term illness, "
        "and to change the treatment when it stops working, while keeping your quality of life."
    ),
    "symptom_relief": gettext_noop(
        "The aim is to relieve symptoms and keep you as comfortable and active as possible. Cancer treatment is used "
        "where it helps with that; care centres on how you feel and what matters to you."
    ),
}


# Blood cancers are followed with blood and marrow tests, not scans: the goal text says so.
BLOOD_CANCERS = frozenset({"aml", "all", "cll", "myeloma"})
GOALS_BLOOD: dict[str, str] = {
    "complete_remission": gettext_noop(
        "The aim is that no leukaemia or myeloma can be found in the blood and bone marrow tests. Complete "
        "remission is not always the same as cure, because the disease can come back, so check-ups continue."
    ),
}

PSEUDOPROGRESSION_NOTE = gettext_noop(
    "Immunotherapy can make tumours look larger for a while before they shrink (pseudo-progression), so when a scan "
    "during immunotherapy shows growth, doctors often confirm it with a later scan (iRECIST)."
)
TARGETED_PROGRESSION_NOTE = gettext_noop(
    "When a cancer grows while on a targeted medicine, it usually means the cancer has found a way around that "
    "medicine. A new biopsy or a blood test for tumour DNA can show how, and guide the next treatment."
)

# The same moment in a blood cancer: a relapse is read in a repeat bone-marrow sample, and the myeloid gene panel is
# repeated on it because the targets change (ELN 2022, Döhner H et al., Blood 2022: at relapse, re-test the
# actionable mutations such as FLT3 and IDH1/IDH2, which decide the next targeted drug). Tumour DNA in the blood
# and a new tissue biopsy are the solid-tumour tests and are not said here.
TARGETED_RELAPSE_NOTE_BLOOD = gettext_noop(
    "When a blood cancer comes back while on a targeted medicine, the leukaemia cells have usually found a way "
    "around that medicine. A repeat bone marrow test, with its genes checked again (for example FLT3, IDH1 and IDH2 "
    "in AML), can show how, and guide the next treatment."
)
# Blood cancers without a code of their own in the intake (CML, MDS, leukaemia or myeloma written in the pathology).
_BLOOD_HISTOLOGY = re.compile(
    r"leuka?emia|myelodysplastic|\bmds\b|\bcml\b|\bcll\b|\baml\b|lymphoblastic|myeloma|白血病|骨髓增生异常|骨髓瘤",
    re.IGNORECASE,
)


def is_blood_cancer(cancer_type: str, histology: str = "") -> bool:
    """Whether the cancer is a leukaemia, MDS or myeloma (followed in the blood and marrow, not on scans)."""
    return cancer_type in BLOOD_CANCERS or bool(_BLOOD_HISTOLOGY.search(histology or ""))


def is_cll(cancer_type: str, histology: str = "") -> bool:
    """A lymphoma (or "other") whose histology reads chronic lymphocytic leukaemia / small lymphocytic lymphoma: staged
    by Rai or Binet and judged by iwCLL 2018 (Hallek M et al., Blood 2018), not by Lugano."""
    return cancer_type in _HISTOLOGY_FIRST and bool(_BY_HISTOLOGY[0][1].search(histology or ""))


def remission_for(cancer_type: str, histology: str = "") -> Remission:
    """What remission means for `cancer_type` (a cases.clinical.codes.CANCER_TYPES code).

    Where the type has no entry of its own ("other", or a lymphoma that is
    really CLL), the histology as written decides (CLL, ALL, glioma); else the
    "other" entry, which names no criteria rather than assuming RECIST.
    """
    if cancer_type in _HISTOLOGY_FIRST or cancer_type not in REMISSION:
        for key, pattern in _BY_HISTOLOGY:
            if pattern.search(histology):
                return REMISSION[key]
    return REMISSION.get(cancer_type) or REMISSION["other"]


def _current_line(lines: tuple[TreatmentLineInfo, ...]) -> TreatmentLineInfo | None:
    ongoing = [line for line in lines if line.ongoing]
    pool = ongoing or list(lines)
    return max(pool, key=lambda line: line.start or date.min, default=None)


def case_notes(
    lines: tuple[TreatmentLineInfo, ...], *, progressing: bool, cancer_type: str = "", histology: str = ""
) -> tuple[str, ...]:
    """Notes that follow the case: pseudo-progression only on immunotherapy, never when progressing on a targeted
    drug; a blood cancer that relapses on one reads of a repeat marrow test, not of a biopsy or tumour DNA."""
    current = _current_line(lines)
    if current is None:
        return ()
    classes = classes_of(current.regimen)
    # `progressed` asks the shared reported.is_progression, so every criteria's progression counts (ELN relapse
    # too), not a list of our own that drifts from it.
    if TARGETED in classes and (progressing or current.progressed):
        blood = is_blood_cancer(cancer_type, histology)
        return (TARGETED_RELAPSE_NOTE_BLOOD if blood else TARGETED_PROGRESSION_NOTE,)
    if IMMUNOTHERAPY in classes and TARGETED not in classes:
        return (PSEUDOPROGRESSION_NOTE,)
    return ()


# Said only to a patient whose disease is oligometastatic (ESTRO/ASTRO consensus, Lievens Y et al., Radiother
# Oncol 2020: 1 to 5 metastatic lesions, cases.clinical.codes.oligometastatic) and not progressing: for anyone
# else the sentence promises what their case does not offer. NSCLC: local consolidative therapy (Gomez DR et al.,
# J Clin Oncol 2019); colorectal: resection or ablation of liver or lung metastases (ESMO 2023 mCRC guideline).
OLIGOMETASTATIC_NOTES: dict[str, str] = {
    "nsclc": gettext_noop(
        "When only a few spots of cancer remain (oligometastatic disease), treating them with surgery or focused "
        "radiotherapy can sometimes lead to no evidence of disease."
    ),
    "colorectal": gettext_noop(
        "When the spread is limited to a few spots in the liver or lungs, surgery or ablation can sometimes remove "
        "all visible cancer (no evidence of disease), and some of these patients are cured."
    ),
}


def oligometastatic_note(cancer_type: str, *, oligometastatic: bool | None, progressing: bool) -> str:
    """The sentence on treating a few spots locally, only for an oligometastatic case that is not progressing."""
    if oligometastatic is not True or progressing:
        return ""
    return OLIGOMETASTATIC_NOTES.get(cancer_type, "")


def goal_text(goal: str, cancer_type: str, histology: str = "") -> str:
    """What the realistic goal means for this cancer: blood cancers are not followed on scans."""
    entry = remission_for(cancer_type, histology)
    blood = cancer_type in BLOOD_CANCERS or entry in (REMISSION["all"], REMISSION["cll"])
    return (GOALS_BLOOD.get(goal) if blood else None) or GOALS[goal]


__all__ = [
    "GOALS",
    "REMISSION",
    "Level",
    "Remission",
    "case_notes",
    "is_blood_cancer",
    "goal_text",
    "oligometastatic_note",
    "remission_for",
]
