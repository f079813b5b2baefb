"""The MDT's side of a case: My MDT cases, the MDT panel, the opinion and consensus pages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseAssignment, CaseEvent, Notification, State
from reports.models import Consensus, Opinion, Packet
from reports.opinions import (
    ERR_ASSESSMENT,
    ERR_CONSENSUS_AGREED,
    ERR_CRITERIA,
    ERR_OPINION_SUBMITTED,
    MdtError,
    consensus_save,
    opinion_save,
    recommended_tests,
)
from tests.factories import CaseFactory, UserFactory, complete_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(db):
    return UserFactory(email="chair@example.org", first_name="Wang", last_name="Jun", role="specialist")


@pytest.fixture
def radiologist(db):
    return UserFactory(email="rad@example.org", first_name="Zhang", last_name="Li", role="specialist")


@pytest.fixture
def pathologist(db):
    return UserFactory(email="path@example.org", first_name="Liu", last_name="Yang", role="specialist")


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.org", role="specialist", discipline="surgery")


def _team_case(owner, chair, others, state=State.IN_REVIEW, **fields):
    fields.setdefault("question_codes", ["remission_rate", "options_china"])
    fields.setdefault("own_questions", "Can I keep working?\n\nHow often will I need scans?")
    fields.setdefault("care_in_china", "yes")
    case = complete_case(owner, **fields)
    Case.objects.filter(pk=case.pk).update(state=state, submitted_at=timezone.now())
    case.refresh_from_db()
    CaseAssignment.objects.create(case=case, specialist=chair, discipline="medical_oncology", is_chair=True)
    for user, discipline in others:
        CaseAssignment.objects.create(case=case, specialist=user, discipline=discipline)
    return case


@pytest.fixture
def case(patient, chair, radiologist, pathologist):
    case = _team_case(patient, chair, [(radiologist, "radiology"), (pathologist, "pathology")])
    # No driver found yet, so ALK is still a gap (with EGFR positive it would not be: ESMO 2023, issue 11).
    case.biomarkers.filter(marker="EGFR").update(result="not_detected", value="", covers_gene=True)
    return case


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, case):
    return reverse(f"reports:{name}", args=[case.reference])


def submit_opinion(case, user, text="Reviewed the imaging.", **extra):
    return opinion_save(case=case, by=user, data={"assessment": text, **extra}, submit=True)


def full_consensus(**overrides):
    data = {
        "goal": "disease_control",
        "plan": "Continue osimertinib; SBRT to the liver lesion.",
        "patient_summary": "Your cancer is under control. We suggest radiotherapy to one spot in the liver.",
        "china": "suitable",
        "answers": {
            "seed:remission_rate": "Complete remission is uncommon at this stage.",
            "seed:options_china": "Yes: SBRT is widely available in China.",
            "own:1": "Yes, most people keep working.",
            "own:2": "Every three months.",
        },
    }
    data.update(overrides)
    return data


def consensus_post(**overrides):
    data = full_consensus(**overrides)
    post = {k: v for k, v in data.items() if k != "answers"}
    post.update({"answer_" + key.replace(":", "_"): text for key, text in data["answers"].items()})
    post.setdefault("written_in", "en")
    return post


# --- Access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,method",
    [("mdt_panel", "get"), ("opinion", "get"), ("opinion", "post"), ("consensus", "get"), ("consensus", "post")],
)
def test_unassigned_specialist_gets_404_on_every_mdt_url(case, outsider, name, method):
    response = getattr(as_user(outsider), method)(url(name, case), {"action": "submit", "assessment": "x"})
    assert response.status_code == 404
    assert not Opinion.objects.filter(author=outsider).exists()


def test_unassigned_specialist_does_not_find_the_case_in_my_mdt_cases(case, outsider):
    response = as_user(outsider).get(reverse("reports:mdt_cases"))
    assert response.status_code == 200
    assert case.reference not in response.content.decode()


@pytest.mark.parametrize("name", ["mdt_panel", "opinion", "consensus"])
def test_patient_gets_404_on_every_mdt_url(case, patient_client, name):
    assert patient_client.get(url(name, case)).status_code == 404
    if name != "mdt_panel":  # the panel only answers GET
        assert patient_client.post(url(name, case), {"action": "agree"}).status_code == 404


def test_patient_and_coordinator_have_no_mdt_cases_page(patient_client, coordinator):
    assert patient_client.get(reverse("reports:mdt_cases")).status_code == 404
    assert as_user(coordinator).get(reverse("reports:mdt_cases")).status_code == 404


@pytest.mark.parametrize("who", ["radiologist", "coordinator"])
def test_only_the_chair_can_open_and_post_the_consensus(case, request, who):
    user = request.getfixturevalue(who)
    client = as_user(user)
    assert client.get(url("consensus", case)).status_code == 404
    assert client.post(url("consensus", case), consensus_post()).status_code == 404
    assert not Consensus.objects.exists()
    with pytest.raises(MdtError):
        consensus_save(case=case, by=user, data=full_consensus())


def test_coordinator_cannot_write_an_opinion(case, coordinator):
    assert as_user(coordinator).get(url("opinion", case)).status_code == 404


def test_consensus_waits_for_the_review_to_start(patient, chair, radiologist):
    case = _team_case(patient, chair, [(radiologist, "radiology")], state=State.READY_FOR_MDT)
    assert as_user(chair).get(url("opinion", case)).status_code == 200  # opinions can start
    assert as_user(chair).get(url("consensus", case)).status_code == 404


def test_no_opinion_before_the_case_reaches_the_mdt(patient, chair, radiologist):
    case = _team_case(patient, chair, [(radiologist, "radiology")], state=State.IN_TRIAGE)
    assert as_user(radiologist).get(url("opinion", case)).status_code == 404
    panel = as_user(radiologist).get(url("mdt_panel", case)).content.decode()
    assert "still preparing this case" in panel and reverse("reports:opinion", args=[case.reference]) not in panel


# --- Opinions -------------------------------------------------------------------------------------


def test_specialist_saves_a_draft_comes_back_and_submits_through_the_page(case, radiologist):
    client = as_user(radiologist)
    page = client.get(url("opinion", case)).content.decode()
    assert "Your opinion (Radiology)" in page
    assert 'name="tests_from_gaps"' in page and 'value="ALK"' in page  # the case's biomarker gaps
    assert 'name="option_systemic"' in page and 'name="option_local"' in page

    response = client.post(
        url("opinion", case),
        {
            "action": "save",
            "assessment": "Two liver lesions, stable since March.",
            "tests_from_gaps": ["ALK"],
            "option_local": "SBRT to both liver lesions.",
        },
    )
    assert response.status_code == 302 and response.url == url("opinion", case)
    opinion = Opinion.objects.get(case=case, author=radiologist)
    assert opinion.status == "draft" and opinion.discipline == "radiology"
    assert opinion.tests_from_gaps == ["ALK"] and opinion.options == {"local": "SBRT to both liver lesions."}

    page = client.get(url("opinion", case)).content.decode()
    assert "Two liver lesions, stable since March." in page and "SBRT to both liver lesions." in page
    assert "Draft last saved" in page

    submitted = {
        "action": "submit",
        "assessment": "Two liver lesions, stable since March.",
        "response_category": "SD",
        "response_criteria": "recist1.1",
        "tests_from_gaps": ["ALK"],
        "option_local": "SBRT to both liver lesions.",
        "discussion_points": "Is SBRT to both lesions feasible?",
    }
    # Submitting asks first: the draft is saved and the page asks, carrying what was typed.
    asked = client.post(url("opinion", case), submitted)
    html = asked.content.decode()
    assert asked.status_code == 200 and "Submit your opinion?" in html and "cannot be changed" in html
    assert 'name="confirmed" value="1"' in html and 'value="Two liver lesions, stable since March."' in html
    opinion.refresh_from_db()
    assert opinion.status == "draft" and opinion.response_category == "SD"

    response = client.post(url("opinion", case), {**submitted, "confirmed": "1"})
    assert response.status_code == 302
    assert response.url == reverse("intake:case_detail", args=[case.reference]) + "#mdt"
    opinion.refresh_from_db()
    assert opinion.status == "submitted" and opinion.submitted_at is not None
    assert opinion.response_category == "SD" and opinion.response_criteria == "recist1.1"

    page = client.get(url("opinion", case)).content.decode()
    assert "can no longer be changed" in page and "<textarea" not in page
    assert "Stable disease (SD)" in page and "RECIST 1.1" in page


def test_a_submitted_opinion_cannot_be_edited(case, radiologist):
    opinion = submit_opinion(case, radiologist, "Final words.")
    client = as_user(radiologist)
    response = client.post(url("opinion", case), {"action": "save", "assessment": "Changed my mind."}, follow=True)
    assert str(ERR_OPINION_SUBMITTED) in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.assessment == "Final words."
    with pytest.raises(MdtError) as error:
        opinion_save(case=case, by=radiologist, data={"assessment": "Again"})
    assert error.value.message == ERR_OPINION_SUBMITTED


def test_submitting_without_an_assessment_keeps_the_draft_and_says_what_is_missing(case, radiologist):
    response = as_user(radiologist).post(
        url("opinion", case), {"action": "submit", "assessment": "", "discussion_points": "Ask about SBRT."}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert str(ERR_ASSESSMENT) in html and "Your draft is saved" in html
    opinion = Opinion.objects.get(case=case, author=radiologist)
    assert opinion.status == "draft" and opinion.discussion_points == "Ask about SBRT."


def test_a_response_read_needs_the_criteria_used(case, radiologist):
    with pytest.raises(MdtError) as error:
        submit_opinion(case, radiologist, response_category="PR")
    assert error.value.problems == {"response_criteria": str(ERR_CRITERIA)}
    assert submit_opinion(case, radiologist, response_category="NE").status == "submitted"


def test_tests_outside_the_gaps_and_unknown_option_kinds_are_not_stored(case, radiologist):
    opinion = opinion_save(
        case=case,
        by=radiologist,
        data={"assessment": "x", "tests_from_gaps": ["ALK", "EGFR"], "options": {"magic": "y", "trials": " z "}},
        allowed_gaps=["ALK"],
    )
    assert opinion.tests_from_gaps == ["ALK"] and opinion.options == {"trials": "z"}


def test_transplant_or_car_t_is_offered_for_haematological_cancers_only(patient, chair, radiologist, case):
    aml = _team_case(patient, chair, [], cancer_type="aml", cancer_subtype="")
    assert 'name="option_transplant_cart"' in as_user(chair).get(url("opinion", aml)).content.decode()
    assert 'name="option_transplant_cart"' not in as_user(chair).get(url("opinion", case)).content.decode()


def test_submitting_records_an_internal_timeline_event_the_patient_never_sees(case, radiologist, patient_client):
    submit_opinion(case, radiologist)
    event = CaseEvent.objects.get(case=case, kind="opinion_submitted")
    assert event.internal and event.actor == radiologist and event.params == {"discipline": "radiology"}
    staff_page = as_user(radiologist).get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    assert "Opinion submitted: Zhang Li · Radiology" in staff_page
    assert (
        "Opinion submitted"
        not in patient_client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    )


def test_the_last_opinion_in_emails_the_coordinator_and_the_chair(case, chair, radiologist, pathologist, coordinator):
    Case.objects.filter(pk=case.pk).update(coordinator=coordinator)
    case.refresh_from_db()
    submit_opinion(case, chair)
    submit_opinion(case, radiologist)
    assert not Notification.objects.filter(kind="opinions_complete").exists()
    submit_opinion(case, pathologist)
    recipients = set(Notification.objects.filter(kind="opinions_complete").values_list("recipient__email", flat=True))
    assert recipients == {coordinator.email, chair.email}


# --- The MDT panel --------------------------------------------------------------------------------


def test_others_opinions_show_once_submitted_and_drafts_stay_private(case, chair, radiologist, pathologist):
    opinion_save(case=case, by=radiologist, data={"assessment": "Half-written radiology thoughts"})
    submit_opinion(case, pathologist, "Adenocarcinoma confirmed; TTF-1 positive.")

    html = as_user(chair).get(url("mdt_panel", case)).content.decode()
    assert html.lstrip().startswith('<section id="mdt"')
    assert "Adenocarcinoma confirmed; TTF-1 positive." in html
    assert "Half-written radiology thoughts" not in html
    assert "Draft in progress" in html and "Not started" in html and "Opinion submitted" in html


def test_coordinator_sees_each_members_opinion_status_and_the_consensus_status(case, coordinator, radiologist):
    submit_opinion(case, radiologist)
    html = as_user(coordinator).get(url("mdt_panel", case)).content.decode()
    assert html.count("Not started") == 2 and "Opinion submitted" in html
    assert "Waiting for 2 opinions before the chair writes the consensus." in html
    assert reverse("reports:opinion", args=[case.reference]) not in html


def test_specialist_panel_opens_the_latest_packet_summary_at_page_one(case, radiologist):
    Packet.objects.create(case=case, version=1, status=Packet.Status.DONE)
    Packet.objects.create(case=case, version=2, status=Packet.Status.DONE)
    Packet.objects.create(case=case, version=3, status=Packet.Status.FAILED)
    html = as_user(radiologist).get(url("mdt_panel", case)).content.decode()
    summary = reverse("reports:packet_file", args=[case.reference, 2, "summary"])
    assert f'href="{summary}#page=1" target="_blank"' in html
    assert reverse("reports:packet_file", args=[case.reference, 2, "packet"]) in html
    assert "Write your opinion" in html


def test_panel_offers_the_chair_the_consensus_once_every_opinion_is_in(case, chair, radiologist, pathologist):
    submit_opinion(case, radiologist)
    html = as_user(chair).get(url("mdt_panel", case)).content.decode()
    assert "Start a consensus draft" in html
    for user in (chair, pathologist):
        submit_opinion(case, user)
    html = as_user(chair).get(url("mdt_panel", case)).content.decode()
    assert "Write the consensus" in html and reverse("reports:consensus", args=[case.reference]) in html
    assert "Write the consensus" not in as_user(radiologist).get(url("mdt_panel", case)).content.decode()


# --- Consensus ------------------------------------------------------------------------------------


def test_only_submitted_opinions_count_as_recommending_a_test(case, radiologist, pathologist):
    opinion_save(case=case, by=radiologist, data={"assessment": "Still reading", "tests_from_gaps": ["EGFR"]})
    submit_opinion(case, pathologist, tests_from_gaps=["EGFR", "ALK"])
    assert recommended_tests(list(case.opinions.all())) == {"EGFR": ["Pathology"], "ALK": ["Pathology"]}


def test_consensus_page_shows_each_patient_question_in_their_words(case, chair):
    html = as_user(chair).get(url("consensus", case)).content.decode()
    assert "Can I keep working?" in html and "How often will I need scans?" in html
    assert "how often do patients achieve complete remission?" in html
    assert 'name="answer_own_2"' in html and 'name="answer_seed_remission_rate"' in html
    assert "Still waiting for opinions from:" in html and "Zhang Li" in html


def test_agreeing_is_blocked_until_the_opinions_are_in_and_names_who_is_missing(case, chair, radiologist):
    submit_opinion(case, radiologist)
    response = as_user(chair).post(url("consensus", case), {**consensus_post(), "action": "agree"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Waiting for opinions from: Wang Jun (Medical oncology), Liu Yang (Pathology)" in html
    consensus = Consensus.objects.get(case=case)
    assert consensus.status == "draft" and consensus.plan.startswith("Continue osimertinib")  # the draft is kept
    assert not CaseEvent.objects.filter(kind="consensus_agreed").exists()


def test_chair_may_go_ahead_without_an_opinion_only_with_a_reason(case, chair, radiologist):
    for user in (chair, radiologist):
        submit_opinion(case, user)
    consensus = consensus_save(
        case=case,
        by=chair,
        data={**full_consensus(), "go_ahead_reason": "Pathology on leave; slides reviewed."},
        agree=True,
    )
    assert consensus.status == "final"
    event = CaseEvent.objects.get(case=case, kind="consensus_agreed")
    assert event.internal
    assert "Liu Yang (Pathology)" in event.params["names"]
    assert event.params["reason"] == "Pathology on leave; slides reviewed."
    page = as_user(chair).get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    assert "Agreed without opinions from Liu Yang (Pathology). Reason: Pathology on leave; slides reviewed." in page


def test_agreeing_needs_goal_plan_summary_china_and_every_answer(case, chair, radiologist, pathologist):
    for user in (chair, radiologist, pathologist):
        submit_opinion(case, user)
    response = as_user(chair).post(
        url("consensus", case), {"action": "agree", "written_in": "en", "answer_seed_remission_rate": "Rarely."}
    )
    html = response.content.decode()
    for text in ("Choose the realistic treatment goal.", "Write the recommended plan.", "Write the plain summary"):
        assert text in html
    assert "say whether it is suitable" in html
    assert html.count("Answer the patient&#x27;s question.") == 3  # one answered of four
    assert Consensus.objects.get(case=case).status == "draft"


def test_chair_agrees_the_consensus_through_the_page(case, chair, radiologist, pathologist, coordinator):
    Case.objects.filter(pk=case.pk).update(coordinator=coordinator)
    for user in (chair, radiologist, pathologist):
        submit_opinion(case, user, tests_from_gaps=["ALK"])
    client = as_user(chair)
    page = client.get(url("consensus", case)).content.decode()
    assert "recommended by Medical oncology, Radiology, Pathology" in page
    assert "The team's opinions (3 submitted)" in page

    response = client.post(url("consensus", case), {**consensus_post(), "action": "save"})
    assert response.status_code == 302 and response.url == url("consensus", case)
    assert Consensus.objects.get(case=case).status == "draft"

    agreed = {**consensus_post(dissent="Radiology prefers ablation."), "action": "agree"}
    asked = client.post(url("consensus", case), agreed)
    assert asked.status_code == 200 and "Agree the consensus?" in asked.content.decode()
    assert Consensus.objects.get(case=case).status == "draft"
    response = client.post(url("consensus", case), {**agreed, "confirmed": "1"})
    assert response.status_code == 302
    consensus = Consensus.objects.get(case=case)
    assert consensus.status == "final" and consensus.agreed_at is not None and consensus.chair == chair
    assert consensus.answers["own:1"] == "Yes, most people keep working."
    assert consensus.dissent == "Radiology prefers ablation." and consensus.written_in == "en"
    event = CaseEvent.objects.get(case=case, kind="consensus_agreed")
    assert event.internal and event.params == {}
    assert list(Notification.objects.filter(kind="consensus_agreed").values_list("recipient", flat=True)) == [
        coordinator.pk
    ]

    page = client.get(url("consensus", case)).content.decode()
    assert "Only the chair can amend it, with a reason" in page and "<textarea" not in page
    assert "Every three months." in page
    response = client.post(url("consensus", case), {**consensus_post(plan="Something else"), "action": "save"})
    assert response.status_code == 302
    assert Consensus.objects.get(case=case).plan.startswith("Continue osimertinib")
    with pytest.raises(MdtError) as error:
        consensus_save(case=case, by=chair, data=full_consensus())
    assert error.value.message == ERR_CONSENSUS_AGREED

    panel = as_user(coordinator).get(url("mdt_panel", case)).content.decode()
    assert "Agreed" in panel and "Continue osimertinib; SBRT to the liver lesion." in panel
    timeline = as_user(coordinator).get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    assert "MDT consensus agreed" in timeline


# --- My MDT cases ---------------------------------------------------------------------------------


def test_my_mdt_cases_lists_meetings_soonest_first_with_what_is_expected(patient, chair, radiologist):
    now = timezone.now()
    later = _team_case(patient, chair, [(radiologist, "radiology")], mdt_meeting_at=now + datetime.timedelta(days=9))
    sooner = _team_case(patient, chair, [(radiologist, "radiology")], mdt_meeting_at=now + datetime.timedelta(days=2))
    unscheduled = _team_case(patient, chair, [(radiologist, "radiology")], state=State.IN_TRIAGE)
    withdrawn = _team_case(patient, chair, [(radiologist, "radiology")], state=State.WITHDRAWN)
    submit_opinion(sooner, radiologist)
    submit_opinion(sooner, chair)
    opinion_save(case=later, by=chair, data={"assessment": "started"})

    html = as_user(chair).get(reverse("reports:mdt_cases")).content.decode()
    assert html.index(sooner.reference) < html.index(later.reference) < html.index(unscheduled.reference)
    assert withdrawn.reference not in html
    assert "Write the consensus" in html and "Finish and submit your opinion (draft saved)" in html
    assert "Nothing yet: the case is still being prepared" in html
    assert "Non-small cell lung cancer" in html and "Stage IVB" in html and "chair" in html
    assert "2 cases need you" in html

    html = as_user(radiologist).get(reverse("reports:mdt_cases")).content.decode()
    assert "Opinion submitted" in html and "Write your opinion" in html and "Radiology" in html


def test_my_mdt_cases_shows_done_once_the_consensus_is_agreed(case, chair, radiologist, pathologist):
    for user in (chair, radiologist, pathologist):
        submit_opinion(case, user)
    consensus_save(case=case, by=chair, data=full_consensus(), agree=True)
    html = as_user(chair).get(reverse("reports:mdt_cases")).content.decode()
    assert "Done" in html and "Write the consensus" not in html


def _cases_for(specialist, n):
    for i in range(n):
        owner = UserFactory()
        case = CaseFactory(
            owner=owner, state=State.IN_REVIEW, mdt_meeting_at=timezone.now() + datetime.timedelta(days=i)
        )
        CaseAssignment.objects.create(case=case, specialist=specialist, discipline="radiology", is_chair=i % 2 == 0)
        CaseAssignment.objects.create(case=case, specialist=UserFactory(role="specialist"), discipline="pathology")
        Opinion.objects.create(case=case, author=specialist, discipline="radiology", status="submitted")
        if i % 3 == 0:
            Consensus.objects.create(case=case, chair=specialist)


def test_my_mdt_cases_query_count_does_not_grow_with_the_cases(django_assert_num_queries, radiologist):
    client = as_user(radiologist)
    _cases_for(radiologist, 2)
    client.get(reverse("reports:mdt_cases"))  # warm up the session and the user
    with django_assert_num_queries(6) as small:  # session, user, 3 for the rows, 1 for opinions on cases left
        assert client.get(reverse("reports:mdt_cases")).status_code == 200
    _cases_for(radiologist, 18)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("reports:mdt_cases"))
    assert response.content.decode().count("data-reference=") == 20


def test_specialists_land_on_my_mdt_cases_and_see_it_in_the_menu(radiologist):
    client = as_user(radiologist)
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("reports:mdt_cases")
    assert "My MDT cases" in client.get(response.url).content.decode()
