"""The form side of partial dates (cases.partial_dates): one text box that takes 2024-03-15, 2024-03 or 2024.

One box rather than day, month and year boxes: every answer on a step is one field to the autosave and the
three-way merge (intake.stepsave), and a patient who knows the day can still type all of it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import partial_dates
from cases.partial_dates import DAY

HELP = _("If you do not know the day, the month is enough (2024-03), or just the year (2024).")


class PartialDateField(forms.Field):
    widget = forms.TextInput(attrs={"placeholder": "2024-03-15 · 2024-03 · 2024", "autocomplete": "off"})
    default_error_messages = {"invalid": partial_dates.ERR_FORMAT}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", HELP)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, partial_dates.PartialDate) or value in self.empty_values:
            return value or None
        try:
            return partial_dates.parse(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, partial_dates.PartialDate):
            return value.as_iso()
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value

    def has_changed(self, initial, data) -> bool:
        try:
            new = self.to_python(data)
        except forms.ValidationError:
            return True
        return (self.prepare_value(initial) or "") != (self.prepare_value(new) or "")


class PartialDatesModelForm(forms.ModelForm):
    """A model form whose `partial_dates` fields show the date as entered and save its precision beside it."""

    partial_dates: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.partial_dates:
            field = self.fields[name]
            self.fields[name] = PartialDateField(label=field.label, help_text=field.help_text or HELP)
            if self.instance.pk is not None and name in self.initial:
                self.initial[name] = partial_dates.of(self.instance, name)

    def _post_clean(self):
        super()._post_clean()  # type: ignore[misc]  # the stubs leave out this hook
        for name in self.partial_dates:
            if name in self.cleaned_data:
                value = self.cleaned_data[name]
                setattr(self.instance, f"{name}_precision", getattr(value, "precision", DAY))
