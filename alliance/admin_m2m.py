"""Admin pages of the platform catalogue (staff keep it). Every add, change and deletion goes
through alliance.m2m, which audits it. Loaded from alliance/admin.py."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from alliance import m2m
from alliance.errors import DomainError
from alliance.models import Platform
from alliance.refusals import add_to_form


class PlatformForm(forms.ModelForm):
    class Meta:
        model = Platform
        fields = list(m2m.PLATFORM_FIELDS)

    def clean(self) -> dict:
        data = super().clean()
        try:
            m2m.check_owner_fits(platform=self.instance, owner=data.get("owner"))
        except DomainError as error:
            add_to_form(self, error)
        return data


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    form = PlatformForm
    list_display = ["name", "vendor", "owner", "opco_count"]
    list_filter = ["vendor"]
    search_fields = ["name", "vendor", "owner__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["owner"]
    list_select_related = ["owner"]
    fields = list(m2m.PLATFORM_FIELDS)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Platform]:
        return super().get_queryset(request).annotate(opco_total=Count("opco_links"))

    @admin.display(description="opcos running it", ordering="opco_total")
    def opco_count(self, platform: Platform) -> int:
        return platform.opco_total

    def save_model(self, request: HttpRequest, obj: Platform, form, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in m2m.PLATFORM_FIELDS}
        if change:
            saved = m2m.update_platform(platform=obj, by=request.user, **fields)
        else:
            saved = m2m.create_platform(by=request.user, **fields)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Platform) -> None:
        m2m.delete_platform(platform=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Platform]) -> None:
        for platform in queryset:
            try:
                m2m.delete_platform(platform=platform, by=request.user)
            except DomainError as error:
                messages.error(request, error.message)
