"""Parts of base.html are rendered once per process (config/fragments.py, issue 16): each reader still sees their
own menu, language, email and CSRF token."""

import pickle
import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_process_cache():
    caches["process"].clear()
    yield
    caches["process"].clear()


def _page(user, language="en") -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("intake:case_list") if user is not None else reverse("home"), follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_each_reader_sees_their_own_menu_after_another_readers_page(coordinator, patient):
    _page(coordinator)
    page = _page(patient)
    assert reverse("cases:queue") not in page
    assert "My cases" in page
    assert patient.email in page and coordinator.email not in page
    assert reverse("cases:queue") in _page(coordinator)


def test_the_menu_follows_the_readers_language(patient):
    _page(patient, "en")
    page = _page(patient, "zh-hans")
    assert "退出登录" in page and "Log out" not in page
    assert '<option value="zh-hans" selected>' in page
    assert "Log out" in _page(patient, "en")


def test_a_signed_out_visitor_is_offered_to_log_in_after_a_readers_page(patient):
    _page(patient)
    page = _page(None)
    assert reverse("account_login") in page and "Log out" not in page


def test_no_kept_fragment_holds_a_token_an_email_or_a_path(coordinator, patient):
    for user in (coordinator, patient, None):
        page = _page(user)
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    # LocMemCache keeps each value pickled, under its own form of the key.
    kept = [pickle.loads(value) for value in caches["process"]._cache.values()]  # type: ignore[attr-defined]  # noqa: S301
    assert kept, "base.html keeps its fragments"
    for html in kept:
        assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html
        assert not any(token in html for token in tokens)
        assert coordinator.email not in html and patient.email not in html


def test_the_upload_fields_on_the_case_page_follow_the_readers_language(patient):
    from cases.models import Case, State
    from tests.factories import complete_case

    case = complete_case(patient)
    Case.objects.filter(pk=case.pk).update(state=State.SUBMITTED)
    client = Client()
    client.force_login(patient)
    url = reverse("intake:case_detail", args=[case.reference])
    assert "What kind of record?" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "这是什么资料？" in page and "What kind of record?" not in page
