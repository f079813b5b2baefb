"""Demo accounts and six realistic cases across cancer types and lifecycle states.

Idempotent: accounts and cases are found by email and reference, so running it
again changes nothing. Documents are real files (PDF, PNG, a ZIP of DICOM).
"""

import datetime
import tempfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cases import workflow
from cases.lifecycle import case_transition
from cases.models import (
    Biomarker,
    Case,
    CaseEvent,
    LabResult,
    LocalTreatment,
    State,
    TreatmentLine,
    User,
)
from cases.services import case_submit
from intake import demo_files
from intake.measurements import measurements_save
from intake.services import document_add, document_extract_metadata

PASSWORD = "demo-password-2026"
# Staff must give a second factor (cases.mfa). Demo only, published in the README: never reuse it.
DEMO_TOTP_SECRET = "DEMODEMODEMODEMODEMODEMODEMODEMO"
TODAY = datetime.date.today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


ACCOUNTS: list[dict] = [
    dict(
        email="patient@demo.mdt",
        first_name="Aigerim",
        last_name="Nurlanovna",
        role="patient",
        relationship="self",
        country="Kazakhstan",
    ),
    dict(
        email="caregiver@demo.mdt",
        first_name="Dmitri",
        last_name="Volkov",
        role="patient",
        relationship="child",
        country="Russia",
    ),
    dict(
        email="patient-zh@demo.mdt",
        first_name="Xiuying",
        last_name="Chen",
        role="patient",
        relationship="self",
        country="Malaysia",
        language="zh-hans",
    ),
    # The coordinator also translates into Chinese: she is the demo's second translator, who checks.
    dict(email="coordinator@demo.mdt", first_name="Mei", last_name="Chen", role="coordinator", translates=["zh-hans"]),
    dict(email="translator@demo.mdt", first_name="Na", last_name="Li", role="translator", translates=["zh-hans"]),
    dict(
        email="oncologist@demo.mdt",
        first_name="Wang",
        last_name="Jun",
        role="specialist",
        discipline="medical_oncology",
    ),
    dict(email="radiologist@demo.mdt", first_name="Zhang", last_name="Li", role="specialist", discipline="radiology"),
    dict(email="pathologist@demo.mdt", first_name="Liu", last_name="Yang", role="specialist", discipline="pathology"),
    dict(email="admin@demo.mdt", first_name="Site", last_name="Admin", role="admin"),
]

