"""A patient who chose Chinese reads the site in Chinese after signing in on any device, until they choose
another language from the menu."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_chinese_reading_patient_sees_chinese_on_a_new_english_browser():
    patient = UserFactory(email="chen@example.org", language="zh-hans")
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(patient)
    response = client.get(reverse("intake:case_list"))
    page = response.content.decode()
    assert "我的病例" in page and "My cases" not in page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"  # the next pages keep it


def test_the_language_chosen_from_the_menu_wins_over_the_account():
    patient = UserFactory(email="chen@example.org", language="zh-hans")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.force_login(patient)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("intake:case_list")).content.decode()
    assert "My cases" in page and "我的病例" not in page


def test_an_english_account_follows_the_browser_as_before():
    user = UserFactory(email="en@example.org", language="en")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.force_login(user)
    response = client.get(reverse("intake:case_list"))
    assert "我的病例" in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
