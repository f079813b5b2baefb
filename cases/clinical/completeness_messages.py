"""What each completeness item says, to the patient and to the coordinator.

code -> (level, intake step, patient message, coordinator message). Patient
messages use plain words for someone anxious and reading a second language.
"""

from .i18n import gettext_noop

REQUIRED, RECOMMENDED, STALE = "required", "recommended", "stale"

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
        RECOMMENDED,
        "treatment",
        gettext_noop(
            "Please tell us how the patient manages daily activities (for example, up and about most of the day, or resting in bed a lot)."
        ),
        gettext_noop("ECOG/Karnofsky missing"),
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
}
