"""Admin pages of programmes for staff: read-only. Programmes are written by their operators'
people through `deals.programmes.services`; staff read them as a member of the programme's bloc
would (`deals.programmes.access`): the SLA and its reports, not the escalation contacts nor why an
operator declined or was withdrawn, and no linked deal (whose existence may be private: staff see
deals in the deals admin, under the deals' own rule)."""

from __future__ import annotations

from django.contrib import admin

from deals.programmes.access import CONTACT_FIELDS, PARTY_FIELDS, ProgrammeView
from deals.programmes.models import Participation, Programme, SLAReport

NOT_SHOWN = PARTY_FIELDS | {"deal"}
PARTICIPATION_FIELDS = tuple(
    field.name
    for field in Participation._meta.fields
    if field.name not in ("id", "programme", *NOT_SHOWN)
)


class ReadOnly:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ParticipationInline(ReadOnly, admin.TabularInline):
    model = Participation
    extra = 0

    def get_queryset(self, request):
        # The people, operator and platform each row names, in the same query.
        people = ("programme", "operator", "invited_by", "answered_by", "platform")
        return super().get_queryset(request).select_related(*people)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ()
        view = ProgrammeView(obj, request.user, obj.participations.all())
        contacts_shown = all(view.shows(p, "escalation_name") for p in obj.participations.all())
        return tuple(f for f in PARTICIPATION_FIELDS if contacts_shown or f not in CONTACT_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)


@admin.register(Programme)
class ProgrammeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "lead", "partner", "customer", "bloc", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "customer", "lead__name", "partner__name")
    list_select_related = ("lead", "partner", "bloc")
    fields = readonly_fields = (
        "name",
        "lead",
        "partner",
        "customer",
        "bloc",
        "countries",
        "description",
        "status",
        "created_by",
        "created_at",
        "closed_at",
    )
    inlines = [ParticipationInline]

    def get_queryset(self, request):
        return Programme.objects.visible_to(request.user)


@admin.register(SLAReport)
class SLAReportAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("participation", "month", "availability", "target", "incidents", "breach")
    list_filter = ("month",)
    list_select_related = ("participation__programme", "participation__operator")
    fields = readonly_fields = (
        "participation",
        "month",
        "availability",
        "target",
        "incidents",
        "mttr_hours",
        "reported_by",
        "reported_at",
    )

    def get_queryset(self, request):
        return SLAReport.objects.visible_to(request.user)

    @admin.display(boolean=True, description="Breach")
    def breach(self, report: SLAReport) -> bool:
        return report.is_breach
