from django.contrib import admin

from .models import LogEntry, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "process", "need", "comment", "state", "created_at"]
    list_filter = ["state", "process"]
    raw_id_fields = ["need", "comment", "reporter"]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Read-only: the moderation log is append-only."""

    list_display = ["created_at", "process", "actor", "action", "need", "comment", "reason"]
    list_filter = ["action", "process"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
