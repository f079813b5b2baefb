"""What each completeness item says, to the patient and to the coordinator.

code -> (level, intake step, patient message, coordinator message). Patient
messages use plain words for someone anxious and reading a second language.
"""

from .i18n import gettext_noop

REQUIRED, RECOMMENDED, STALE = "required", "recommended", "stale"

# A biomarker gap for a marker the patient did answer (the answer is kept; the team needs more from the report).
PATIENT_RESULT_NEEDS_DETAIL = gettext_noop(
    "Your answer for %(marker)s is saved, but the team needs more detail from the report (for example the exact score or the method). If you have the report, please upload it."
)

# A germline test is asked for the patient's and the family's inherited risk; for some cancers it does not change
# treatment at all (HER2-positive breast cancer: ASCO-SSO 2024), so the generic "it matters for the choice of
# treatment" would contradict what the team's letter says.
PATIENT_GERMLINE_GAP = gettext_noop(
    "We do not have a result for %(marker)s yet. It can show an inherited risk that matters for you and your family. If it was done, please upload the report; if not, the team may suggest it."
)
# After progression on targeted therapy the test is new by nature: nothing earlier can be uploaded for it.
PATIENT_RESISTANCE_GAP = gettext_noop(
    "%(marker)s: the cancer grew on a targeted medicine, and a new test can show how it got around that medicine and guide the next treatment. If such a test was done since, please upload the report; if not, the team may suggest it."
)

# An earlier negative from before the cancer grew does not settle a marker re-tested at progression (ESR1 on
# endocrine therapy: ESMO metastatic breast cancer 2024): the patient's answer stands, a new test is the gap.
PATIENT_RETEST_GAP = gettext_noop(
    "%(marker)s: your earlier result was from before the cancer grew, and it can change since. A new test now shows whether it has. If such a test was done since, please upload the report; if not, the team may suggest it."
)

