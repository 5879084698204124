"""Admin pages for deals. Staff see deals through the same visible_to() rule as members (never a
private deal) and never the confidential notes, which belong to the owning operator alone."""

from __future__ import annotations

from django.contrib import admin

from deals.models import Deal, StageChange


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_stage", "to_stage", "changed_by", "changed_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = (
        "partner",
        "operator",
        "country",
        "stage",
        "deal_type",
        "visibility",
        "updated_at",
    )
    list_filter = ("stage", "visibility", "deal_type", "exclusive", "country")
    search_fields = ("partner__name", "operator__name")
    list_select_related = ("partner", "operator")
    raw_id_fields = ("partner", "operator", "opco", "introduction", "created_by")
    exclude = ("confidential_notes",)
    readonly_fields = ("stage", "stage_changed_at", "created_at", "updated_at")
    inlines = [StageChangeInline]

    def get_queryset(self, request):
        return Deal.objects.visible_to(request.user)
