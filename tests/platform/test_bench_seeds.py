"""The benchmarks' data builds against today's models: `make bench` is not run by CI, so a model change that
breaks a benchmark's seeding would otherwise be found only by the next person measuring (bench/pdf.py once was)."""

import random

import pytest

from cases.models import Biomarker, Case, CaseAssignment

pytestmark = pytest.mark.django_db


def test_the_pdf_benchmarks_case_has_its_markers_and_lines():
    from bench.pdf import _rich_case

    case = _rich_case()
    assert case.treatment_lines.count() >= 4
    assert set(Biomarker.objects.filter(case=case).values_list("marker", flat=True)) >= {"ALK", "ROS1", "PD-L1"}


def test_the_pages_benchmarks_cases_are_seeded():
    from bench.pages import _seed

    patient, coordinator, draft, case = _seed()
    assert draft.owner == patient and case.coordinator == coordinator
    assert case.assignments.count() == 2 and case.notes.count() == 4


def test_the_queue_benchmark_seeds_cases_with_teams():
    from bench.queue import people, seed

    patients, coordinators, specialists = people()
    assignments = seed(random.Random(1), 40, patients, coordinators, specialists)
    assert Case.objects.count() == 40
    assert CaseAssignment.objects.count() == assignments