MESSAGES = {
    "patient_name": (
        REQUIRED,
        "records",
        gettext_noop("Please tell us the patient's full name."),
        gettext_noop("Patient name missing"),
    ),
    "patient_birth_date": (
        REQUIRED,
        "records",
        gettext_noop("Please tell us the patient's date of birth."),
        gettext_noop("Date of birth missing"),
    ),
    "patient_country": (
        REQUIRED,
        "records",
        gettext_noop("Please tell us which country the patient lives in."),
        gettext_noop("Country missing"),
    ),
    "cancer_type": (
        REQUIRED,
        "diagnosis",
        gettext_noop("Please tell us what type of cancer it is."),
        gettext_noop("Cancer type missing"),
    ),
    "stage": (
        REQUIRED,
        "diagnosis",
        gettext_noop("Please tell us the stage of the cancer, or the TNM letters from the report."),
        gettext_noop("Stage group / TNM missing"),
    ),
    # Myeloma is staged by ISS/R-ISS, not TNM (R-ISS, Palumbo A et al., J Clin Oncol 2015; R2-ISS, D'Agostino M et
    # al., J Clin Oncol 2022).
    "stage_myeloma": (
        REQUIRED,
        "diagnosis",
        gettext_noop("Please tell us the stage of the myeloma (ISS or R-ISS: I, II or III), as written in the report."),
        gettext_noop("ISS/R-ISS stage missing (R-ISS 2015; R2-ISS 2022)"),
    ),
    # Lymphoma is staged by the Lugano classification, not TNM (Cheson BD et al., J Clin Oncol 2014).
    "stage_lymphoma": (
        REQUIRED,
        "diagnosis",
        gettext_noop(
            "Please tell us the stage of the lymphoma (Lugano or Ann Arbor: I, II, III or IV), as written in the "
            "report."
        ),
        gettext_noop("Lugano stage missing (Lugano 2014)"),
    ),
    "diagnosis_date": (
        REQUIRED,
        "diagnosis",
        gettext_noop(
            "Please tell us when the cancer was diagnosed (the month is enough if you are not sure of the day)."
        ),
        gettext_noop("Date of diagnosis missing"),
    ),
    "pathology_report": (
        REQUIRED,
        "records",
        gettext_noop("Please upload the pathology report (the biopsy or surgery report that confirmed the cancer)."),
        gettext_noop("No pathology report"),
    ),
    "imaging": (
        REQUIRED,
        "records",
        gettext_noop("Please upload a recent scan report (CT, MRI or PET) or the scan images."),
        gettext_noop("No imaging"),
    ),
    "treatment_history": (
        REQUIRED,
        "treatment",
        gettext_noop("Please list the treatments received so far, or tell us that no treatment has started yet."),
        gettext_noop("Treatment history missing"),
    ),
    "consent_review": (
        REQUIRED,
        "records",
        gettext_noop("Please agree to let our team review the records."),
        gettext_noop("Consent to review missing"),
    ),
    "consent_share": (
        REQUIRED,
        "records",
        gettext_noop("Please agree to let us share the records with the specialists on the review team."),
        gettext_noop("Consent to share with MDT missing"),
    ),
    "biomarker_gap": (
        RECOMMENDED,
        "biomarkers",
        gettext_noop(
            "We do not have a result for %(marker)s yet. It matters for the choice of treatment. If it was done, please upload the report; if not, the team may suggest it."
        ),
        gettext_noop("%(marker)s: %(state)s"),
    ),
    "performance_status": (
        REQUIRED,
        "treatment",
        gettext_noop(
            "Please choose how the patient manages daily activities (for example, up and about most of the day, or resting in bed a lot): the ECOG question in step 3."
        ),
        gettext_noop("ECOG missing"),
    ),
    "labs": (
        RECOMMENDED,
        "treatment",
        gettext_noop("Please upload recent blood test results, if you have them."),
        gettext_noop("No labs"),
    ),
    "goals": (
        RECOMMENDED,
        "goals",
        gettext_noop("Please tell us what you hope for, or choose the questions you want the team to answer."),
        gettext_noop("Goals/questions missing"),
    ),
    "imaging_undated": (
        STALE,
        "records",
        gettext_noop("Please tell us the date of the scan you uploaded, so the team knows how recent it is."),
        gettext_noop("Imaging undated"),
    ),
    "imaging_stale": (
        STALE,
        "records",
        gettext_noop("The most recent scan is %(days)s days old. If there is a newer scan, please upload it."),
        gettext_noop("Imaging %(days)s days old (limit %(limit)s)"),
    ),
    "labs_undated": (
        STALE,
        "records",
        gettext_noop("Please tell us the date of the blood tests you uploaded."),
        gettext_noop("Labs undated"),
    ),
    "labs_stale": (
        STALE,
        "records",
        gettext_noop(
            "The most recent blood tests are %(days)s days old. If there are newer results, please upload them."
        ),
        gettext_noop("Labs %(days)s days old (limit %(limit)s)"),
    ),
    "pathology_stale": (
        STALE,
        "records",
        gettext_noop(
            "The pathology report is %(days)s days old. If there was a newer biopsy, please upload that report."
        ),
        gettext_noop("Pathology %(days)s days old (limit %(limit)s)"),
    ),
    # What the MDT needs before it can recommend a treatment (cases.clinical.mdt_needs).
    "brain_mri": (
        RECOMMENDED,
        "diagnosis",
        gettext_noop(
            "For this cancer the team needs to know whether it has reached the brain. Please give the date of the latest brain MRI and upload its report; if there has been none, please ask your doctor about one."
        ),
        gettext_noop("Brain MRI missing (EANO-ESMO 2021)"),
    ),
    "liver_tests": (
        RECOMMENDED,
        "treatment",
        # Only the tests still missing are named (cases.clinical.mdt_needs.missing_liver_tests).
        gettext_noop("The cancer has reached the liver: please add these recent liver blood tests: %(tests)s."),
        gettext_noop("Liver metastases: %(tests)s missing"),
    ),
    "creatinine": (
        RECOMMENDED,
        "treatment",
        gettext_noop(
            "Please add a recent creatinine blood test: it shows how well the kidneys work, which decides the dose of several cancer medicines."
        ),
        gettext_noop("Creatinine missing (no creatinine clearance)"),
    ),
    "myeloma_staging_labs": (
        RECOMMENDED,
        "treatment",
        # Only the labs still missing are named; a missing creatinine is asked once, by "creatinine" below.
        gettext_noop("Please add the blood tests used to stage myeloma: %(tests)s (from diagnosis if possible)."),
        gettext_noop("Myeloma staging labs missing: %(tests)s (R-ISS/R2-ISS; IMS/IMWG 2025)"),
    ),
    "crcl_inputs": (
        RECOMMENDED,
        "treatment",
        # Only the inputs still missing are named (cases.clinical.mdt_needs.missing_crcl_inputs).
        gettext_noop("To work out kidney function from the creatinine, the team also needs: %(missing)s."),
        gettext_noop("Creatinine clearance not computed: %(missing)s missing"),
    ),
    "lvef": (
        RECOMMENDED,
        "treatment",
        gettext_noop(
            "Some of these medicines can weaken the heart. Please add the result of the latest heart scan (echocardiogram or MUGA): the LVEF, in %."
        ),
        gettext_noop("LVEF missing (anthracycline or HER2 therapy; ESC 2022)"),
    ),
    "viral_tests": (
        RECOMMENDED,
        "treatment",
        # Only the tests still missing are named (cases.clinical.mdt_needs.VIRAL_TESTS, each with its source).
        gettext_noop(
            "Please tell us the results of these blood tests: %(tests)s. If they were never done, the team may suggest them: these infections can flare up or need care of their own during cancer treatment."
        ),
        gettext_noop("Viral tests missing before systemic therapy: %(tests_cited)s"),
    ),
    "autoimmune_transplant": (
        RECOMMENDED,
        "treatment",
        gettext_noop(
            "Please tell us whether the patient has an autoimmune disease (for example rheumatoid arthritis, lupus, psoriasis or colitis) or has had an organ or stem cell transplant: this matters for immunotherapy."
        ),
        gettext_noop("Autoimmune disease / transplant not answered (immunotherapy; ESMO 2022)"),
    ),
    "medications": (
        RECOMMENDED,
        "treatment",
        gettext_noop(
            "Please list the medicines the patient takes now, including herbal remedies: some interact with cancer medicines. Write “none” if there are none."
        ),
        gettext_noop("Medication list missing"),
    ),
    "past_toxicities": (
        RECOMMENDED,
        "treatment",
        gettext_noop(
            "Please tell us about serious side effects from past cancer treatment (for example from immunotherapy, a severe rash, or a stay in hospital). Write “none” if there were none."
        ),
        gettext_noop("Past toxicities not answered"),
    ),
    "family_germline": (
        RECOMMENDED,
        "biomarkers",
        gettext_noop(
            "Please tell us about cancer in the family and whether an inherited (germline) genetic test was done, with its result."
        ),
        gettext_noop("Family history or germline testing missing"),
    ),
    "tissue_block": (
        RECOMMENDED,
        "biomarkers",
        gettext_noop(
            "Please tell us where the tissue block or slides from the biopsy or operation are kept (hospital and specimen number), so that further tests can be run on them."
        ),
        gettext_noop("Tissue block location missing"),
    ),
    # Staleness that follows the disease (cases.clinical.staleness).
    "imaging_before_progression": (
        STALE,
        "records",
        gettext_noop(
            "The latest scan we have was taken before the cancer last grew (%(date)s). Please upload any scan taken since."
        ),
        gettext_noop("Imaging predates the latest progression (%(date)s)"),
    ),
    "brain_mri_before_progression": (
        STALE,
        "diagnosis",
        gettext_noop(
            "The latest brain MRI was taken before the cancer last grew (%(date)s). Please tell us about any brain MRI since, or ask your doctor about one."
        ),
        gettext_noop("Brain MRI predates the latest progression (%(date)s)"),
    ),
    "tissue_before_progression": (
        STALE,
        "biomarkers",
        gettext_noop(
            "The tumour tests we have were done before the cancer grew on %(regimen)s. A new biopsy or a blood test for tumour DNA (ctDNA) can show why it grew and which treatment may work next."
        ),
        gettext_noop("Tissue predates progression on %(regimen)s: re-biopsy or ctDNA"),
    ),
}
