"""Demo accounts and six realistic cases across cancer types and lifecycle states.

Idempotent: accounts and cases are found by email and reference, so running it
again changes nothing. Documents are real files (PDF, PNG, a ZIP of DICOM).
"""

import datetime
import tempfile
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cases import workflow
from cases.clinical.biomarkers.codes import RESULTS
from cases.labels import code_label
from cases.lifecycle import case_transition
from cases.models import (
    Biomarker,
    Case,
    CaseEvent,
    EcogRecord,
    LabResult,
    LocalTreatment,
    State,
    TreatmentLine,
    User,
)
from cases.responses import response_save
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


ACCOUNTS: list[dict[str, Any]] = [
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
# What the coordinator and the patient type on the way to the MDT. Free text stays as typed, so a coordinator
# writing to a Chinese-speaking patient writes Chinese; the items asked for are coded and shown in the reader's
# language (cases.workflow.item_text). `items`: the request's checklist keys start with one of these.
THREAD = dict(
    items=("biomarker_gap",),
    request="Please ask your oncologist which of these tests were done, and upload the reports you have.",
    answer="These tests were not done; the reports we have are uploaded.",
    go_ahead="Demo data: reviewed with what is available.",
)
THREAD_ZH = dict(
    # An ALK-positive lung cancer has no biomarker gap to ask about (the drivers exclude each other); what the
    # MDT lacks is a brain MRI, the kidney function and the viral tests before a change of treatment.
    items=("brain_mri", "creatinine", "viral_tests"),
    request="陈女士您好：为了让多学科团队全面评估您的病情，请补充下面列出的检查结果。"
    "如果某项检查还没有做过，请直接告诉我们。",
    answer="头颅 MRI、肾功能和肝炎、HIV 检查还没有做过，我会请主治医生安排；手头的报告都已经上传。",
    go_ahead="演示数据：根据现有资料提交多学科团队讨论，缺少的检查已在讨论中注明。",
)


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
            # The brain MRI predates both progressions: stale whatever its age (cases.clinical.staleness).
            brain_mri_date=days_ago(150),
            medications="Dexamethasone 2 mg daily; pantoprazole 40 mg daily",
            past_toxicities="Grade 2 acneiform rash and paronychia on gefitinib",
            hepatitis_b="negative",
            hepatitis_c="negative",
            hiv="not_tested",
            autoimmune_disease=False,
            organ_transplant=False,
            family_history="Father: lung cancer at 70 (smoker).",
            germline_testing="not_tested",
            tissue_block_location="Pathology department, Kazakh Institute of Oncology, Almaty; block 24-1187 A2",
        ),
        # Exon 19 deletion at diagnosis; T790M in plasma when gefitinib failed (hence osimertinib, AURA3);
        # now progressing on osimertinib with no test since: the resistance work-up is the gap.
        biomarkers=[
            dict(
                marker="EGFR",
                result="detected",
                alterations=["ex19del"],
                value="exon 19 deletion p.E746_A750del",
                origin="somatic",
                vaf="34.0",
                assay="dna_ngs",
                specimen="tissue_primary",
                specimen_site="Right upper lobe, CT-guided core biopsy",
                collected=415,
                reported=405,
                report="NGS report",
            ),
            dict(
                marker="ALK",
                result="not_detected",
                value="D5F3 negative",
                assay="ihc",
                specimen="tissue_primary",
                specimen_site="Right upper lobe",
                collected=415,
                reported=410,
                report="Pathology report",
            ),
            dict(
                marker="PDL1",
                result="detected",
                value="TPS 30%",
                pdl1_score="30",
                pdl1_system="TPS",
                pdl1_clone="22C3",
                assay="ihc",
                specimen="tissue_primary",
                specimen_site="Right upper lobe",
                collected=415,
                reported=410,
                report="Pathology report",
            ),
            dict(
                marker="EGFR",
                result="detected",
                alterations=["ex19del", "T790M"],
                value="exon 19 deletion VAF 6.2%; T790M VAF 2.1%",
                origin="somatic",
                vaf="2.1",
                assay="ctdna_ngs",
                specimen="plasma",
                collected=125,
                reported=118,
            ),
            dict(marker="ROS1", result="not_tested"),
            dict(marker="RET", result="not_tested"),
        ],
        lines=[
            ("Gefitinib 250 mg daily", 400, 120, "PR", "progression"),
            ("Osimertinib 80 mg daily", 110, None, "PD", ""),
        ],
        local=[("sbrt", "T10 vertebra", 90)],
        # Bilirubin rising with liver metastases, and a total calcium that is high once corrected for albumin
        # (2.78 + 0.02 × (40 − 31) = 2.96 mmol/L, CTCAE grade 2): both flag (cases.clinical.lab_flags).
        labs=[
            ("haemoglobin", "11.2", "g/dL", 12),
            ("creatinine", "78", "µmol/L", 12),
            ("bilirubin", "12", "µmol/L", 60),
            ("bilirubin", "31", "µmol/L", 12),
            ("alt", "64", "U/L", 12),
            ("albumin", "31", "g/L", 12),
            ("calcium_total", "2.78", "mmol/L", 12),
            ("cea", "12.4", "ng/mL", 410),
            ("cea", "4.1", "ng/mL", 300),
            ("cea", "3.2", "ng/mL", 200),
            ("cea", "9.8", "ng/mL", 20),
        ],
        ecog_history=[(410, 1), (300, 0), (200, 0), (20, 1)],
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
            dict(
                marker="HER2",
                result="detected",
                her2_ihc="ihc_3plus",
                value="IHC 3+",
                assay="ihc",
                specimen="tissue_primary",
                specimen_site="Left breast, core biopsy",
                collected=695,
                reported=690,
                report="Breast biopsy pathology",
            ),
            dict(
                marker="ER",
                result="not_detected",
                value="0%",
                assay="ihc",
                specimen="tissue_primary",
                specimen_site="Left breast, core biopsy",
                collected=695,
                reported=690,
                report="Breast biopsy pathology",
            ),
            dict(
                marker="PR",
                result="not_detected",
                value="0%",
                assay="ihc",
                specimen="tissue_primary",
                specimen_site="Left breast, core biopsy",
                collected=695,
                reported=690,
                report="Breast biopsy pathology",
            ),
            dict(marker="PIK3CA", result="not_tested"),
        ],
        lines=[
            # HER2-positive metastatic: trastuzumab and pertuzumab go on until progression (CLEOPATRA); the change
            # to trastuzumab deruxtecan followed it (review 2026-11-30: "completed as planned" misread the line).
            ("Trastuzumab + pertuzumab + docetaxel", 650, 450, "PR", "progression"),
            ("Trastuzumab deruxtecan", 420, None, "PR", ""),
        ],
        local=[],
        # Neutropenia grade 3 on trastuzumab deruxtecan, in the conventional unit the local lab used.
        labs=[("alt", "32", "U/L", 14), ("neutrophils", "900", "cells/µL", 6)],
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
        # dMMR (MLH1/PMS2 loss) and MSI-H on the colectomy specimen; RAS and BRAF by PCR kits: KRAS exon 2 only
        # (extended RAS still open), BRAF V600E not found (so MLH1 loss is not explained as sporadic: Lynch work-up).
        biomarkers=[
            dict(
                marker="MSI",
                result="detected",
                alterations=["dmmr_mlh1_pms2"],
                value="loss of MLH1 and PMS2",
                assay="ihc",
                specimen="tissue_primary",
                specimen_site="Sigmoid colon, colectomy",
                collected=880,
                reported=870,
                report="Colectomy pathology",
            ),
            dict(
                marker="MSI",
                result="detected",
                alterations=["msi_h"],
                value="MSI-H (5/5 markers)",
                assay="msi_pcr",
                specimen="tissue_primary",
                specimen_site="Sigmoid colon, colectomy",
                collected=880,
                reported=860,
            ),
            dict(
                marker="KRAS",
                result="not_detected",
                value="codons 12/13 wild type",
                assay="pcr_hotspot",
                exons_tested="2",
                specimen="tissue_primary",
                specimen_site="Sigmoid colon, colectomy",
                collected=880,
                reported=860,
            ),
            dict(
                marker="BRAF",
                result="not_detected",
                value="V600E not detected",
                assay="pcr_hotspot",
                specimen="tissue_primary",
                specimen_site="Sigmoid colon, colectomy",
                collected=880,
                reported=860,
            ),
        ],
        lines=[("FOLFOX", 850, 700, "SD", "toxicity")],
        local=[("surgery", "Sigmoid colectomy", 880)],
        labs=[],
        documents=[("pathology_report", "Colectomy pathology", 870), ("imaging_report", "CT abdomen", 50)],
    ),
    dict(
        reference="MDT-DEMM5T",
        # RECIST 1.1 read from the same scans as the iRECIST series below (one series, two readings): the new
        # lesion at the first scan is PD under RECIST 1.1 and an unconfirmed iUPD under iRECIST.
        recist=dict(
            baseline=[
                {"site": "Left lower lobe", "nodal": False, "mm": 31},
                {"site": "Right axillary node", "nodal": True, "mm": 24},
            ],
            assessments=[[36, 27], [20, 14], [14, 9], [12, 8]],
            days=[400, 340, 260, 15],
            nontarget=["present", "present", "present", "present"],
            new_lesions=[True, False, False, False],
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
            dict(
                marker="BRAF",
                result="not_detected",
                value="wild type",
                assay="dna_ngs",
                specimen="tissue_primary",
                specimen_site="Back, excision",
                collected=490,
                reported=480,
                report="Excision pathology",
            ),
            dict(
                marker="NRAS",
                result="detected",
                alterations=["Q61"],
                value="p.Q61R",
                vaf="28.0",
                origin="somatic",
                assay="dna_ngs",
                specimen="tissue_primary",
                specimen_site="Back, excision",
                collected=490,
                reported=480,
                report="Excision pathology",
            ),
            dict(marker="PDL1", result="pending", assay="ihc", specimen="tissue_primary", collected=490),
        ],
        lines=[("Nivolumab + ipilimumab, then nivolumab", 450, None, "PR", "")],
        # iRECIST (Seymour 2017) as the coordinator entered it: a new lesion and growth at the first scan (iUPD)
        # that was not confirmed (pseudoprogression), then shrinkage.
        responses=[
            dict(
                criteria="irecist",
                data={
                    "baseline": [
                        {"site": "Left lower lobe", "nodal": False, "mm": 31},
                        {"site": "Right axillary node", "nodal": True, "mm": 24},
                    ],
                    "assessments": [[36, 27], [20, 14], [14, 9], [12, 8]],
                    "nontarget": ["present", "present", "present", "present"],
                    "new_lesions": [True, False, False, False],
                    "new_lesion_count": [1, 0, 0, 0],
                },
                days=[400, 340, 260, 15],
                reported="PR",
            )
        ],
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
        # Diagnostic marrow on a myeloid NGS panel; no karyotype and no NPM1 MRD yet, which the transplant
        # question turns on (ELN 2022).
        biomarkers=[
            dict(
                marker="NPM1",
                result="detected",
                value="type A (c.860_863dupTCTG)",
                vaf="41.0",
                origin="somatic",
                assay="dna_ngs",
                specimen="marrow",
                specimen_site="Posterior iliac crest aspirate",
                collected=198,
                reported=190,
                report="Bone marrow report",
            ),
            dict(
                marker="FLT3",
                result="not_detected",
                value="ITD and TKD not detected",
                assay="dna_ngs",
                specimen="marrow",
                collected=198,
                reported=190,
                report="Bone marrow report",
            ),
            dict(marker="IDH1", result="not_tested"),
            # NPM1 MRD by quantitative PCR on the marrow after induction (ELN MRD 2021, Heuser, Blood 2021): still
            # positive, which puts transplant in first remission on the table; no consolidation recorded since.
            dict(
                marker="MRD",
                result="detected",
                value="NPM1 transcripts 0.8% of ABL1 (qPCR)",
                assay="qpcr_mrd",
                specimen="marrow",
                collected=9,
                reported=7,
            ),
        ],
        lines=[("7+3 induction (cytarabine + daunorubicin)", 190, 160, "CR", "completed")],
        responses=[
            dict(
                criteria="eln2022",
                data={
                    "prior_cr": False,
                    "bm_blasts_pct": 2,
                    "pretreatment_bm_blasts_pct": 64,
                    "circulating_blasts": False,
                    "extramedullary_disease": False,
                    "anc_1e9_per_l": 1.3,
                    "platelets_1e9_per_l": 108,
                    "mrd": "positive",
                },
                days=[162],
                reported="CR",
            ),
            dict(
                criteria="eln2022",
                data={
                    "prior_cr": True,
                    "bm_blasts_pct": 1,
                    "pretreatment_bm_blasts_pct": 64,
                    "circulating_blasts": False,
                    "extramedullary_disease": False,
                    "anc_1e9_per_l": 1.4,
                    "platelets_1e9_per_l": 112,
                    "mrd": "positive",
                },
                days=[9],
                reported="CR",
            ),
        ],
        local=[],
        labs=[("neutrophils", "1.4", "10^9/L", 7), ("platelets", "112", "10^9/L", 7)],
        documents=[("pathology_report", "Bone marrow report", 185), ("lab_results", "Blood counts", 7)],
    ),
    dict(
        # A Chinese-speaking patient: the report is promised in Simplified Chinese, the MDT writes in English;
        # the coordinator writes to her in Chinese.
        reference="MDT-DEMZ8H",
        thread=THREAD_ZH,
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
            dict(
                marker="ALK",
                result="detected",
                alterations=["fusion"],
                fusion_partner="EML4",
                value="EML4-ALK fusion",
                origin="somatic",
                assay="dna_rna_ngs",
                specimen="tissue_primary",
                specimen_site="Left lower lobe, CT-guided core biopsy",
                collected=535,
                reported=528,
                report="Pathology report",
            ),
            dict(
                marker="EGFR",
                result="not_detected",
                assay="dna_rna_ngs",
                specimen="tissue_primary",
                collected=535,
                reported=528,
            ),
            dict(
                marker="PDL1",
                result="detected",
                pdl1_score="5",
                pdl1_system="TPS",
                value="TPS 5%",
                assay="ihc",
                specimen="tissue_primary",
                collected=535,
                reported=528,
            ),
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
            stage_group="RISS-II",  # named with its system: R-ISS (Palumbo 2015), not ISS (Greipp 2005)
            diagnosis_date=days_ago(300),
            goals_text="",
            report_language="zh-hans",
        ),
        biomarkers=[],
        lines=[("Daratumumab + lenalidomide + dexamethasone", 280, None, "VGPR", "")],
        responses=[
            dict(
                criteria="imwg2016",
                data={
                    "baseline_serum_m_g_dl": 3.4,
                    "baseline_urine_m_mg_24h": 420,
                    "nadir_serum_m_g_dl": 0.2,
                    "nadir_urine_m_mg_24h": 0,
                    "serum_m_g_dl": 0.2,
                    "urine_m_mg_24h": 0,
                    "serum_ife": "positive",
                    "urine_ife": "negative",
                    "bm_plasma_cells_pct": None,
                    "flc_ratio_normal": None,
                    "bm_clonal_cells_ihc": "not_done",
                    "plasmacytoma": "none",
                    "new_lesions": False,
                    "mrd": "not_done",
                    "mrd_method": None,
                    "mrd_sensitivity": None,
                    "on_daratumumab": True,
                },
                days=[5],
                reported="VGPR",
            )
        ],
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
        for row in spec["biomarkers"]:
            self._biomarker(case, row)
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
        for days, ecog in spec.get("ecog_history", []):
            EcogRecord.objects.create(case=case, measured_on=days_ago(days), ecog=ecog)
        for r in spec.get("responses", []):
            data = dict(r["data"])
            if len(r["days"]) > 1:
                data["dates"] = [days_ago(d).isoformat() for d in r["days"]]
            response_save(
                case=case,
                by=users["coordinator@demo.mdt"] if spec["state"] != State.DRAFT else None,
                criteria=r["criteria"],
                data=data,
                assessed_on=days_ago(r["days"][-1]),
                reported_category=r["reported"],
            )
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
        documents = {}
        for kind, title, when in spec["documents"]:
            documents[title] = self._document(case, owner, kind, title, days_ago(when))
        for row, record in zip(spec["biomarkers"], case.biomarkers.order_by("id"), strict=True):
            if row.get("report"):
                record.document = documents[row["report"]]
                record.source_report = row["report"]
                record.save(update_fields=["document", "source_report"])
        self._advance(case, spec["state"], owner, users, spec.get("thread", THREAD))

    def _biomarker(self, case, row):
        row = dict(row)
        collected, reported = row.pop("collected", None), row.pop("reported", None)
        row.pop("report", None)
        Biomarker.objects.create(
            case=case,
            collected_on=days_ago(collected) if collected else None,
            tested_on=days_ago(reported) if reported else None,
            covers_gene=True if row["result"] == "not_detected" else None,
            **row,
        )

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
                rows=[(b.marker, f"{code_label(RESULTS, b.result)} {b.value}".strip()) for b in case.biomarkers.all()]
                if kind == "biomarker_report"
                else None,
            )
            name = title.lower().replace(" ", "-") + ".pdf"
        with tempfile.TemporaryFile() as fh:
            fh.write(content)
            fh.seek(0)
            document = document_add(case=case, by=owner, fileobj=fh, name=name, kind=kind, document_date=date)
        document_extract_metadata(document_id=document.pk)
        return document

    def _advance(self, case, target, owner, users, thread):
        """Walk the case through the same services the pages use, so the demo holds what real use would.

        `thread`: what the coordinator and the patient type, in the patient's language (THREAD, THREAD_ZH)."""
        if target == State.DRAFT:
            return
        case_submit(case=case, by=owner)
        coordinator = users["coordinator@demo.mdt"]
        if target == State.SUBMITTED:
            return
        case_transition(case=case, to=State.IN_TRIAGE, by=coordinator, reason="")
        if target == State.IN_TRIAGE:
            return
        asked = [i.key for i in workflow.request_items(case) if i.key.startswith(thread["items"])]
        workflow.information_request(case=case, by=coordinator, body=thread["request"], item_keys=asked)
        if target == State.AWAITING_INFORMATION:
            return
        workflow.information_answer(case=case, by=owner, body=thread["answer"])
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
        workflow.case_ready_for_mdt(case=case, by=coordinator, go_ahead_reason=thread["go_ahead"])
        if target == State.IN_REVIEW:
            case_transition(case=case, to=State.IN_REVIEW, by=coordinator, reason="")
