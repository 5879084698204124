"""Admin pages for deals: read-only.

Deals are written only by their operator's people, through `deals.services` (staff act for no
operator). Staff see deals as any member of another operator does: through the same visible_to()
rule (never a private deal) and the same presenter (a summary deal as partner, operator, country
and stage; never the confidential notes)."""

from __future__ import annotations

from django.contrib import admin

from alliance.admin_lists import LargeTableAdmin, country_column
from deals.models import Deal, StageChange
from deals.presenters import present_one
from deals.programmes import admin as programmes_admin  # noqa: F401 - registers its pages

# The fields the admin may show, in the model's order; the presenter decides which of them a
# deal shows (the confidential notes, which only the owning operator sees, never).
SHOWN_FIELDS = tuple(
    field.name for field in Deal._meta.fields if field.name not in ("id", "created_by")
)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = readonly_fields = ("from_stage", "to_stage", "changed_by", "changed_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Deal)
class DealAdmin(LargeTableAdmin):
    list_display = ("__str__", "partner", country_column("country"), "stage")
    list_filter = ("stage", "country")
    search_fields = ("partner__name", "operator__name")
    list_select_related = ("partner", "operator")

    def get_queryset(self, request):
        return Deal.objects.visible_to(request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("partner", "operator", "country", "stage")
        view = present_one(obj, request.user)
        return tuple(name for name in SHOWN_FIELDS if view.shows(name))

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        shows_history = obj is not None and present_one(obj, request.user).shows("history")
        return [StageChangeInline] if shows_history else []

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
