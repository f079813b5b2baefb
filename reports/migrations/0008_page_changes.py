from django.db import migrations

from cases import page_memo

# The reports tables a case's pages read (the actions name the consensus's status; the lifecycle asks about
# packets and reports): each write to them is a change to the case's pages (cases.page_memo).
TABLES = {
    "reports_packet": "{row}.case_id",
    "reports_patientcopy": "{row}.case_id",
    "reports_opinion": "{row}.case_id",
    "reports_consensus": "{row}.case_id",
    "reports_consensusamendment": "(SELECT case_id FROM reports_consensus WHERE id = {row}.consensus_id)",
    "reports_patientreport": "{row}.case_id",
    "reports_texttranslation": "{row}.case_id",
}


def install(apps, schema_editor):
    page_memo.install(schema_editor, TABLES)


def uninstall(apps, schema_editor):
    page_memo.uninstall(schema_editor, list(TABLES))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_consensus_verbose_names"),
        ("cases", "0020_page_changes"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
