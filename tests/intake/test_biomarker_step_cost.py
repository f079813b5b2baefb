"""What keeps the biomarker step cheap changes nothing the patient sees (issue 16).

A blank "more detail" is written from HTML kept per marker and language (intake.biomarker_detail): it must be the
same as its fields rendered one by one, and carry only the page's own case's documents, as they are now.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cases.clinical.data.markers import MARKERS
from config.crispy_fast import as_crispy_field
from intake.biomarker_detail import PageDetails, detail_html, fields_html, result_html
from intake.biomarker_forms import BiomarkerResultForm, CoordinatorBiomarkerResultForm, document_choices_for
from tests.factories import add_document, complete_case

pytestmark = pytest.mark.django_db

# session, user, the case (with the caregiver check), its 7 clinical tables: the biomarker rows and the document
# choices are read from those, not again.
STEP_QUERIES = 10


def step_url(case):
    return reverse("intake:step", args=[case.reference, "biomarkers"])


@pytest.mark.parametrize("form_class", [BiomarkerResultForm, CoordinatorBiomarkerResultForm])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_blank_detail_shows_the_same_fields_as_rendered_one_by_one(patient, form_class, language):
    case = complete_case(patient)
    add_document(case, "pathology_report", datetime.date(2026, 3, 2), name='Biopsy "left" <lung> & node.pdf')
    add_document(case, "biomarker_report", name="NGS.pdf")
    documents = case.documents.all()
    choices = document_choices_for(documents)
    page = PageDetails(form_class, documents, choices)
    with translation.override(language):
        for n, code in enumerate(["", "FGFR2 amplification (typed)", *MARKERS]):

            def row(n=n, code=code):
                return form_class(
                    prefix=f"bm-{n}", marker_code=code, documents=documents, document_choices=choices, page_details=page
                )

            expected = fields_html(row())
            assert detail_html(row(), page) == expected, code  # written, and kept
            assert detail_html(row(), page) == expected, code  # from what was kept
            assert result_html(row()) == result_html(row()) == as_crispy_field(row()["result"]), code


def test_a_chosen_result_and_a_filled_in_detail_are_shown_as_saved(patient):
    documents = complete_case(patient).documents.all()
    initial = {"marker": "EGFR", "result": "detected", "assay": "dna_ngs"}
    form = BiomarkerResultForm(prefix="bm-0", initial=initial, documents=documents, document_choices=[])
    page = PageDetails(BiomarkerResultForm, documents, [])
    assert '<option value="detected" selected>' in result_html(form)
    assert '<option value="dna_ngs" selected>' in detail_html(form, page)


def test_every_rows_report_choices_are_this_cases_documents_as_they_are_now(patient, other_patient):
    case = complete_case(patient)
    other = complete_case(other_patient)
    add_document(other, "pathology_report", name="Another patient's biopsy.pdf")
    theirs = Client()
    theirs.force_login(other_patient)
    assert "Another patient&#x27;s biopsy.pdf" in theirs.get(step_url(other)).content.decode()

    mine = Client()
    mine.force_login(patient)
    add_document(case, "pathology_report", name="My biopsy.pdf")
    before = mine.get(step_url(case))
    add_document(case, "biomarker_report", name="My NGS report.pdf")
    after = mine.get(step_url(case))

    rows = len(after.context["formset"].forms)
    assert before.content.decode().count("My NGS report.pdf") == 0
    assert after.content.decode().count("My biopsy.pdf") == rows
    assert after.content.decode().count("My NGS report.pdf") == rows
    assert "Another patient" not in before.content.decode() + after.content.decode()


def test_the_step_reads_the_case_and_each_of_its_tables_once(patient, settings):
    settings.PAGE_MEMO_MB = 0  # the step rendered afresh, as the first view after a change is (cases.page_memo)
    case = complete_case(patient)
    add_document(case, "pathology_report", name="Biopsy.pdf")
    client = Client()
    client.force_login(patient)
    client.get(step_url(case))  # the first request of a session may write to it; count a steady one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(step_url(case))
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) <= STEP_QUERIES, "\n".join(sql)
    for table in ("cases_case", "cases_biomarker", "cases_document"):
        assert len([q for q in sql if q.startswith(f'SELECT "{table}"."id"')]) == 1, table
