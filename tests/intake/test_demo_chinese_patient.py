"""The demo's Chinese-speaking patient (MDT-DEMZ8H) reads her case page in Chinese, the coordinator's request too."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cases.models import CaseMessage, User
from cases.workflow import item_text
from intake.management.commands.seed_demo import THREAD  # what the coordinator writes to English speakers

pytestmark = pytest.mark.django_db

REFERENCE = "MDT-DEMZ8H"
# Two English words in a row: a sentence, not a file name, an e-mail address or a drug's name in a Chinese line.
ENGLISH = re.compile(r"\b[A-Za-z]{2,}[ ,;:]+[a-z]{2,}\b")


@pytest.fixture
def page(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(email="patient-zh@demo.mdt"))
    response = client.get(reverse("intake:case_detail", args=[REFERENCE]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


def request_of_demo() -> CaseMessage:
    return CaseMessage.objects.get(case__reference=REFERENCE, kind=CaseMessage.Kind.REQUEST)


def test_the_coordinators_request_to_the_chinese_patient_is_in_chinese(page):
    request = request_of_demo()
    assert request.items, "the request asks for something in particular"
    assert request.body in page  # typed in Chinese, shown as typed
    with translation.override("en"):
        english = [THREAD["request"], THREAD["answer"], *(item_text(i) for i in request.items)]
    with translation.override("zh-hans"):
        chinese = [item_text(i) for i in request.items]
    for sentence in english:
        assert sentence not in page
    for item in chinese:  # the coded items, in the reader's language
        assert item in page


def test_no_english_sentence_is_left_on_the_chinese_patients_case_page(page):
    lines = [line.strip() for line in page.splitlines() if ENGLISH.search(line)]
    assert lines == []
