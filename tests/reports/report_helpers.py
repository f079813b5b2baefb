"""A case the MDT has reviewed: a team with submitted opinions and an agreed consensus (rows made directly)."""

import datetime

from django.utils import timezone

from cases.models import Biomarker, CaseAssignment, State
from reports.models import Consensus, Opinion
from tests.factories import UserFactory, add_document, complete_case

OWN_QUESTIONS = "Is osimertinib still useful for the brain lesions?\n\n  Should the lung tissue be biopsied again?  \n"
ANSWERS = {
    "seed:realistic_goal": "Long-term control is realistic; complete remission is unlikely with brain and liver spread.",
    "seed:treatment_options": "Yes: a clinical trial of a fourth-generation EGFR inhibitor, and radiotherapy for the brain.",
    "own:1": "Osimertinib reaches the brain well, but the new lesions suggest it is no longer enough on its own.",
    "own:2": "Yes. A new biopsy or a liquid biopsy would show why the cancer stopped responding.",
}
TEAM = [
    # (first, last, discipline, chair, opinion submitted)
    ("Wang", "Jun", "medical_oncology", True, True),
    ("Zhang", "Li", "radiology", False, True),
    ("Liu", "Yang", "pathology", False, True),
    ("Chen", "Draft", "surgery", False, False),  # assigned, opinion still a draft: not named in the report
]


def reviewed_case(owner, *, state=State.IN_REVIEW, written_in="en", answers=None, **fields):
    """A stage IV EGFR lung cancer case in MDT review, with a team, opinions and a final consensus."""
    defaults = dict(
        question_codes=["realistic_goal", "treatment_options"],
        own_questions=OWN_QUESTIONS,
        report_language="en",
        care_in_china="yes",
        mdt_meeting_at=timezone.now() - datetime.timedelta(days=10),
    )
    defaults.update(fields)
    case = complete_case(owner, state=state, **defaults)
    Biomarker.objects.create(case=case, marker="ALK", result="not_tested")
    add_document(case, "biomarker_report", datetime.date.today() - datetime.timedelta(days=380))
    team = {}
    for first, last, discipline, chair, submitted in TEAM:
        user = UserFactory(role="specialist", discipline=discipline, first_name=first, last_name=last)
        CaseAssignment.objects.create(case=case, specialist=user, discipline=discipline, is_chair=chair)
        Opinion.objects.create(
            case=case,
            author=user,
            discipline=discipline,
            status=Opinion.Status.SUBMITTED if submitted else Opinion.Status.DRAFT,
            assessment=f"{discipline} assessment",
            submitted_at=timezone.now() if submitted else None,
        )
        team[discipline] = user
    Consensus.objects.create(
        case=case,
        chair=team["medical_oncology"],
        status=Consensus.Status.FINAL,
        goal="disease_control",
        goal_explanation="Keeping the cancer controlled for years while you keep working.",
        plan="Stereotactic radiotherapy to the brain lesions, then a trial of a new EGFR inhibitor.",
        alternatives="Platinum chemotherapy with pemetrexed if no trial place is available.",
        tests_first="A new biopsy of a growing lesion, or a liquid biopsy, to see why osimertinib stopped working.",
        tests_from_gaps=["ALK", "MET"],
        china=Consensus.ChinaSuitability.SUITABLE,
        china_notes="Several centres in China run EGFR trials; travel is possible with ECOG 1.",
        supportive_care="A dietitian for the weight loss, and physiotherapy.",
        patient_summary="The cancer has grown in the brain. Treating it there and trying a new medicine is the plan.",
        answers=ANSWERS if answers is None else answers,
        written_in=written_in,
        agreed_at=timezone.now(),
    )
    return case, team


# Reading PDFs back --------------------------------------------------------------------------------------------------
