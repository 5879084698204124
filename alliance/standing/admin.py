"""Admin pages of contribution standing: the one inactivity policy (edits audited) and read-only
views of flags, exemptions and consumption counters. Registered by `AllianceConfig.ready()`
(Django's admin discovers only alliance/admin.py)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from alliance.admin import ReadOnlyAdmin
from alliance.admin_lists import LargeTableAdmin
from alliance.models import Consumption, Contribution, Exemption, InactivityPolicy, StandingFlag
from alliance.standing.actions import update_policy
from alliance.standing.forms import InactivityPolicyForm


@admin.register(InactivityPolicy)
class InactivityPolicyAdmin(admin.ModelAdmin):
    form = InactivityPolicyForm
    list_display = ["__str__", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def get_fieldsets(self, request, obj=None):
        weights = [f"weight_{kind}" for kind in Contribution.Kind.values]
        return [
            (None, {"fields": ["window_days", "minimum_contributions", "grace_days"]}),
            ("Which contributions count, and how much", {"fields": weights}),
            ("Last change", {"fields": ["updated_at", "updated_by"]}),
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # there is one policy; it is created with its defaults on first use

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        policy = InactivityPolicy.current()
        return HttpResponseRedirect(
            reverse("admin:alliance_inactivitypolicy_change", args=[policy.pk])
        )

    def save_model(self, request: HttpRequest, obj: InactivityPolicy, form, change: bool) -> None:
        initial = {
            name: form.initial.get(name)
            for name in ["window_days", "minimum_contributions", "grace_days"]
        }
        initial["weights"] = InactivityPolicy.objects.get(pk=obj.pk).weights
        update_policy(policy=obj, by=request.user, initial=initial)


@admin.register(StandingFlag)
class StandingFlagAdmin(ReadOnlyAdmin):
    list_display = ["operator", "status", "flagged_on", "grace_until", "score", "required"]
    list_filter = ["status"]
    list_select_related = ["operator"]


@admin.register(Exemption)
class ExemptionAdmin(ReadOnlyAdmin):
    list_display = ["operator", "starts_on", "ends_on", "reason", "created_by"]
    list_select_related = ["operator", "created_by"]


@admin.register(Consumption)
class ConsumptionAdmin(LargeTableAdmin, ReadOnlyAdmin):
    list_display = ["day", "viewer", "owner", "kind", "views"]
    list_filter = ["kind"]
    list_select_related = ["viewer", "owner"]
