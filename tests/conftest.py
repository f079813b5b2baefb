import pytest

from tests.factories import CaseFactory, UserFactory


@pytest.fixture
def patient(db):
    return UserFactory(email="patient@example.org", first_name="Li", last_name="Wei")


@pytest.fixture
def other_patient(db):
    return UserFactory(email="other@example.org")


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coord@example.org", role="coordinator")


@pytest.fixture
def specialist(db):
    return UserFactory(email="onc@example.org", role="specialist", discipline="medical_oncology")


@pytest.fixture
def draft(patient):
    return CaseFactory(owner=patient)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client