# (reference, owner email, target state, case fields, biomarkers, treatment lines, local treatments, documents)
CASES: list[dict] = [
    dict(
        reference="MDT-DEMN2C",
        recist=dict(
            baseline=[
                {"site": "Right upper lobe", "nodal": False, "mm": 38},
                {"site": "Liver segment VII", "nodal": False, "mm": 24},
                {"site": "Subcarinal node", "nodal": True, "mm": 18},
            ],
            assessments=[[22, 14, 9], [19, 12, 8], [27, 20, 12]],
            days=[300, 200, 20],
            nontarget=["present", "present", "present"],
            new_lesions=[False, False, True],
            reported="PD",
        ),
        owner="patient@demo.mdt",
        state=State.IN_TRIAGE,
        fields=dict(
            patient_name="Aigerim Nurlanovna",
            patient_birth_date=datetime.date(1968, 5, 14),
            patient_sex="female",
            patient_country="Kazakhstan",
            relationship="self",
            cancer_type="nsclc",
            cancer_subtype="adenocarcinoma",
            histology="Invasive adenocarcinoma, acinar predominant, TTF-1 positive",
            primary_site="Right upper lobe",
            diagnosis_date=days_ago(420),
            stage_group="IVB",
            t_category="T2a",
            n_category="N2",
            m_category="M1c",
            metastatic_sites=["bone", "liver", "brain"],
            metastatic_lesion_count=7,
            growth_tempo="moderate",
            reported_response="PD",
            ecog=1,
            weight_kg=58,
            weight_kg_3_months_ago=61,
            height_cm=162,
            goals_text="Control the cancer for as long as possible and keep working.",
            oncologist_said="The first targeted medicine stopped working; chemotherapy was suggested.",
            question_codes=["realistic_goal", "treatment_options"],
            own_questions="Is osimertinib still useful for the brain lesions?\nShould the lung tissue be biopsied again?",
            report_language="en",
            care_in_china="yes",
        ),
        biomarkers=[
            ("EGFR", "positive", "exon 19 deletion", "tissue_ngs"),
            ("ALK", "negative", "", "ihc"),
            ("PDL1", "positive", "TPS 30%", "ihc"),
            ("ROS1", "not_tested", "", ""),
            ("RET", "not_tested", "", ""),
        ],
        lines=[
            ("Gefitinib 250 mg daily", 400, 120, "PR", "progression"),
            ("Osimertinib 80 mg daily", 110, None, "PD", ""),
        ],
        local=[("sbrt", "T10 vertebra", 90)],
        labs=[("haemoglobin", "11.2", "g/dL", 12), ("creatinine", "78", "µmol/L", 12)],
        documents=[
            ("pathology_report", "Pathology report", 410),
            ("imaging_report", "CT chest abdomen pelvis", 20),
            ("imaging_study", "CT study", 20),
            ("biomarker_report", "NGS report", 380),
        ],
    ),
    dict(
        reference="MDT-DEMB3R",
        owner="patient@demo.mdt",
        state=State.SUBMITTED,
        fields=dict(
            patient_name="Gulnara Sadykova",
            patient_birth_date=datetime.date(1975, 9, 2),
            patient_sex="female",
            patient_country="Kazakhstan",
            relationship="relative",
            cancer_type="breast",
            cancer_subtype="her2_pos",
            histology="Invasive ductal carcinoma, grade 3",
            primary_site="Left breast",
            diagnosis_date=days_ago(700),
            stage_group="IV",
            t_category="T2",
            n_category="N1",
            m_category="M1",
            metastatic_sites=["liver"],
            metastatic_lesion_count=3,
            growth_tempo="slow",
            reported_response="PR",
            ecog=0,
            goals_text="Could the liver metastases be removed?",
            question_codes=["remission_rate", "treatment_options"],
            report_language="zh-hans",
            care_in_china="unsure",
        ),
        biomarkers=[
            ("HER2", "positive", "IHC 3+", "ihc"),
            ("ER", "negative", "0%", "ihc"),
            ("PR", "negative", "0%", "ihc"),
            ("PIK3CA", "not_tested", "", ""),
        ],
        lines=[
            ("Trastuzumab + pertuzumab + docetaxel", 650, 450, "PR", "completed"),
            ("Trastuzumab deruxtecan", 420, None, "PR", ""),
        ],
        local=[],
        labs=[("alt", "32", "U/L", 14)],
        documents=[("pathology_report", "Breast biopsy pathology", 690), ("imaging_report", "Liver MRI", 25)],
    ),
    dict(
        reference="MDT-DEMC4K",
        owner="caregiver@demo.mdt",
        state=State.AWAITING_INFORMATION,
        fields=dict(
            patient_name="Sergei Volkov",
            patient_birth_date=datetime.date(1952, 1, 30),
            patient_sex="male",
            patient_country="Russia",
            relationship="child",
            cancer_type="colorectal",
            cancer_subtype="",
            histology="Adenocarcinoma of the sigmoid colon",
            primary_site="Sigmoid colon",
            diagnosis_date=days_ago(900),
            stage_group="IVA",
            t_category="T3",
            n_category="N1",
            m_category="M1a",
            metastatic_sites=["liver"],
            metastatic_lesion_count=2,
            growth_tempo="slow",
            reported_response="SD",
            ecog=1,
            goals_text="My father wants to know if immunotherapy could help.",
            question_codes=["treatment_options", "biomarkers_complete"],
            report_language="en",
        ),
        biomarkers=[
            ("MSI", "positive", "MSI-H, loss of MLH1/PMS2", "ihc"),
            ("KRAS", "negative", "", "tissue_ngs"),
            ("BRAF", "unknown", "", ""),
        ],
        lines=[("FOLFOX", 850, 700, "SD", "toxicity")],
        local=[("surgery", "Sigmoid colectomy", 880)],
        labs=[],
        documents=[("pathology_report", "Colectomy pathology", 870), ("imaging_report", "CT abdomen", 50)],
    ),
    dict(
        reference="MDT-DEMM5T",
        recist=dict(
            baseline=[
                {"site": "Left lower lobe", "nodal": False, "mm": 31},
                {"site": "Right axillary node", "nodal": True, "mm": 24},
            ],
            assessments=[[20, 14], [14, 9], [12, 8]],
            days=[380, 260, 15],
            nontarget=["present", "present", "present"],
            new_lesions=[False, False, False],
            reported="PR",
        ),
        owner="patient@demo.mdt",
        state=State.READY_FOR_MDT,
        fields=dict(
            patient_name="Arman Bekov",
            patient_birth_date=datetime.date(1981, 7, 19),
            patient_sex="male",
            patient_country="Uzbekistan",
            relationship="sibling",
            cancer_type="melanoma",
            cancer_subtype="",
            histology="Superficial spreading melanoma, Breslow 3.1 mm",
            primary_site="Back",
            diagnosis_date=days_ago(500),
            stage_group="IV",
            m_category="M1b",
            metastatic_sites=["lung", "distant_lymph_nodes"],
            metastatic_lesion_count=4,
            growth_tempo="moderate",
            reported_response="PR",
            ecog=0,
            goals_text="Is it safe to stop immunotherapy after two years?",
            question_codes=["remission_rate", "realistic_goal"],
            report_language="en",
        ),
        biomarkers=[
            ("BRAF", "negative", "wild type", "tissue_ngs"),
            ("NRAS", "positive", "Q61R", "tissue_ngs"),
            ("PDL1", "pending", "", "ihc"),
        ],
        lines=[("Nivolumab + ipilimumab, then nivolumab", 450, None, "PR", "")],
        local=[("surgery", "Wide local excision, back", 490)],
        labs=[("ldh", "210", "U/L", 10)],
        documents=[
            ("pathology_report", "Excision pathology", 480),
            ("imaging_report", "PET-CT", 15),
            ("other", "Photo of the scar", 30),
        ],
    ),
    dict(
        reference="MDT-DEMA6L",
        owner="caregiver@demo.mdt",
        state=State.IN_REVIEW,
        fields=dict(
            patient_name="Olga Volkova",
            patient_birth_date=datetime.date(1958, 11, 3),
            patient_sex="female",
            patient_country="Russia",
            relationship="parent",
            cancer_type="aml",
            cancer_subtype="",
            histology="Acute myeloid leukaemia with NPM1 mutation",
            primary_site="Bone marrow",
            diagnosis_date=days_ago(200),
            stage_group="unknown",
            metastatic_sites=[],
            growth_tempo="rapid",
            reported_response="CR",
            ecog=2,
            goals_text="Is a stem cell transplant needed now?",
            question_codes=["remission_rate", "mdt_review"],
            report_language="en",
        ),
        biomarkers=[
            ("NPM1", "positive", "type A", "pcr"),
            ("FLT3", "negative", "", "pcr"),
            ("IDH1", "not_tested", "", ""),
        ],
        lines=[("7+3 induction (cytarabine + daunorubicin)", 190, 160, "CR", "completed")],
        local=[],
        labs=[("neutrophils", "1.4", "10^9/L", 7), ("platelets", "112", "10^9/L", 7)],
        documents=[("pathology_report", "Bone marrow report", 185), ("lab_results", "Blood counts", 7)],
    ),
    dict(
        # A Chinese-speaking patient: the report is promised in Simplified Chinese, the MDT writes in English.
        reference="MDT-DEMZ8H",
        owner="patient-zh@demo.mdt",
        state=State.IN_REVIEW,
        fields=dict(
            patient_name="陈秀英 (Chen Xiuying)",
            patient_birth_date=datetime.date(1971, 4, 18),
            patient_sex="female",
            patient_country="Malaysia",
            relationship="self",
            cancer_type="nsclc",
            cancer_subtype="adenocarcinoma",
            histology="Adenocarcinoma, solid predominant",
            primary_site="Left lower lobe",
            diagnosis_date=days_ago(540),
            stage_group="IVA",
            t_category="T3",
            n_category="N2",
            m_category="M1a",
            metastatic_sites=["pleura"],
            metastatic_lesion_count=1,
            growth_tempo="slow",
            reported_response="PR",
            ecog=1,
            goals_text="希望控制病情，继续照顾孙子。",
            question_codes=["realistic_goal", "treatment_options"],
            report_language="zh-hans",
            care_in_china="yes",
        ),
        biomarkers=[
            ("ALK", "positive", "EML4-ALK fusion", "tissue_ngs"),
            ("EGFR", "negative", "", "tissue_ngs"),
            ("PDL1", "positive", "TPS 5%", "ihc"),
        ],
        lines=[("Alectinib 600 mg twice daily", 500, None, "PR", "")],
        local=[],
        labs=[("alt", "28", "U/L", 10)],
        documents=[("pathology_report", "Pathology report", 530), ("imaging_report", "CT chest", 14)],
    ),
    dict(
        reference="MDT-DEMY7P",
        owner="patient@demo.mdt",
        state=State.DRAFT,
        fields=dict(
            patient_name="Aigerim Nurlanovna",
            patient_country="Kazakhstan",
            relationship="self",
            cancer_type="myeloma",
            diagnosis_date=days_ago(300),
            goals_text="",
            report_language="zh-hans",
        ),
        biomarkers=[],
        lines=[("Daratumumab + lenalidomide + dexamethasone", 280, None, "VGPR", "")],
        local=[],
        labs=[],
        documents=[("lab_results", "Serum protein electrophoresis", 5)],
        steps=["diagnosis"],
    ),
]


