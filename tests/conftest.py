import pytest
from allauth.account.internal.flows.login import record_authentication
from django.test import RequestFactory
from django.test.client import ClientMixin
from hypothesis import settings as hypothesis_settings

from cases.mfa import is_staff_member
from tests.factories import CaseFactory, UserFactory

# The property tests check what holds, not how fast: on a loaded machine an example can take longer than
# Hypothesis's 200 ms deadline (seen: the RECIST scaling property failed once at load average 6, then passed).
hypothesis_settings.register_profile("mdt", deadline=None)
hypothesis_settings.load_profile("mdt")


@pytest.fixture(autouse=True, scope="session")
def data_folders():
    """What manage.py, WSGI and the worker create at start-up (settings create no folder on import)."""
    from config import datadirs

    datadirs.ensure()


@pytest.fixture(autouse=True)
def no_pages_kept_from_an_earlier_test():
    """Each test starts with no kept pages (cases.page_memo): a rolled-back test database gives its ids again."""
    from cases import page_memo

    page_memo.STORE.clear()


@pytest.fixture(autouse=True)
def each_test_starts_in_the_default_language():
    """A request through the test client leaves its language active in the thread (LocaleMiddleware activates it and
    nothing deactivates it): without this, a test after one that read a Chinese page renders in Chinese."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def staff_force_login_passes_mfa(monkeypatch):
    """`client.force_login(staff)` gives the session allauth leaves after a password and a TOTP code.

    Enforcement stays on: a staff member signed in any other way still has to give a second factor
    (tests/cases/test_staff_mfa.py signs in through the forms).
    """
    force_login = ClientMixin.force_login

    def force_login_with_mfa(self, user, backend=None):
        force_login(self, user, backend)
        if is_staff_member(user):
            mark_second_factor_passed(self.session, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login_with_mfa)


def mark_second_factor_passed(session, user) -> None:
    request = RequestFactory().get("/")
    request.session = session
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", type="totp")
    session.save()


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
