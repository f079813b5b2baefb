"""When the chair amends the consensus, the people who translated or checked a changed text are told, and their
queue asks for a new translation; the report waits for it."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from cases.models import Notification
from cases.notifications import CONSENSUS_AMENDED, TRANSLATIONS_OUTDATED
from reports.models import TextTranslation
from reports.report_release import ReportError, report_prepare, report_release
from tests.factories import UserFactory
from tests.reports.report_helpers import reviewed_case
from tests.reports.test_consensus_amend_emails import amend, sent, zh
from tests.reports.test_translations import translate_all

pytestmark = pytest.mark.django_db

NEW_PLAN = "Whole-brain radiotherapy first, then a trial of a new EGFR inhibitor."
NEW_SUMMARY = "The cancer has grown in the brain again. Radiotherapy to the whole brain comes first."
DISSENT = "The surgeon would first remove the largest brain lesion."


@pytest.fixture
def team_and_case(patient):
    case, team = reviewed_case(patient, report_language="zh-hans", written_in="en")
    return case, team


@pytest.fixture
def translated(team_and_case, coordinator, translator, checker):
    """Every text of the Chinese report translated by `translator` and checked by `checker`."""
    case, team = team_and_case
    report_prepare(case=case, by=coordinator)
    translate_all(case, translator, checker)
    return case, team


def queue_table(user, table_id: str) -> str:
    client = Client()
    client.force_login(user)
    html = client.get(reverse("reports:translation_queue")).content.decode()
    if f'id="{table_id}"' not in html:
        return ""
    return html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]


def test_the_translator_and_checker_of_changed_texts_are_emailed_in_their_language_with_their_queue(
    translated, translator, checker
):
    case, team = translated
    translator.language = "zh-hans"
    translator.save()
    bystander = UserFactory(role="translator", translates=["zh-hans"])  # translated nothing of this case
    amend(case, team["medical_oncology"], plan=NEW_PLAN, patient_summary=NEW_SUMMARY)

    rows = Notification.objects.filter(kind=TRANSLATIONS_OUTDATED)
    assert {(row.recipient, row.context["texts"]) for row in rows} == {(translator, 2), (checker, 2)}
    assert bystander not in {row.recipient for row in rows}

    message = sent(TRANSLATIONS_OUTDATED)[translator.email]
    subject = zh("Case %(reference)s: texts you translated were changed by the MDT") % {"reference": case.reference}
    assert subject != f"Case {case.reference}: texts you translated were changed by the MDT"
    assert message.subject == subject
    with translation.override("zh-hans"):
        counted = ngettext(
            "The MDT chair has amended the agreed consensus on case %(reference)s: %(counter)s text you translated "
            "or checked has changed and needs a new translation.",
            "The MDT chair has amended the agreed consensus on case %(reference)s: %(counter)s texts you translated "
            "or checked have changed and need a new translation.",
            2,
        ) % {"reference": case.reference, "counter": 2}
    assert "需要重新翻译" in counted and counted in message.body
    # Translators never see the case page: the link is their queue. No health data, as in every email.
    assert f"\n{settings.SITE_URL.rstrip('/')}{reverse('reports:translation_queue')}\n" in message.body
    assert reverse("intake:case_detail", args=[case.reference]) not in message.body
    assert NEW_PLAN not in message.body and "brain" not in message.body


def test_the_queue_asks_again_for_the_changed_text_and_for_a_text_the_amendment_added(
    translated, translator, coordinator
):
    case, team = translated
    assert "Recommended plan" in queue_table(translator, "done")
    amend(case, team["medical_oncology"], plan=NEW_PLAN, dissent=DISSENT)

    to_translate = queue_table(translator, "to-translate")
    plan_row = to_translate.split("Recommended plan", 1)[1].split("</tr>", 1)[0]
    assert "Out of date: the team changed the text" in plan_row
    dissent_row = to_translate.split("Where the team&#x27;s views differed", 1)[1].split("</tr>", 1)[0]
    assert "To translate" in dissent_row
    assert "Recommended plan" not in queue_table(translator, "done")
    assert "Summary for the patient" in queue_table(translator, "done")  # unchanged: still checked
    assert TextTranslation.objects.get(case=case, key="dissent").source_text == DISSENT

    with pytest.raises(ReportError) as refused:
        report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    assert "Recommended plan" in str(refused.value.message)


def test_a_second_amendment_of_a_text_already_out_of_date_emails_nobody_again(translated, translator):
    case, team = translated
    amend(case, team["medical_oncology"], plan=NEW_PLAN)
    amend(case, team["medical_oncology"], plan="Radiotherapy, then the trial.")

    assert Notification.objects.filter(kind=TRANSLATIONS_OUTDATED, recipient=translator).count() == 1
    assert Notification.objects.filter(kind=CONSENSUS_AMENDED).count() == 2 * 4  # the team hears of each


def test_a_text_the_amendment_emptied_asks_for_no_translation_and_emails_nobody(translated, translator):
    case, team = translated
    amend(case, team["medical_oncology"], supportive_care="")

    assert not Notification.objects.filter(kind=TRANSLATIONS_OUTDATED).exists()
    assert "Supportive care" not in queue_table(translator, "to-translate")


def test_nobody_is_emailed_while_nothing_was_translated_yet(team_and_case, coordinator, translator):
    case, team = team_and_case
    report_prepare(case=case, by=coordinator)
    amend(case, team["medical_oncology"], plan=NEW_PLAN)

    assert not Notification.objects.filter(kind=TRANSLATIONS_OUTDATED).exists()
    # The text to translate is simply the new one.
    assert TextTranslation.objects.get(case=case, key="plan").source_text == NEW_PLAN
