"""The chair amends an agreed consensus with a reason; the history keeps both texts; the report follows it."""

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CaseEvent, State
from reports.models import Consensus, ConsensusAmendment
from reports.opinions import CONSENSUS_TEXT_FIELDS, MdtError, consensus_amend
from reports.report_release import ReportError, report_prepare, report_release
from tests.reports.report_helpers import reviewed_case

pytestmark = pytest.mark.django_db

NEW_PLAN = "Stereotactic radiotherapy to the brain, then amivantamab with lazertinib in a trial."
REASON = "The tumour board of 3 Dec read the new MRI: a fourth lesion, so whole-course planning changes."


@pytest.fixture
def reviewed(patient):
    return reviewed_case(patient)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def amend_url(case):
    return reverse("reports:consensus_amend", args=[case.reference])


def form_data(client, case, **changes):
    """What the amend page's form holds (its initial values), with `changes` made and the reason given."""
    response = client.get(amend_url(case))
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, ""):
            continue
        data[name] = value
    data.update(changes)
    return data


def test_the_chair_amends_with_a_reason_and_the_history_keeps_both_texts(reviewed, coordinator):
    case, team = reviewed
    chair = as_user(team["medical_oncology"])
    old_plan = Consensus.objects.get(case=case).plan
    page = chair.get(reverse("reports:consensus", args=[case.reference])).content.decode()
    assert 'id="amend-consensus"' in page

    response = chair.post(amend_url(case), {**form_data(chair, case, plan=NEW_PLAN), "amend_reason": REASON})
    assert response.status_code == 302

    consensus = Consensus.objects.get(case=case)
    assert consensus.plan == NEW_PLAN and consensus.status == Consensus.Status.FINAL and consensus.version == 2
    amendment = ConsensusAmendment.objects.get(consensus=consensus)
    assert amendment.reason == REASON and amendment.by == team["medical_oncology"]
    assert amendment.changes == [{"field": "plan", "old": old_plan, "new": NEW_PLAN}]
    event = CaseEvent.objects.get(case=case, kind="consensus_amended")
    assert event.internal and REASON in event.message

    # Everyone on the team reads the history: when, who, why, and the old and new text.
    panel = as_user(team["radiology"]).get(reverse("reports:mdt_panel", args=[case.reference])).content.decode()
    assert "Amended 1 time since it was agreed" in panel and REASON in panel
    assert f"Recommended plan: <del>{old_plan}</del> → <ins>{NEW_PLAN}</ins>" in panel
    timeline = as_user(coordinator).get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    assert "MDT consensus amended by the chair. Reason:" in timeline


def test_an_amendment_needs_a_reason_and_a_change_and_stays_complete(reviewed):
    case, team = reviewed
    chair = team["medical_oncology"]
    consensus = Consensus.objects.get(case=case)
    data = {
        "plan": NEW_PLAN,
        "goal": consensus.goal,
        "patient_summary": consensus.patient_summary,
        "china": consensus.china,
        "answers": consensus.answers,
    }
    with pytest.raises(MdtError) as error:
        consensus_amend(case=case, by=chair, data=data, reason="  ")
    assert "amend_reason" in error.value.problems
    with pytest.raises(MdtError):  # the plan may not be emptied: the consensus stays complete
        consensus_amend(case=case, by=chair, data={**data, "plan": ""}, reason=REASON)
    client = as_user(chair)
    response = client.post(amend_url(case), {**form_data(client, case), "amend_reason": REASON})
    assert "Nothing was changed" in response.content.decode()
    consensus.refresh_from_db()
    assert consensus.version == 1 and not consensus.amendments.exists()


@pytest.mark.parametrize("who", ["radiology", "coordinator", "patient"])
def test_only_the_chair_may_amend(reviewed, who, coordinator, patient):
    case, team = reviewed
    user = {"coordinator": coordinator, "patient": patient}.get(who) or team[who]
    client = as_user(user)
    assert client.get(amend_url(case)).status_code == 404
    assert client.post(amend_url(case), {"plan": NEW_PLAN, "amend_reason": REASON}).status_code == 404
    assert Consensus.objects.get(case=case).version == 1
    with pytest.raises(MdtError):
        consensus_amend(case=case, by=user, data={"plan": NEW_PLAN}, reason=REASON)


def test_nothing_is_amended_once_the_case_is_closed(reviewed, coordinator):
    case, team = reviewed
    case.state = State.CLOSED
    case.save()
    assert as_user(team["medical_oncology"]).get(amend_url(case)).status_code == 404


def test_a_version_prepared_before_the_amendment_cannot_be_released(reviewed, coordinator):
    case, team = reviewed
    draft = report_prepare(case=case, by=coordinator)
    chair = as_user(team["medical_oncology"])
    chair.post(amend_url(case), {**form_data(chair, case, plan=NEW_PLAN), "amend_reason": REASON})
    with pytest.raises(ReportError, match="amended the consensus after this version was prepared"):
        report_release(report=draft, by=coordinator)
    # Prepared again, it carries the amended plan and can be released.
    again = report_prepare(case=case, by=coordinator)
    assert again.consensus_version == 2
    report_release(report=again, by=coordinator)


