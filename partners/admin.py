"""Admin pages of the partners app. Status changes go through the review pages (and services), so
here the workflow fields are read-only and every row's history is shown inline."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from alliance.admin_lists import LargeTableAdmin, country_column
from alliance.widgets import CountryNameField
from partners.models import (
    Introduction,
    IntroductionStatusChange,
    Partner,
    PartnerCountry,
    PartnerStatusChange,
    Sponsorship,
)


class PartnerCountryForm(forms.ModelForm):
    country = CountryNameField()  # typed: no list of 250 countries per country of the partner

    class Meta:
        model = PartnerCountry
        fields = ["country"]


class PartnerCountryInline(admin.TabularInline):
    model = PartnerCountry
    form = PartnerCountryForm
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")  # each row's name


class SponsorshipInline(admin.StackedInline):
    model = Sponsorship
    extra = 0
    readonly_fields = ["operator", "sponsored_by", "created_at"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner", "operator", "sponsored_by")


class StatusHistoryInline(admin.TabularInline):
    """A row's status history, as its services wrote it: read-only, never added or deleted."""

    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "reason", "changed_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class PartnerStatusChangeInline(StatusHistoryInline):
    model = PartnerStatusChange

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")


@admin.register(Partner)
class PartnerAdmin(LargeTableAdmin):
    list_display = [
        "name",
        "category",
        country_column("hq_country", "HQ country"),
        "status",
        "duplicate_of",
        "created_at",
    ]
    list_filter = ["status", "category"]
    search_fields = ["name", "website", "contact_email"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "status",
        "status_token",
        "duplicate_of",
        "decision_reason",
        "reviewed_by",
        "reviewed_at",
        "created_at",
    ]
    raw_id_fields = ["works_with"]
    ordering = ["name", "pk"]  # an index
    inlines = [PartnerCountryInline, SponsorshipInline, PartnerStatusChangeInline]

    def has_add_permission(self, request) -> bool:
        # Partners come in through the onboarding form or the API, so they get their history,
        # duplicate check and mails; "View on site" leads to the page with Decline and Sponsor.
        return False


class IntroductionStatusChangeInline(StatusHistoryInline):
    model = IntroductionStatusChange

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "introduction__partner", "introduction__from_operator", "introduction__to_operator"
            )
        )


@admin.register(Introduction)
class IntroductionAdmin(LargeTableAdmin):
    list_display = [
        "partner",
        "from_operator",
        "to_operator",
        "status",
        "response_due_on",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["partner__name", "from_operator__name", "to_operator__name"]
    readonly_fields = [
        "partner",
        "from_operator",
        "to_operator",
        "introduced_by",
        "status",
        "answered_by",
        "answered_at",
        "answer_reason",
        "reminded_at",
        "created_at",
    ]
    inlines = [IntroductionStatusChangeInline]

    def has_add_permission(self, request) -> bool:
        return False
