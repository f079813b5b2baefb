"""Times are stored in UTC and shown in the reader's time zone, in one date format per language, naming the zone."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Case, CaseAssignment, State
from tests.factories import complete_case

pytestmark = pytest.mark.django_db

MEETING = datetime.datetime(2026, 12, 3, 6, 0, tzinfo=datetime.UTC)


def as_user(user, **cookies) -> Client:
    client = Client()
    client.force_login(user)
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


@pytest.fixture
def case(patient, specialist):
    case = complete_case(patient, state=State.IN_REVIEW, mdt_meeting_at=MEETING)
    Case.objects.filter(pk=case.pk).update(submitted_at=datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC))
    CaseAssignment.objects.create(case=case, specialist=specialist, discipline="radiology")
    return case


def detail(client, case, language="en") -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()


def test_without_a_choice_or_a_browser_zone_times_are_utc_and_say_so(case, coordinator):
    html = detail(as_user(coordinator), case)
    assert "MDT meeting 3 Dec 2026, 06:00 UTC" in html
    assert "submitted 30 Nov 2026, 23:30 UTC" in html


def test_the_browsers_zone_is_used_when_the_user_chose_none(case, coordinator):
    html = detail(as_user(coordinator, mdt_tz="Asia/Shanghai"), case)
    assert "MDT meeting 3 Dec 2026, 14:00 CST" in html
    # The submission crossed midnight in Shanghai: the date moves with the zone.
    assert "submitted 1 Dec 2026, 07:30 CST" in html


def test_a_chosen_zone_wins_over_the_browsers(case, specialist):
    specialist.time_zone = "Europe/London"
    specialist.save()
    html = detail(as_user(specialist, mdt_tz="Asia/Shanghai"), case)
    assert "3 Dec 2026, 06:00 GMT" in html


def test_a_nonsense_cookie_is_ignored(case, coordinator):
    assert "3 Dec 2026, 06:00 UTC" in detail(as_user(coordinator, mdt_tz="Mars/Olympus_Mons"), case)


def test_one_date_format_per_language_on_every_page(case, specialist):
    client = as_user(specialist, mdt_tz="Asia/Shanghai")
    english = [
        detail(client, case),
        client.get(reverse("reports:mdt_cases")).content.decode(),
    ]
    for html in english:
        assert "3 Dec 2026, 14:00 CST" in html
        assert "12/03/2026" not in html and "Dec. 3, 2026" not in html
    chinese = [
        detail(client, case, "zh-hans"),
        client.get(reverse("reports:mdt_cases")).content.decode(),
    ]
    for html in chinese:
        assert "2026年12月3日 14:00 CST" in html
        assert "2026/12/03" not in html


def test_the_user_chooses_a_time_zone_and_the_meeting_form_reads_times_in_it(case, coordinator, specialist):
    client = as_user(coordinator, mdt_tz="UTC")
    page = client.get(reverse("cases:time_zone")).content.decode()
    assert "Asia/Shanghai" in page and "My browser&#x27;s time zone (UTC)" in page
    response = client.post(reverse("cases:time_zone"), {"time_zone": "Asia/Shanghai"}, follow=True)
    assert "times are now shown in Asia/Shanghai" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.time_zone == "Asia/Shanghai"

    # 09:00 typed in Shanghai is 01:00 UTC, stored as such.
    case.state = State.READY_FOR_MDT
    case.save()
    client.post(reverse("cases:meeting", args=[case.reference]), {"meeting_at": "2027-01-05T09:00"})
    case.refresh_from_db()
    assert case.mdt_meeting_at == datetime.datetime(2027, 1, 5, 1, 0, tzinfo=datetime.UTC)
    assert "In your time zone: Asia/Shanghai" in detail(client, case)

    assert client.post(reverse("cases:time_zone"), {"time_zone": "Nowhere/Land"}).status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.time_zone == "Asia/Shanghai"
