"""What the MDT needs before it can recommend a treatment, beyond the diagnosis and biomarkers.

Each item is asked only where it matters, with its reason:

- brain MRI in lung cancer (NSCLC and small-cell), melanoma and HER2-positive
  breast cancer that has spread: brain metastases are common and change the
  treatment (Le Rhun E et al., EANO-ESMO Clinical Practice Guidelines for brain
  metastases, Ann Oncol 2021; NCCN NSCLC, SCLC and melanoma; Ramakrishna N et
  al., ASCO HER2-positive breast cancer brain metastases, J Clin Oncol 2022:
  a low threshold for MRI);
- liver tests (bilirubin and ALT or AST) when the liver is involved: doses and
  eligibility depend on them (CTCAE v5.0; drug labels);
- creatinine (for the creatinine clearance, Cockcroft-Gault 1976) and the
  weight and sex it needs: carboplatin, cisplatin and pemetrexed are dosed or
  ruled out by it;
- LVEF before or during anthracyclines or HER2-directed therapy (Lyon AR et
  al., ESC 2022 cardio-oncology guidelines, Eur Heart J 2022);
- hepatitis B, hepatitis C and HIV tests before systemic therapy, each named
  on its own when missing, with its own source (VIRAL_TESTS): hepatitis B,
  Hwang JP et al., ASCO provisional clinical opinion, J Clin Oncol 2020 (test
  all patients anticipating systemic anticancer therapy: HBsAg, anti-HBc,
  anti-HBs); hepatitis C, Schillie S et al., CDC recommendations for hepatitis
  C screening among adults, MMWR Recomm Rep 2020 (at least once for every
  adult); HIV, offered to everyone with cancer, whatever the age (NCCN, as
  reported by Granwehr BP et al., JNCI Cancer Spectr 2022: CDC, USPSTF and NCCN
  recommend offering HIV testing to patients presenting for cancer care; NCCN
  Cancer in People with HIV, Reid E et al., J Natl Compr Canc Netw 2018). The
  general-population screening rules stop at 65 (USPSTF 2019: ages 15 to 65;
  CDC 2006: 13 to 64), so they are not cited for an older patient. The ASCO
  opinion is on hepatitis B only. SWOG S1204 (Ramsey SD et al., JAMA Oncol 2019) found
  31 per cent of hepatitis C but only 5.9 per cent of HIV in new cancer
  patients unknown before the test;
- autoimmune disease and organ or stem cell transplant before immunotherapy
  (Haanen J et al., ESMO guideline on immune-related toxicities, Ann Oncol 2022),
  asked only where immunotherapy is an option (IMMUNOTHERAPY_CANCERS, each with
  its approval, and any cancer with an MSI-high/dMMR or TMB-high result on
  file): not in NSCLC driven by EGFR, ALK,
  ROS1 or RET (checkpoint inhibitors work poorly there and raise the toxicity of
  the targeted drugs; ESMO oncogene-addicted NSCLC guideline, Hendriks LE et al.,
  Ann Oncol 2023), nor in HER2-positive or hormone-receptor-positive breast
  cancer (checkpoint inhibitors are approved in triple-negative disease only,
  KEYNOTE-355/KEYNOTE-522; ESMO metastatic breast cancer guideline 2021), unless
  one was already given;
- myeloma staging labs: beta-2 microglobulin, albumin, LDH and creatinine (ISS,
  Greipp PR et al., J Clin Oncol 2005; R-ISS, Palumbo A et al., J Clin Oncol
  2015; R2-ISS, D'Agostino M et al., J Clin Oncol 2022; IMS/IMWG 2025 high-risk
  definition, Avet-Loiseau H et al., J Clin Oncol 2025: beta-2 microglobulin at
  least 5.5 mg/L with normal creatinine);
- the medicines taken now (interactions, for example with CYP3A4 inducers or
  inhibitors and osimertinib or lorlatinib) and past serious side effects;
- family history and germline testing (NCCN genetic/familial high-risk
  assessment; ESMO Precision Medicine Working Group, Mandelker D et al., Ann
  Oncol 2019);
- where the tissue block is, so that a further test can be run on it, only
  where a tissue biopsy made the diagnosis: not for leukaemia, MDS or myeloma,
  which are diagnosed from blood and marrow (DIAGNOSED_FROM_BLOOD_OR_MARROW).
"""

