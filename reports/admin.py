from django.contrib import admin

from reports.models import Packet, PatientCopy, PatientReport


@admin.register(Packet)
class PacketAdmin(admin.ModelAdmin):
    """Read-only: packets are compiled by the worker; operators look, they do not edit."""

    list_display = ["case", "version", "status", "stage", "percent", "attempts", "created_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["case__reference"]
    readonly_fields = [f.name for f in Packet._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PatientCopy)
class PatientCopyAdmin(admin.ModelAdmin):
    list_display = ["case", "language", "rendered_at"]
    search_fields = ["case__reference"]
    readonly_fields = ["case", "file", "language", "rendered_at"]

    def has_add_permission(self, request):
        return False


@admin.register(PatientReport)
class PatientReportAdmin(admin.ModelAdmin):
    """Read-only: versions are prepared and released on the case page; a released one never changes."""

    list_display = ["case", "version", "language", "created_at", "released_at"]
    search_fields = ["case__reference"]
    readonly_fields = [f.name for f in PatientReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
