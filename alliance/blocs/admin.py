"""Admin pages of blocs (staff), read-mostly: blocs and their memberships are written by the
services only. Dissolving is an admin action, with a reason, through `dissolve_bloc`.
Registered by `AllianceConfig.ready()`."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.template.response import TemplateResponse

from alliance.admin import ReadOnlyAdmin
from alliance.blocs.forms import DissolveForm
from alliance.blocs.services import dissolve_bloc
from alliance.errors import DomainError
from alliance.models import Bloc, BlocMembership


class BlocMembershipInline(admin.TabularInline):
    model = BlocMembership
    extra = 0
    fields = readonly_fields = [
        "operator",
        "status",
        "invited_by",
        "invited_at",
        "responded_by",
        "responded_at",
        "left_at",
    ]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Bloc)
class BlocAdmin(ReadOnlyAdmin):
    list_display = ["name", "status", "proposed_by_operator", "created_at", "dissolved_at"]
    list_filter = ["status"]
    search_fields = ["name", "purpose"]
    list_select_related = ["proposed_by_operator"]
    inlines = [BlocMembershipInline]
    actions = ["dissolve"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [field.name for field in Bloc._meta.fields]

    @admin.action(description="Dissolve the selected blocs (with a reason)")
    def dissolve(self, request: HttpRequest, queryset):
        form = DissolveForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for bloc in queryset:
                try:
                    dissolve_bloc(bloc=bloc, by=request.user, reason=form.cleaned_data["reason"])
                except DomainError as error:
                    self.message_user(request, f"{bloc.name}: {error.message}", messages.ERROR)
                else:
                    done += 1
            if done:
                self.message_user(request, f"{done} bloc(s) dissolved.", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/alliance/bloc/dissolve.html",
            {
                **self.admin_site.each_context(request),
                "title": "Dissolve blocs",
                "blocs": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
