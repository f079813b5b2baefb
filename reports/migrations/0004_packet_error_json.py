"""Packet.error: English text -> a message kept as template and values.

Existing rows only have the English sentence; they keep it as {"text": ...}
(cases.assessment.render_stored shows it as it is). New rows are written by
reports.packets with the template and values.
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
    Packet = apps.get_model("reports", "Packet")
    for packet in Packet.objects.exclude(error_text="").only("error_text"):
        packet.error = {"text": packet.error_text}
        packet.save(update_fields=["error"])


def message_to_text(apps, schema_editor):
    Packet = apps.get_model("reports", "Packet")
    for packet in Packet.objects.only("error"):
        packet.error_text = _english(packet.error)
        packet.save(update_fields=["error_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_access_record_replaces_packet_access"),
    ]

    operations = [
        migrations.RenameField("packet", "error", "error_text"),
        migrations.AddField(
            model_name="packet",
            name="error",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(text_to_message, message_to_text),
        migrations.RemoveField("packet", "error_text"),
    ]
