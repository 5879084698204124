"""Admin pages of the membership app. Contributions and the audit log are records of what
happened: admins read them here but never change them."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from rest_framework.authtoken.admin import TokenAdmin

from alliance.admin_lists import LargeTableAdmin, country_column
from alliance.forms.operators import OpcoForm
from alliance.models import (
    AuditLogEntry,
    Contribution,
    Invitation,
    Membership,
    Opco,
    Operator,
    OperatorApplication,
    OperatorEmailDomain,
    User,
)

# DRF's API token page picks the token's user by id, as its documentation advises for many users:
# a <select> of every user (16,000 at full scale) weighed 760 KB.
TokenAdmin.raw_id_fields = ["user"]


class OpcoInline(admin.TabularInline):
    model = Opco
    form = OpcoForm  # the country typed (name or code): no list of 250 countries per opco
    extra = 1


class OperatorEmailDomainInline(admin.TabularInline):
    model = OperatorEmailDomain
    extra = 1


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        country_column("hq_country", "HQ country"),
        "status",
        "opco_count",
        "joined_on",
    ]
    list_filter = ["status", "hq_country", "joined_on"]
    search_fields = ["name", "slug", "opcos__brand_name", "email_domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [OpcoInline, OperatorEmailDomainInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Operator]:
        return super().get_queryset(request).annotate(opco_total=Count("opcos"))

    @admin.display(description="opcos", ordering="opco_total")
    def opco_count(self, operator: Operator) -> int:
        return operator.opco_total


@admin.register(Opco)
class OpcoAdmin(admin.ModelAdmin):
    list_display = ["brand_name", "operator", country_column("country")]
    list_filter = ["country"]
    search_fields = ["brand_name", "operator__name"]
    list_select_related = ["operator"]
    autocomplete_fields = ["operator"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "operator", "role", "status", "created_at"]
    list_filter = ["role", "status", "operator"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "operator__name"]
    list_select_related = ["user", "operator"]
    autocomplete_fields = ["user", "operator"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "operator", "role", "invitation_state", "created_at", "expires_at"]
    list_filter = ["role", "operator"]
    search_fields = ["email", "operator__name"]
    list_select_related = ["operator", "invited_by"]
    readonly_fields = ["token", "invited_by", "created_at", "accepted_at"]
    autocomplete_fields = ["operator"]

    @admin.display(description="state")
    def invitation_state(self, invitation: Invitation) -> str:
        return invitation.state


@admin.register(OperatorApplication)
class OperatorApplicationAdmin(admin.ModelAdmin):
    """Approving and declining go through the review page, which creates the operator and sends
    the mails; here admins look things up."""

    list_display = ["name", "hq_country", "contact_email", "status", "created_at"]
    list_filter = ["status", "hq_country"]
    search_fields = ["name", "contact_name", "contact_email", "website"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "operator", "created_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only services write (the ledger, the audit log, standing's flags, exemptions
    and counters): admins read them here and act through the pages."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Contribution)
class ContributionAdmin(LargeTableAdmin, ReadOnlyAdmin):
    list_display = ["created_at", "operator", "kind", "user"]
    # A date range, not a date hierarchy (which lists the years of 4.7 million rows).
    list_filter = ["kind", "operator", "created_at"]
    search_fields = ["operator__name", "user__email"]
    list_select_related = ["operator", "user"]
    ordering = ["-created_at"]  # an index


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(LargeTableAdmin, ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "operator"]
    list_filter = ["action", "operator", "created_at"]
    search_fields = ["action", "object_repr", "actor__email", "reason"]
    list_select_related = ["actor", "operator"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, for users identified by email (there is no username)."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
