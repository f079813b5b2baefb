"""The biomarker rows stored before result records migrate onto the new fields without losing anything."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0011_caregivers_and_address_notifications")]
AFTER = [("cases", "0013_biomarker_results_from_old_rows")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_rows(transactional_db):
    apps = _migrate(BEFORE)
    User = apps.get_model("cases", "User")
    Case = apps.get_model("cases", "Case")
    Biomarker = apps.get_model("cases", "Biomarker")
    owner = User.objects.create(email="old@example.org", role="patient")
    case = Case.objects.create(owner=owner, reference="MDT-OLD001", cancer_type="nsclc")
    rows = [
        ("EGFR", "positive", "exon 19 deletion (E746_A750del)", "tissue_ngs", True),
        ("PDL1", "positive", "TPS 30% (22C3)", "ihc", None),
        ("HER2", "negative", "IHC 1+", "ihc", None),
        ("KRAS", "negative", "", "pcr", False),
        ("ALK", "negative", "", "liquid_ngs", True),
        ("ROS1", "not_tested", "", "", None),
        ("NRG1", "pending", "sent to reference lab", "", None),
    ]
    for marker, status, value, method, covers in rows:
        Biomarker.objects.create(
            case=case,
            marker=marker,
            status=status,
            value=value,
            method=method,
            covers_gene=covers,
            tested_on=datetime.date(2026, 3, 1),
            source_report="NGS report, City Hospital",
        )
    yield case.pk
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # back to today's schema for other tests


def test_old_biomarker_rows_keep_every_answer_on_the_new_fields(old_rows):
    apps = _migrate(AFTER)
    Biomarker = apps.get_model("cases", "Biomarker")
    saved = {b.marker: b for b in Biomarker.objects.filter(case_id=old_rows)}
    assert len(saved) == 7  # nothing lost

    egfr = saved["EGFR"]
    assert (egfr.result, egfr.alterations, egfr.assay, egfr.specimen) == (
        "detected",
        ["ex19del"],
        "ngs_unspecified",
        "tissue_unspecified",
    )
    assert egfr.value == "exon 19 deletion (E746_A750del)"  # the text as written stays
    assert egfr.covers_gene is True
    assert egfr.tested_on == datetime.date(2026, 3, 1)
    assert egfr.source_report == "NGS report, City Hospital"

    pdl1 = saved["PDL1"]
    assert (pdl1.result, pdl1.pdl1_system, pdl1.pdl1_score) == ("detected", "TPS", Decimal("30"))
    assert pdl1.value == "TPS 30% (22C3)"

    assert (saved["HER2"].result, saved["HER2"].her2_ihc) == ("not_detected", "ihc_1plus")
    kras = saved["KRAS"]
    assert (kras.result, kras.assay, kras.covers_gene) == ("not_detected", "pcr_hotspot", False)
    assert (saved["ALK"].assay, saved["ALK"].specimen) == ("ctdna_ngs", "plasma")
    assert saved["ROS1"].result == "not_tested" and saved["ROS1"].assay == ""
    assert (saved["NRG1"].result, saved["NRG1"].value) == ("pending", "sent to reference lab")


def test_a_marker_can_hold_several_results_after_the_migration(old_rows):
    apps = _migrate(AFTER)
    Biomarker = apps.get_model("cases", "Biomarker")
    Biomarker.objects.create(case_id=old_rows, marker="EGFR", result="detected", alterations=["T790M"])
    assert Biomarker.objects.filter(case_id=old_rows, marker="EGFR").count() == 2
