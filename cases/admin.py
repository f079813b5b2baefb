from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from cases import access
from cases.models import AccessRecord, Case, CaseAssignment, CaseEvent, Document, User


class UserForm(UserChangeForm):
    translates = forms.MultipleChoiceField(
        label=_("Translates into"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages this person translates the MDT's texts into for patients' reports."),
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff accounts (coordinators, specialists, translators, admins) are made here; patients register themselves."""

    form = UserForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "discipline", "is_active"]
    list_filter = ["role", "discipline", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "country", "language", "time_zone", "relationship"]}),
        (_("Role"), {"fields": ["role", "discipline", "translates", "is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "discipline", "password1", "password2"]})]


class AssignmentInline(admin.TabularInline):
    model = CaseAssignment
    extra = 0
    autocomplete_fields = ["specialist"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "state", "cancer_type", "patient_country", "created_at"]
    list_filter = ["state", "cancer_type"]
    search_fields = ["reference", "patient_name", "owner__email"]
    # Clinical content and state change only through the intake and the lifecycle.
    readonly_fields = ["reference", "state", "version", "owner", "submitted_at"]
    fields = ["reference", "owner", "state", "version", "submitted_at", "priority", "priority_reason"]
    inlines = [AssignmentInline]

    def get_queryset(self, request):
        # A case its patient never submitted is theirs alone, whoever opens the admin (cases.access).
        return super().get_queryset(request).exclude(access.never_submitted())


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "at", "actor", "kind", "from_state", "to_state"]
    list_filter = ["kind"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(access.never_submitted("case__"))

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """The audit trail, to look at only: nobody adds, changes or deletes a row, a superuser included."""

    list_display = ["at", "case_reference", "reader_email", "reader_role", "what", "detail", "reason"]
    list_filter = ["what", "reader_role"]
    search_fields = ["case_reference", "reader_email"]
    readonly_fields = [f.name for f in AccessRecord._meta.fields]
    # The case and the reader may have been erased: show the copied identifiers, never join.
    list_select_related = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "case", "kind", "detected_type", "size", "uploaded_at"]
    exclude = ["file"]  # records are opened only through the access-logged views

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(access.never_submitted("case__"))

    readonly_fields = ["case", "original_name", "size", "sha256", "detected_type", "mime", "metadata", "uploaded_by"]
