from django.contrib import admin

from .models import Stakeholder


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    """For superusers only; organisers keep their directory on the process's pages."""

    list_display = ["name", "email", "stakeholder_group", "region", "process", "created_at"]
    list_filter = ["process", "stakeholder_group", "region"]
    search_fields = ["name", "email", "contact_person"]
    list_select_related = ["process", "stakeholder_group", "region"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser
