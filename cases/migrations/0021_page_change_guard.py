from django.db import migrations

from cases import page_memo


def install(apps, schema_editor):
    page_memo.guard_install(schema_editor)


def uninstall(apps, schema_editor):
    page_memo.guard_uninstall(schema_editor)


class Migration(migrations.Migration):
    """A change's id is handed out under CHANGE_LOCK (cases.page_memo): a change that commits after a newer one
    can no longer be missing from a page kept under the newer one's stamp."""

    dependencies = [
        ("cases", "0020_page_changes"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
