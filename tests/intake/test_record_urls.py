"""The records list's links are the URLs Django reverses, though made without a reversal each (issue 16)."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from tests.factories import UserFactory, add_document, complete_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    case = complete_case(UserFactory())
    return add_document(case, "pathology_report")


def _links(case, document) -> str:
    return Template("{% load record_urls %}{% record_url ref pk 'view' %} {% record_url ref pk 'download' %}").render(
        Context({"ref": case.reference, "pk": document.pk})
    )


@pytest.mark.parametrize("prefix", ["/", "/mdt/"])
def test_record_links_open_and_download_the_record(record, prefix):
    set_script_prefix(prefix)
    try:
        expected = " ".join(
            reverse("intake:document_file", args=[record.case.reference, record.pk, d]) for d in ("view", "download")
        )
        assert _links(record.case, record) == expected
        assert expected.startswith(prefix)
    finally:
        set_script_prefix("/")


def test_a_record_link_with_an_unusual_reference_is_reversed_as_usual(record):
    record.case.reference = "MDT 12é"  # never made by new_reference: quoted as reverse() quotes it
    assert _links(record.case, record).split()[0] == reverse(
        "intake:document_file", args=["MDT 12é", record.pk, "view"]
    )