def test_after_a_release_the_coordinator_is_asked_for_a_correction_that_carries_the_amendment(reviewed, coordinator):
    case, team = reviewed
    v1 = report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    case.refresh_from_db()
    assert case.state == State.REPORT_ISSUED
    chair = as_user(team["medical_oncology"])
    assert (
        chair.post(amend_url(case), {**form_data(chair, case, plan=NEW_PLAN), "amend_reason": REASON}).status_code
        == 302
    )

    panel = as_user(coordinator).get(reverse("reports:report_panel", args=[case.reference])).content.decode()
    assert 'id="consensus-amended"' in panel
    assert f"after version {v1.version} was released" in panel and REASON in panel
    assert REASON in panel[panel.index('name="correction_note"') :]  # the correction note starts from the reason

    v2 = report_prepare(case=case, by=coordinator, correction_note=REASON)
    report_release(report=v2, by=coordinator)
    assert v2.version == 2 and v2.consensus_version == 2
    panel = as_user(coordinator).get(reverse("reports:report_panel", args=[case.reference])).content.decode()
    assert 'id="consensus-amended"' not in panel  # corrected: nothing left to ask


def test_an_amendment_from_a_page_opened_before_another_one_is_refused_and_keeps_what_was_typed(reviewed):
    """Two tabs, or a stale one: saving the older page would undo the newer amendment field by field."""
    from cases.models import AccessRecord, ReadKind

    case, team = reviewed
    chair = as_user(team["medical_oncology"])
    stale = form_data(chair, case, plan="A plan typed in the tab opened first.")  # the page at version 1
    stale["consensus_version"] = "1"
    newer = {**form_data(chair, case, plan=NEW_PLAN), "consensus_version": "1", "amend_reason": REASON}
    assert chair.post(amend_url(case), newer).status_code == 302  # version 2
    response = chair.post(amend_url(case), {**stale, "amend_reason": "From the other tab."})
    assert response.status_code == 200
    html = response.content.decode()
    assert "amended after you opened this page" in html
    assert "A plan typed in the tab opened first." in html and "From the other tab." in html  # nothing lost
    assert Consensus.objects.get(case=case).plan == NEW_PLAN  # the newer amendment stands
    assert 'name="consensus_version" value="2"' in html  # saving again, having seen it, goes through
    # Every showing of the amend page (the agreed consensus) is a read in the audit trail.
    reads = AccessRecord.objects.filter(case=case, reader=team["medical_oncology"], what=ReadKind.CONSENSUS)
    assert reads.count() >= 3


def test_the_service_refuses_an_amendment_made_from_an_older_version(reviewed):
    case, team = reviewed
    with pytest.raises(MdtError) as error:
        consensus_amend(case=case, by=team["medical_oncology"], data={"plan": NEW_PLAN}, reason=REASON, seen_version=0)
    assert "amended after you opened this page" in str(error.value.message)
    assert Consensus.objects.get(case=case).version == 1


def _amend_codes(case, chair):
    consensus = Consensus.objects.get(case=case)
    data = {name: getattr(consensus, name) for name in (*CONSENSUS_TEXT_FIELDS, "answers")}
    data.update(goal="symptom_relief", china="not_suitable", tests_from_gaps=["ALK"], written_in="zh-hans")
    consensus_amend(case=case, by=chair, data=data, reason=REASON)


def _history(html: str) -> str:
    return html[html.index('id="consensus-history"') :]


def test_the_history_shows_the_changed_fields_and_choices_in_words_not_codes(reviewed):
    case, team = reviewed
    _amend_codes(case, team["medical_oncology"])

    panel = _history(
        as_user(team["radiology"]).get(reverse("reports:mdt_panel", args=[case.reference])).content.decode()
    )
    assert (
        "Realistic treatment goal: <del>Long-term disease control</del> → <ins>Symptom relief and quality of life</ins>"
        in panel
    )
    assert "Is care in China suitable?: <del>Suitable</del> → <ins>Not suitable</ins>" in panel
    assert (
        "Tests from the biomarker gaps: <del>ALK rearrangement, MET exon 14 skipping, amplification or overexpression"
        "</del> → <ins>ALK rearrangement</ins>" in panel
    )
    assert "Language the MDT wrote in: <del>English</del> → <ins>Simplified Chinese</ins>" in panel
    assert panel.count('class="intake-change"') == 4  # only the four changed fields
    for code in ("disease_control", "symptom_relief", "not_suitable", "zh-hans", "written_in", "tests_from_gaps"):
        assert code not in panel


def test_a_chinese_reader_reads_the_history_in_chinese(reviewed):
    from django.utils import translation

    case, team = reviewed
    _amend_codes(case, team["medical_oncology"])
    reader = team["radiology"]
    reader.language = "zh-hans"
    reader.save()

    panel = _history(as_user(reader).get(reverse("reports:mdt_panel", args=[case.reference])).content.decode())
    with translation.override("zh-hans"):
        from django.utils.translation import gettext

        words = [gettext(t) for t in ("Symptom relief and quality of life", "Not suitable", "Simplified Chinese")]
        words += [gettext("tests from the biomarker gaps"), gettext("language the MDT wrote in")]
    assert "Symptom relief and quality of life" not in words
    for word in words:
        assert word in panel
    assert "Tests from" not in panel and "English" not in panel
