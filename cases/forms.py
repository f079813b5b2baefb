"""Forms for the coordinator's actions on a case and the case thread."""

import functools

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import compiled, timezones
from cases.models import Discipline, Priority, ReadKind, Role, User


class VersionedForm(forms.Form):
    # The case version the page was rendered with: a stale page is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TransitionForm(VersionedForm):
    to = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason or note (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Closing asks first: the box must be ticked (cases.views.case_actions.transition).
    confirm = forms.BooleanField(required=False)
    # The codes of the warnings (cases.lifecycle.WARNINGS) the coordinator ticked to go past.
    acknowledge = forms.MultipleChoiceField(required=False, choices=[("unreleased_report", "unreleased_report")])


class RequestInformationForm(VersionedForm):
    body = forms.CharField(
        label=_("Your message to the patient"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    items = forms.MultipleChoiceField(label=_("What is missing"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, request_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(i.key, i.label) for i in request_items]


class ReadyForm(VersionedForm):
    go_ahead_reason = forms.CharField(
        label=_("Reason to go ahead although information is missing"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("As suggested"))] + list(Priority.choices), required=False
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class AssignmentForm(forms.Form):
    specialist = forms.ModelChoiceField(label=_("Specialist"), queryset=User.objects.none())
    discipline = forms.ChoiceField(
        label=_("Discipline"), choices=[("", "—")] + list(Discipline.choices), required=False
    )
    is_chair = forms.BooleanField(label=_("MDT chair"), required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        specialists = _specialists_to_assign(case.pk if case is not None else None)
        field = self.fields["specialist"]
        field.queryset = specialists
        field.label_from_instance = lambda u: f"{u} · {u.get_discipline_display()}" if u.discipline else str(u)

        # Read with one plain query when the select is drawn: a ModelChoiceField's own choices read the queryset
        # through a server-side cursor, which PostgreSQL must hold open to the end of the transaction (issue 16).
        # Its SQL kept once per process (cases.compiled): building it cost more than running it.
        # Cached: the select reads its choices more than once (Select.use_required_attribute, then the options).
        @functools.cache
        def choices():
            rows = None
            if case is not None:
                rows = compiled.rows(User, ("specialists to assign",), _specialists_to_assign, [case.pk])
            if rows is None:
                rows = specialists
            return [("", field.empty_label), *((u.pk, field.label_from_instance(u)) for u in rows)]

        field.choices = choices

    def clean(self):
        data = super().clean()
        if data.get("specialist") and not data.get("discipline"):
            data["discipline"] = data["specialist"].discipline or ""
        if data.get("specialist") and not data.get("discipline"):
            self.add_error("discipline", _("Choose a discipline."))
        return data


def _specialists_to_assign(case_id: int | None):
    """The active specialists, by discipline and name; for a case, those not on its team yet."""
    specialists = User.objects.filter(role=Role.SPECIALIST, is_active=True).order_by("discipline", "last_name")
    if case_id is not None:
        specialists = specialists.exclude(assignments__case_id=case_id)
    return specialists


class MeetingForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label=_("MDT meeting date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The time typed is read in the reader's zone (cases.timezones): say which.
        self.fields["meeting_at"].help_text = _("In your time zone: %(zone)s") % {
            "zone": timezone.get_current_timezone_name()
        }

    def clean_meeting_at(self):
        when = self.cleaned_data["meeting_at"]
        if when is not None and when < timezone.now():
            raise forms.ValidationError(_("The MDT meeting cannot be in the past."))
        return when


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args, browser_zone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        browser = _("My browser's time zone (%(zone)s)") % {"zone": browser_zone} if browser_zone else _("My browser's")
        self.fields["time_zone"].choices = [("", browser), *((z, z.replace("_", " ")) for z in timezones.zones())]
        self.fields["time_zone"].widget.attrs["class"] = "form-select"


class BulkAssignForm(forms.Form):
    """Several queue rows at once: a coordinator to look after them and/or specialists for their teams."""

    coordinator = forms.ModelChoiceField(
        label=_("Coordinator"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Keep as it is"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    specialists = forms.ModelMultipleChoiceField(
        label=_("Add specialists"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = User.objects.filter(
            role__in=[Role.COORDINATOR, Role.ADMIN], is_active=True
        ).order_by("last_name", "first_name")
        specialists = User.objects.filter(role=Role.SPECIALIST, is_active=True).exclude(discipline="")
        self.fields["specialists"].queryset = specialists.order_by("last_name", "first_name")
        self.fields["specialists"].label_from_instance = lambda u: f"{u} ({u.get_discipline_display()})"

    def show_choices(self, staff) -> "BulkAssignForm":
        """For showing the empty form: its choices from `staff` (active staff by name, loaded once for the page)
        instead of a query per field. A submitted form still checks its values against the querysets above."""
        coordinators = [u for u in staff if u.role in (Role.COORDINATOR, Role.ADMIN)]
        specialists = [u for u in staff if u.role == Role.SPECIALIST and u.discipline]
        coordinator = self.fields["coordinator"]
        coordinator.choices = [("", coordinator.empty_label), *((u.pk, str(u)) for u in coordinators)]
        labels: dict[str, str] = {}  # each discipline's name translated once
        for user in specialists:
            if user.discipline not in labels:
                labels[user.discipline] = user.get_discipline_display()
        self.fields["specialists"].choices = [(u.pk, f"{u} ({labels[u.discipline]})") for u in specialists]
        return self


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name of this view"), max_length=80)


class QuestionMoveForm(forms.Form):
    sentence = forms.CharField(max_length=5000)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Internal note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CaregiverInviteForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"), max_length=254)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class AuditFilterForm(forms.Form):
    """The staff audit view's filters; each is optional and an invalid one is simply not applied."""

    reference = forms.CharField(label=_("Case reference"), required=False, max_length=40)
    reader = forms.CharField(label=_("Reader (email or name)"), required=False, max_length=254)
    what = forms.ChoiceField(label=_("What was read"), required=False)
    refused = forms.BooleanField(label=_("Refused attempts only"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [("", _("Any")), *ReadKind.choices]
