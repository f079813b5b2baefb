"""Forms of the report panel: prepare a version (with a correction note after release), release one."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PrepareForm(forms.Form):
    correction_note = forms.CharField(
        label=_("What does this version correct?"),
        help_text=_("The patient sees this note next to the new version."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReleaseForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    # The checksum of the file the coordinator was shown: a version prepared again since is not released unread.
    sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have read this version; the patient may see it."),
        error_messages={"required": _("Tick the box to confirm that you have read this version.")},
    )