# The actors and path that bring a submitted case to each state.
class Command(BaseCommand):
    help = "Create demo accounts and cases (safe to run again)."

    def handle(self, *args, **options):
        users = {a["email"]: self._account(a) for a in ACCOUNTS}
        for spec in CASES:
            if Case.objects.filter(reference=spec["reference"]).exists():
                continue
            with transaction.atomic():
                self._case(spec, users)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {PASSWORD}):"))
        for a in ACCOUNTS:
            self.stdout.write(f"  {a['role']:<12} {a['email']}")
        self.stdout.write(
            f"Staff also give an authenticator code. Demo-only TOTP secret: {DEMO_TOTP_SECRET}\n"
            f"  add it to any authenticator app, or run: oathtool --totp -b {DEMO_TOTP_SECRET}"
        )
        self.stdout.write(f"Demo cases: {', '.join(c['reference'] for c in CASES)}")

    def _account(self, spec):
        spec = dict(spec)
        email = spec.pop("email")
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, PASSWORD, **spec, is_staff=spec["role"] == "admin", is_superuser=spec["role"] == "admin"
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if spec.get("translates") and not user.translates:
            user.translates = spec["translates"]  # accounts made before translators existed
            user.save(update_fields=["translates"])
        if (
            spec["role"] != "patient"
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        return user

    def _case(self, spec, users):
        owner = users[spec["owner"]]
        case = Case.objects.create(
            reference=spec["reference"],
            owner=owner,
            **spec["fields"],
            consent_review=spec["state"] != State.DRAFT,
            consent_share=spec["state"] != State.DRAFT,
            intake_steps_saved=spec.get("steps", ["diagnosis", "biomarkers", "treatment", "goals", "records"]),
        )
        CaseEvent.objects.create(case=case, actor=owner, kind="created", to_state=State.DRAFT)
        for code, status, value, method in spec["biomarkers"]:
            Biomarker.objects.create(
                case=case,
                marker=code,
                status=status,
                value=value,
                method=method,
                covers_gene=None if status != "negative" else True,
            )
        for regimen, start, end, response, reason in spec["lines"]:
            TreatmentLine.objects.create(
                case=case,
                regimen=regimen,
                start_date=days_ago(start),
                end_date=days_ago(end) if end else None,
                ongoing=end is None,
                best_response=response,
                stop_reason=reason or ("ongoing" if end is None else ""),
            )
        for kind, site, when in spec["local"]:
            LocalTreatment.objects.create(case=case, kind=kind, site=site, date=days_ago(when))
        for test, value, unit, when in spec["labs"]:
            LabResult.objects.create(case=case, test=test, value=value, unit=unit, measured_on=days_ago(when))
        if "recist" in spec:
            r = spec["recist"]
            data = {
                "baseline": r["baseline"],
                "assessments": r["assessments"],
                "nontarget": r["nontarget"],
                "new_lesions": r["new_lesions"],
                "dates": [days_ago(d).isoformat() for d in r["days"]],
            }
            measurements_save(case=case, data=data, reported_category=r["reported"])
        for kind, title, when in spec["documents"]:
            self._document(case, owner, kind, title, days_ago(when))
        self._advance(case, spec["state"], owner, users)

    def _document(self, case, owner, kind, title, date):
        if kind == "imaging_study":
            content, name = demo_files.dicom_zip(), "ct-study.zip"
        elif kind == "other":
            content, name = demo_files.lesion_photo_png(), "scar-photo.png"
        else:
            content = demo_files.report_pdf(
                title=title,
                hospital="Demo Regional Oncology Centre",
                department=kind.replace("_", " "),
                date=date.isoformat(),
                paragraphs=[
                    f"{title} for {case.patient_name}. Demo document generated by MDT Intake.",
                    "Findings are summarised in the structured intake of this case.",
                ],
                rows=[(b.marker, f"{b.status} {b.value}".strip()) for b in case.biomarkers.all()]
                if kind == "biomarker_report"
                else None,
            )
            name = title.lower().replace(" ", "-") + ".pdf"
        with tempfile.TemporaryFile() as fh:
            fh.write(content)
            fh.seek(0)
            document = document_add(case=case, by=owner, fileobj=fh, name=name, kind=kind, document_date=date)
        document_extract_metadata(document_id=document.pk)

    def _advance(self, case, target, owner, users):
        """Walk the case through the same services the pages use, so the demo holds what real use would."""
        if target == State.DRAFT:
            return
        case_submit(case=case, by=owner)
        coordinator = users["coordinator@demo.mdt"]
        if target == State.SUBMITTED:
            return
        case_transition(case=case, to=State.IN_TRIAGE, by=coordinator, reason="")
        if target == State.IN_TRIAGE:
            return
        gaps = [i.key for i in workflow.request_items(case) if i.key.startswith("biomarker_gap")]
        workflow.information_request(
            case=case,
            by=coordinator,
            body="Please ask your oncologist which of these tests were done, and upload the reports you have.",
            item_keys=gaps,
        )
        if target == State.AWAITING_INFORMATION:
            return
        workflow.information_answer(
            case=case, by=owner, body="These tests were not done; the reports we have are uploaded."
        )
        for email, chair in (
            ("oncologist@demo.mdt", True),
            ("radiologist@demo.mdt", False),
            ("pathologist@demo.mdt", False),
        ):
            specialist = users[email]
            workflow.assignment_add(
                case=case, by=coordinator, specialist=specialist, discipline=specialist.discipline, is_chair=chair
            )
        workflow.meeting_set(case=case, by=coordinator, when=timezone.now() + datetime.timedelta(days=7))
        workflow.case_ready_for_mdt(
            case=case, by=coordinator, go_ahead_reason="Demo data: reviewed with what is available."
        )
        if target == State.IN_REVIEW:
            case_transition(case=case, to=State.IN_REVIEW, by=coordinator, reason="")