import re
from collections.abc import Iterator

from .drug_classes import ANTHRACYCLINE, HER2, IMMUNOTHERAPY, classes_of
from .i18n import gettext_noop
from .lab_tests import LAB_TESTS
from .lab_values import latest
from .snapshot import CaseSnapshot
from .tnm import STAGE_IV

VIRUS_STATUSES = {
    "negative": gettext_noop("Negative"),
    "positive": gettext_noop("Positive"),
    "not_tested": gettext_noop("Not tested"),
    "unknown": gettext_noop("Not known"),
}

GERMLINE_STATUSES = {
    "pathogenic": gettext_noop("Done: a harmful inherited variant was found"),
    "vus": gettext_noop("Done: only a variant of uncertain significance"),
    "negative": gettext_noop("Done: no harmful inherited variant"),
    "not_tested": gettext_noop("Not done"),
    "unknown": gettext_noop("Not known"),
}

# (snapshot field, the test in plain words, as the coordinator reads it with its source): each missing one is named.
VIRAL_TESTS = (
    ("hepatitis_b", gettext_noop("hepatitis B"), gettext_noop("hepatitis B (ASCO 2020)")),
    ("hepatitis_c", gettext_noop("hepatitis C"), gettext_noop("hepatitis C (CDC 2020)")),
    ("hiv", gettext_noop("HIV"), gettext_noop("HIV (NCCN: everyone with cancer)")),
)

BRAIN_MRI_CANCERS = frozenset({"nsclc", "sclc", "melanoma"})
# Types whose standard options include immune checkpoint inhibitors (FDA/EMA/NMPA labels, NCCN/ESMO). Each added
# type with the FDA approval that made a checkpoint inhibitor standard first-line treatment:
# head and neck squamous cell carcinoma, pembrolizumab (KEYNOTE-048, FDA June 2019); cervical, pembrolizumab with
# chemotherapy for PD-L1 CPS 1 or more (KEYNOTE-826, FDA October 2021); HCC, atezolizumab with bevacizumab
# (IMbrave150, FDA May 2020); renal, pembrolizumab with axitinib (KEYNOTE-426, FDA April 2019); urothelial,
# enfortumab vedotin with pembrolizumab (EV-302, FDA December 2023); oesophageal squamous, nivolumab with
# chemotherapy or ipilimumab (CheckMate 648, FDA May 2022); pleural mesothelioma, nivolumab with ipilimumab
# (CheckMate 743, FDA October 2020).
IMMUNOTHERAPY_CANCERS = frozenset(
    {
        "nsclc", "sclc", "melanoma", "breast", "colorectal", "gastric_oesophageal", "endometrial",
        "cholangiocarcinoma", "lymphoma", "other",
        "head_neck", "cervical", "hcc", "renal", "urothelial", "oesophageal_squamous", "mesothelioma",
    }
)  # fmt: skip
# Tissue-agnostic results that open a checkpoint inhibitor in any solid tumour: MSI-high/dMMR (pembrolizumab,
# FDA May 2017) and TMB-high, 10 or more mutations/Mb (pembrolizumab, FDA June 2020).
IMMUNOTHERAPY_BIOMARKERS = ("MSI", "TMB")
# Cancers diagnosed from blood or bone marrow, not from a tissue biopsy: there is no tissue block to find, and a
# further test is run on a fresh marrow or blood sample (cases.clinical.data.lab_requests), so where a block is
# kept is not asked. Each with the criteria that say how it is diagnosed:
DIAGNOSED_FROM_BLOOD_OR_MARROW = {
    "aml": "ELN 2022 (Döhner H et al., Blood 2022): marrow aspirate and blood, morphology, flow cytometry, genetics",
    "all": "WHO 2022 (Alaggio R et al., Leukemia 2022): lymphoblasts in marrow or blood, flow cytometry",
    "cml": "ELN 2020 (Hochhaus A et al., Leukemia 2020): BCR::ABL1 in blood, marrow for the phase",
    "cll": "iwCLL 2018 (Hallek M et al., Blood 2018): clonal B cells in blood by flow cytometry; no biopsy needed",
    "mds": "WHO 2022 (Khoury JD et al., Leukemia 2022): marrow aspirate morphology and cytogenetics",
    "myeloma": "IMWG 2014 (Rajkumar SV et al., Lancet Oncol 2014): marrow plasma cells, M-protein in blood and urine",
}
# The same cancers written only in the histology of an "other" or "lymphoma" case (a case entered before CLL had a
# type of its own). Small lymphocytic lymphoma is CLL diagnosed on a lymph node biopsy (iwCLL 2018): its block is
# asked for.
_LEUKAEMIA_WORDING = re.compile(
    r"leuka?emia|\bcll\b|\b[bt]-all\b|myelodysplastic|\bmds\b|myeloma|白血病|骨髓增生异常|骨髓瘤", re.IGNORECASE
)
_NODE_BIOPSY_WORDING = re.compile(r"small lymphocytic lymphoma|\bsll\b|小淋巴细胞淋巴瘤", re.IGNORECASE)


