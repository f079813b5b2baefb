"""ResponseAssessment.derived_explanation: English text -> a message kept as template and values.

Existing rows only have the English sentence; they keep it as {"text": ...}
(cases.assessment.render_stored shows it as it is). New rows are written by
intake.measurements with the template and values.
"""

from django.db import migrations, models


def _english(stored) -> str:
    """The English sentence of a kept message, for going back to a text column."""
    if not isinstance(stored, dict):
        return "" if stored is None else str(stored)
    if "template" not in stored:
        return stored.get("text", "")
    params = {
        k: "; ".join(_english(x) for x in v) if isinstance(v, list) else _english(v) if isinstance(v, dict) else v
        for k, v in (stored.get("params") or {}).items()
    }
    return stored["template"] % params if params else stored["template"]


def text_to_message(apps, schema_editor):
    ResponseAssessment = apps.get_model("cases", "ResponseAssessment")
    for row in ResponseAssessment.objects.exclude(derived_explanation_text="").only("derived_explanation_text"):
        row.derived_explanation = {"text": row.derived_explanation_text}
        row.save(update_fields=["derived_explanation"])


def message_to_text(apps, schema_editor):
    ResponseAssessment = apps.get_model("cases", "ResponseAssessment")
    for row in ResponseAssessment.objects.only("derived_explanation"):
        row.derived_explanation_text = _english(row.derived_explanation)
        row.save(update_fields=["derived_explanation_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_access_record_replaces_document_access"),
    ]

    operations = [
        migrations.RenameField("responseassessment", "derived_explanation", "derived_explanation_text"),
        migrations.AddField(
            model_name="responseassessment",
            name="derived_explanation",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(text_to_message, message_to_text),
        migrations.RemoveField("responseassessment", "derived_explanation_text"),
    ]
