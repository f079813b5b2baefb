import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def queries_for_list(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("intake:case_list"))
    assert response.status_code == 200
    return len(captured), response


def test_my_cases_page_query_count_does_not_grow_with_the_cases(patient_client, patient):
    CaseFactory.create_batch(5, owner=patient)
    few, _ = queries_for_list(patient_client)
    CaseFactory.create_batch(20, owner=patient)
    many, response = queries_for_list(patient_client)
    assert many == few
    assert response.content.decode().count("/cases/MDT-") >= 25
