"""Dates a reader sees are in their language's format ("2 Aug 2026", "2026年8月2日"), never ISO "2026-08-02"."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from cases.assessment import message_json, render, render_stored
from cases.models import State, TreatmentLine
from cases.partial_dates import MONTH, PartialDate
from tests.factories import complete_case

PROGRESSION = datetime.date(2026, 8, 2)
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def progressed_case(patient):
    """Gefitinib stopped when the cancer grew on 2 Aug 2026; the brain MRI on file is from before that."""
    case = complete_case(
        patient, state=State.IN_TRIAGE, brain_mri_date=datetime.date(2026, 3, 1), metastatic_sites=["brain"]
    )
    case.treatment_lines.all().delete()
    TreatmentLine.objects.create(
        case=case,
        regimen="Gefitinib",
        start_date=datetime.date(2025, 6, 1),
        end_date=PROGRESSION,
        best_response="PR",
        stop_reason="progression",
    )
    return case


def triage_text(client, coordinator, case, language: str) -> str:
    client.force_login(coordinator)
    page = client.get(reverse("intake:case_detail", args=[case.reference]), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    html = page.content.decode()
    return " ".join(html[html.index('id="triage"') if 'id="triage"' in html else 0 :].split())


def test_triage_says_when_the_disease_progressed_in_english(client, coordinator, progressed_case):
    text = triage_text(client, coordinator, progressed_case, "en")
    assert "Brain MRI predates the latest progression (2 Aug 2026)" in text
    assert "2026-08-02" not in text


def test_triage_says_when_the_disease_progressed_in_chinese(client, coordinator, progressed_case):
    coordinator.language = "zh-hans"
    coordinator.save(update_fields=["language"])
    text = triage_text(client, coordinator, progressed_case, "zh-hans")
    assert "头颅 MRI 早于最近一次进展（2026年8月2日）" in text
    assert "2026-08-02" not in text


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [("en", "2 Aug 2026", "Aug 2026"), ("zh-hans", "2026年8月2日", "2026年8月")],
)
def test_a_stored_message_shows_its_dates_in_the_readers_format(language, day, month):
    """Messages kept in JSON (response explanations, request items) hold ISO dates; they are read in any language."""
    template = "Imaging predates the latest progression (%(date)s)"
    with translation.override(language):
        assert day in render_stored(message_json(template, {"date": PROGRESSION}))
        assert day in render(template, {"date": "2026-08-02"})
        # a month-only date (a treatment line the patient knew to the month) stays a month
        assert render_stored(message_json(template, {"date": PartialDate(2026, 8, 1, precision=MONTH)})).endswith(
            f"{month})" if language == "en" else f"{month}）"
        )