def tissue_is_the_basis_of_diagnosis(case: CaseSnapshot) -> bool:
    """Whether a tissue biopsy (and so a tissue block) made the diagnosis: not for leukaemia, MDS or myeloma."""
    histology = case.histology or ""
    if _NODE_BIOPSY_WORDING.search(histology) and not _LEUKAEMIA_WORDING.search(histology):
        return True
    if case.cancer_type in DIAGNOSED_FROM_BLOOD_OR_MARROW:
        return False
    return not (case.cancer_type in ("other", "lymphoma", "") and _LEUKAEMIA_WORDING.search(histology))


def _metastatic(case: CaseSnapshot) -> bool:
    return case.stage_group in STAGE_IV or case.m.startswith("M1") or bool(case.metastatic_sites)


def _her2_positive(case: CaseSnapshot) -> bool:
    return case.cancer_subtype == "her2_pos" or any(
        b.marker == "HER2" and b.status == "positive" for b in case.biomarkers
    )


def needs_brain_mri(case: CaseSnapshot) -> bool:
    if case.cancer_type == "sclc":
        return True
    if case.cancer_type in BRAIN_MRI_CANCERS:
        return _metastatic(case)
    return case.cancer_type == "breast" and _her2_positive(case) and _metastatic(case)


def _drug_classes(case: CaseSnapshot) -> frozenset[str]:
    return frozenset().union(*(classes_of(line.regimen) for line in case.treatment_lines))


def needs_lvef(case: CaseSnapshot) -> bool:
    classes = _drug_classes(case)
    return ANTHRACYCLINE in classes or HER2 in classes or (case.cancer_type == "breast" and _her2_positive(case))


# Oncogenic drivers in NSCLC with which checkpoint inhibitors are not an option before the targeted drugs.
NSCLC_DRIVERS = frozenset({"EGFR", "ALK", "ROS1", "RET"})


def _detected(case: CaseSnapshot, marker: str) -> bool:
    return any(b.marker == marker and b.detected for b in case.biomarkers)


def needs_immunotherapy_history(case: CaseSnapshot) -> bool:
    if IMMUNOTHERAPY in _drug_classes(case):
        return True
    if any(_detected(case, marker) for marker in IMMUNOTHERAPY_BIOMARKERS):
        return True
    if case.cancer_type not in IMMUNOTHERAPY_CANCERS:
        return False
    if case.cancer_type == "nsclc" and any(_detected(case, m) for m in NSCLC_DRIVERS):
        return False
    if case.cancer_type == "breast" and (_her2_positive(case) or case.cancer_subtype == "hr_pos_her2_neg"):
        return False
    return True


