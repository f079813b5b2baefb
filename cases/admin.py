from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseAssignment, CaseEvent, Document, DocumentAccess, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff accounts (coordinators, specialists, admins) are made here; patients register themselves."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "discipline", "is_active"]
    list_filter = ["role", "discipline", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "country", "language", "relationship"]}),
        (_("Role"), {"fields": ["role", "discipline", "is_active", "is_staff", "is_superuser"]}),
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


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "at", "actor", "kind", "from_state", "to_state"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DocumentAccess)
class DocumentAccessAdmin(admin.ModelAdmin):
    list_display = ["case", "document_name", "user", "action", "at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "case", "kind", "detected_type", "size", "uploaded_at"]
    exclude = ["file"]  # records are opened only through the access-logged views
    readonly_fields = ["case", "original_name", "size", "sha256", "detected_type", "mime", "metadata", "uploaded_by"]
