import datetime

import factory
from django.core.files.base import ContentFile

from cases.models import Biomarker, Case, Document, TreatmentLine, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = "patient"
    relationship = "self"
    country = "Kazakhstan"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            obj.emailaddress_set.create(email=obj.email, verified=True, primary=True)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    owner = factory.SubFactory(UserFactory)
    patient_name = "Li Wei"
    patient_country = "Kazakhstan"
    relationship = "self"


def complete_case(owner, **overrides) -> Case:
    """A draft with everything the submit check requires (and a few recommended items)."""
    today = datetime.date.today()
    fields = dict(
        owner=owner,
        patient_name="Li Wei",
        patient_birth_date=datetime.date(1961, 3, 4),
        patient_sex="male",
        patient_country="Kazakhstan",
        cancer_type="nsclc",
        cancer_subtype="adenocarcinoma",
        histology="Adenocarcinoma, acinar predominant",
        diagnosis_date=today - datetime.timedelta(days=400),
        stage_group="IVB",
        t_category="T2a",
        n_category="N2",
        m_category="M1c",
        metastatic_sites=["bone", "liver"],
        metastatic_lesion_count=4,
        ecog=1,
        goals_text="Long-term control",
        question_codes=[],
        consent_review=True,
        consent_share=True,
        intake_steps_saved=["diagnosis", "biomarkers", "treatment", "goals", "records"],
    )
    fields.update(overrides)
    case = Case.objects.create(**fields)
    TreatmentLine.objects.create(
        case=case,
        regimen="Osimertinib",
        start_date=today - datetime.timedelta(days=300),
        ongoing=True,
        best_response="PR",
    )
    Biomarker.objects.create(
        case=case, marker="EGFR", result="detected", value="exon 19 deletion", assay="ngs_unspecified"
    )
    add_document(case, "pathology_report", today - datetime.timedelta(days=390))
    add_document(case, "imaging_report", today - datetime.timedelta(days=10))
    return case


def add_document(case, kind, date=None, content=None, name=None) -> Document:
    content = content or f"%PDF-1.4 {kind} {date}".encode()
    import hashlib

    doc = Document(
        case=case,
        kind=kind,
        original_name=name or f"{kind}.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        detected_type="pdf",
        mime="application/pdf",
        document_date=date,
        uploaded_by=case.owner,
    )
    doc.file.save("upload", ContentFile(content), save=False)
    doc.save()
    return doc
