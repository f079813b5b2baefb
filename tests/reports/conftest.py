"""Fixtures the report tests share: the people who translate and check the patient's report."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def translator(db):
    return UserFactory(email="li.na@example.org", role="translator", translates=["zh-hans"], first_name="Na")


@pytest.fixture
def checker(coordinator):
    coordinator.translates = ["zh-hans"]
    coordinator.save()
    return coordinator
