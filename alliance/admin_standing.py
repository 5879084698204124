"""Admin pages of contribution standing: the one inactivity policy (edits audited) and read-only
views of flags, exemptions and consumption counters. Loaded from alliance/admin.py."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from alliance.models import Consumption, Contribution, Exemption, InactivityPolicy, StandingFlag
from alliance.standing import update_policy


class _PolicyForm(forms.ModelForm):
    class Meta:
        model = InactivityPolicy
        fields = ["window_days", "minimum_contributions", "grace_days"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in Contribution.Kind.values:
            self.fields[f"weight_{kind}"].initial = self.instance.weight_of(kind)

    def clean(self) -> dict:
        data = super().clean()
        weights = {kind: data.get(f"weight_{kind}") for kind in Contribution.Kind.values}
        if all(w is not None for w in weights.values()):
            if not any(weights.values()):
                raise forms.ValidationError("At least one kind of contribution must count.")
            self.instance.weights = weights
        return data


# One weight field per kind of contribution instead of raw JSON; declared on the class so that the
# admin's fieldsets may name them.
InactivityPolicyForm = type(
    "InactivityPolicyForm",
    (_PolicyForm,),
    {
        f"weight_{kind}": forms.IntegerField(
            label=f"Weight: {label}", min_value=0, max_value=100, help_text="0: does not count."
        )
        for kind, label in Contribution.Kind.choices
    },
)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the standing services only; admins act on the pruning page."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


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
class ConsumptionAdmin(ReadOnlyAdmin):
    list_display = ["day", "viewer", "owner", "kind", "views"]
    list_filter = ["kind"]
    list_select_related = ["viewer", "owner"]
