"""Sessions end when nobody is there, and a person can end all of theirs."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases.session_limits import MSG_IDLE, MSG_TOO_OLD
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CASES = "/cases/"
BACKGROUND = {"X-MDT-Background": "true"}


def _after(traveller, minutes: float) -> None:
    traveller.shift(dt.timedelta(minutes=minutes))


def _signed_in(client) -> bool:
    return client.get(CASES).status_code == 200


def test_staff_are_signed_out_after_thirty_idle_minutes(client, coordinator):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(coordinator)
        assert _signed_in(client)
        _after(traveller, 29)
        assert _signed_in(client)
        _after(traveller, 31)
        response = client.get(CASES, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
        assert str(MSG_IDLE) in response.content.decode()


def test_patients_have_longer_before_they_are_signed_out(client, patient):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(patient)
        assert _signed_in(client)
        _after(traveller, 45)
        assert _signed_in(client)
        _after(traveller, 61)
        assert not _signed_in(client)


def test_idle_minutes_come_from_the_settings(client, coordinator, settings):
    settings.SESSION_IDLE_MINUTES_STAFF = 5
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(coordinator)
        assert _signed_in(client)
        _after(traveller, 6)
        assert not _signed_in(client)


def test_packet_polling_does_not_keep_a_session_open(client, coordinator):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(coordinator)
        assert _signed_in(client)
        for _ in range(15):
            _after(traveller, 2)
            client.get(CASES, headers=BACKGROUND)
        _after(traveller, 1)
        assert not _signed_in(client)


def test_an_htmx_request_after_the_end_gets_nothing_to_swap_in(client, coordinator):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(coordinator)
        assert _signed_in(client)
        _after(traveller, 31)
        assert client.get(CASES, headers={"HX-Request": "true"}).status_code == 401


def test_a_busy_session_still_ends_after_its_lifetime(client, coordinator):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(coordinator)
        for _ in range(12 * 3):
            assert _signed_in(client)
            _after(traveller, 20)
        response = client.get(CASES, follow=True)
        assert str(MSG_TOO_OLD) in response.content.decode()


def test_signing_in_again_starts_a_new_lifetime(client, coordinator):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(coordinator)
        _after(traveller, 11 * 60 + 50)
        client.force_login(coordinator)
        _after(traveller, 20)
        assert _signed_in(client)


def test_the_page_can_ask_how_long_is_left_without_extending_it_and_stay_extends_it(client, coordinator):
    url = reverse("session_status")
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(coordinator)
        assert _signed_in(client)
        _after(traveller, 29)
        assert client.get(url, headers=BACKGROUND).json() == {"seconds_left": 60}
        assert client.post(url).json() == {"seconds_left": 30 * 60}
        _after(traveller, 29)
        assert _signed_in(client)


def test_staying_always_restarts_the_idle_time(client, coordinator, settings):
    settings.SESSION_IDLE_MINUTES_STAFF = 1
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(coordinator)
        _after(traveller, 10 / 60)
        assert client.post(reverse("session_status")).json() == {"seconds_left": 60}


def test_the_page_carries_the_warning_dialog_for_signed_in_people_only(client, patient):
    assert 'id="session-timeout"' not in client.get(reverse("account_login")).content.decode()
    client.force_login(patient)
    html = client.get(CASES).content.decode()
    assert 'id="session-timeout"' in html and 'data-idle-seconds="3600"' in html


def test_signing_out_other_sessions_ends_them(patient):
    # A patient: staff sign-ins also need a second factor (tests/cases/test_staff_mfa.py).
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post(reverse("account_login"), {"login": patient.email, "password": PASSWORD})
        assert _signed_in(device)
    page = laptop.get(reverse("usersessions_list"))
    assert page.context["session_count"] == 2
    laptop.post(reverse("usersessions_list"))
    assert _signed_in(laptop)
    assert not _signed_in(phone)
