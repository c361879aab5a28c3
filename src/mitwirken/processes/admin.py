from django import forms
from django.contrib import admin
from django.db import models

from . import services
from .models import FieldOfAction, Phase, Process, ProcessMembership, Region, StakeholderGroup
from .rules import is_process_organiser


class ChangesProcessesMixin:
    """Every change made here reaches the cached pages of the processes it touches (the
    models declare which: ``cache_scopes()``)."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        services.change_setup(actor=request.user, changed=[obj])

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.change_setup(actor=request.user, changed=[form.instance])

    def delete_model(self, request, obj) -> None:
        services.change_setup(actor=request.user, changed=[obj])  # scopes read before
        super().delete_model(request, obj)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = [
        "position",
        "kind",
        "title",
        "start_date",
        "end_date",
        "allows_needs",
        "allows_comments",
        "allows_supports",
    ]


class FieldOfActionInline(admin.TabularInline):
    model = FieldOfAction
    extra = 0
    formfield_overrides = {  # keeps the table within the page
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 36})}
    }
    fields = ["position", "title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}


class MembershipInline(admin.TabularInline):
    model = ProcessMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Process)
class ProcessAdmin(ChangesProcessesMixin, admin.ModelAdmin):
    list_display = ["title", "organiser", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["regions", "stakeholder_groups"]
    inlines = [PhaseInline, FieldOfActionInline, MembershipInline]

    # Organisers see and change only the processes they organise; superusers see all.
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            memberships__user=request.user, memberships__role=ProcessMembership.Role.ORGANISER
        ).distinct()

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not is_process_organiser(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not is_process_organiser(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        if not change:  # created: the creator organises it (before the set-up check)
            super(ChangesProcessesMixin, self).save_model(request, obj, form, change)
            if not request.user.is_superuser:
                services.adopt_new_process(actor=request.user, process=obj)
            services.change_setup(actor=request.user, changed=[obj])
            return
        super().save_model(request, obj, form, change)


@admin.register(Region)
class RegionAdmin(ChangesProcessesMixin, admin.ModelAdmin):
    list_display = ["name", "key", "kind", "state"]
    list_filter = ["state", "kind"]
    search_fields = ["name", "key"]


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(ChangesProcessesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ProcessMembership)
class ProcessMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "process", "role"]
    list_filter = ["role", "process"]
    autocomplete_fields = ["user"]
