"""The summary's oligometastatic verdict for lung cancer follows the EORTC lung consensus 2019 (Dingemans, J Thorac
Oncol 2019), not the general ESTRO/ASTRO one (review 2026-11-30, Z8H: a single pleural lesion read 'oligometastatic')."""

import pytest

from reports.documents.summary import spread
from tests.factories import UserFactory, complete_case

pytestmark = pytest.mark.django_db


def _case(cancer_type, sites, lesions):
    case = complete_case(UserFactory(), cancer_type=cancer_type)
    case.metastatic_sites, case.metastatic_lesion_count = sites, lesions
    return case


def test_a_solitary_pleural_metastasis_in_lung_cancer_needs_thoracoscopy_first():
    s = spread(_case("nsclc", ["pleura"], 1))
    assert s["verdict"].startswith("oligometastatic only if thoracoscopy")
    assert s["rule"].startswith("EORTC lung consensus 2019")


def test_lung_cancer_in_four_organs_is_not_oligometastatic_whatever_the_lesion_count():
    s = spread(_case("nsclc", ["bone", "liver", "adrenal", "brain"], 4))
    assert s["verdict"] == "not oligometastatic (more than 3 organs)" and s["oligometastatic"] is False
    assert not s["beyond_organ_limit"]  # the organ limit is the rule itself here, not a trials' note


def test_other_cancers_keep_the_estro_astro_rule():
    s = spread(_case("breast", ["bone", "liver", "lung", "brain"], 4))
    assert s["verdict"] == "oligometastatic" and s["rule"].startswith("ESTRO/ASTRO consensus 2020")
    assert s["beyond_organ_limit"]