MYELOMA_STAGING_LABS = ("b2m", "albumin", "ldh", "creatinine")


def missing_staging_labs(case: CaseSnapshot) -> list[str]:
    """Myeloma: the labs (R2-)ISS and the IMS/IMWG 2025 risk need that are not on file."""
    if case.cancer_type != "myeloma":
        return []
    return [code for code in MYELOMA_STAGING_LABS if latest(case.labs, code) is None]


def _staging_labs_to_ask(case: CaseSnapshot) -> list[str]:
    """The missing myeloma staging labs other than creatinine, which the "creatinine" need asks once for both."""
    return [code for code in missing_staging_labs(case) if code != "creatinine"]


def missing_viral_tests(case: CaseSnapshot) -> list[tuple[str, str]]:
    """(plain name, name with source) of each viral test without a result; "not tested" and "not known" count."""
    return [
        (plain, cited) for field, plain, cited in VIRAL_TESTS if getattr(case, field) not in ("negative", "positive")
    ]


def missing_liver_tests(case: CaseSnapshot) -> list[str]:
    """With liver metastases: the liver tests not on file, by name (bilirubin; ALT or AST), each alone if missing."""
    if "liver" not in case.metastatic_sites:
        return []
    missing = []
    if latest(case.labs, "bilirubin") is None:
        missing.append(gettext_noop("bilirubin"))
    if latest(case.labs, "alt") is None and latest(case.labs, "ast") is None:
        missing.append(gettext_noop("ALT or AST"))
    return missing


def missing_crcl_inputs(case: CaseSnapshot) -> list[str]:
    """What the creatinine clearance (Cockcroft-Gault 1976) needs beside the creatinine and is not on file."""
    return [
        name
        for name, known in (
            (gettext_noop("weight"), case.weight_kg is not None),
            (gettext_noop("sex"), case.patient_sex in ("female", "male")),
            (gettext_noop("date of birth"), case.patient_birth_date is not None),
        )
        if not known
    ]


def mdt_need_params(case: CaseSnapshot, code: str) -> dict[str, object]:
    """The values a need's message names: which viral, liver or myeloma staging tests are missing."""
    if code == "myeloma_staging_labs":
        return {"tests": [LAB_TESTS[c].label for c in _staging_labs_to_ask(case)]}
    if code == "crcl_inputs":
        return {"missing": missing_crcl_inputs(case)}
    if code == "liver_tests":
        return {"tests": missing_liver_tests(case)}
    if code == "viral_tests":
        missing = missing_viral_tests(case)
        return {"tests": [plain for plain, _ in missing], "tests_cited": [cited for _, cited in missing]}
    return {}


def _answered(value: str) -> bool:
    return bool(value.strip())


def mdt_need_codes(case: CaseSnapshot) -> Iterator[str]:
    """Codes of completeness_messages.MESSAGES for what is missing, in the order of the intake."""
    if needs_brain_mri(case) and case.brain_mri_date is None:
        yield "brain_mri"
    if not case.cancer_type:
        return
    if missing_liver_tests(case):
        yield "liver_tests"
    if _staging_labs_to_ask(case):
        yield "myeloma_staging_labs"
    if latest(case.labs, "creatinine") is None:
        yield "creatinine"
    elif missing_crcl_inputs(case):
        yield "crcl_inputs"
    if needs_lvef(case) and case.lvef_percent is None:
        yield "lvef"
    if missing_viral_tests(case):
        yield "viral_tests"
    if needs_immunotherapy_history(case) and (case.autoimmune_disease is None or case.organ_transplant is None):
        yield "autoimmune_transplant"
    if not _answered(case.medications):
        yield "medications"
    if case.treatment_lines and not _answered(case.past_toxicities):
        yield "past_toxicities"
    if not _answered(case.family_history) or case.germline_testing in ("", "unknown"):
        yield "family_germline"
    if tissue_is_the_basis_of_diagnosis(case) and not _answered(case.tissue_block_location):
        yield "tissue_block"
