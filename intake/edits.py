"""What a patient changed in a submitted case, field by field, for the timeline ("BRCA: Not known → Negative").

Read from the bound, valid forms of a step before they are saved: each changed field's label, and its old and
new value as the reader sees them (a choice by its label). Labels and choice labels are kept in English, the
language of their msgids, and translated when the timeline is shown; free text is kept as written.
"""

from django import forms
from django.utils import translation

MAX_VALUE = 200


def _shown(field: forms.Field, value) -> str:
    if value in (None, "", [], ()):
        return ""
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(v, v)) for v in value)[:MAX_VALUE]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "as_iso"):  # a partial date, as entered (cases.partial_dates)
        return value.as_iso()
    if hasattr(value, "pk"):
        return str(value)[:MAX_VALUE]
    if choices:
        return str(choices.get(value, choices.get(str(value), value)))[:MAX_VALUE]
    return str(value)[:MAX_VALUE]


def _changes(form: forms.BaseForm, prefix: str = "") -> list[dict]:
    changes = []
    for name in form.changed_data:
        field = form.fields[name]
        if isinstance(field.widget, forms.HiddenInput) or name in ("DELETE", "id", "ORDER"):
            continue
        old = _shown(field, form.initial.get(name, field.initial))
        new = _shown(field, form.cleaned_data.get(name))
        if old != new:
            changes.append({"field": f"{prefix}{field.label or name}", "old": old, "new": new})
    return changes


def step_changes(forms_by_name: dict) -> list[dict]:
    """[{"field", "old", "new"}] for every field the bound, valid forms change (rows of formsets included)."""
    with translation.override("en"):
        changes = []
        for item in forms_by_name.values():
            if isinstance(item, forms.BaseFormSet):
                for number, form in enumerate(item.forms, start=1):
                    if not form.has_changed():
                        continue
                    initial = form.initial or {}
                    code = (  # a lab's test code, or a biomarker result's marker
                        form.cleaned_data.get("code")
                        or initial.get("code")
                        or form.cleaned_data.get("marker")
                        or initial.get("marker")
                    )
                    prefix = f"{code}: " if code else f"#{number}: "
                    if item.can_delete and form.cleaned_data.get("DELETE"):
                        changes.append({"field": prefix.rstrip(": "), "old": "…", "new": ""})
                        continue
                    changes.extend(_changes(form, prefix))
            else:
                changes.extend(_changes(item))
        return changes
