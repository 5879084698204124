"""API representation of programmes, participations and SLA reports. What a viewer gets of each is
`deals.programmes.access`'s rule (hidden fields read as null) and, for a participation's deal, the
deals app's (`Deal.objects.visible_to` and its presenter: a deal the viewer may not see reads as
null). The serializers check the shape of input only; the services enforce the rules."""

from __future__ import annotations

from functools import cached_property

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from alliance.models import Operator, Platform
from alliance.models.blocs import Bloc
from deals.models import OPEN_STAGES, Deal, DealType, Visibility
from deals.presenters import present
from deals.programmes.access import CONTACT_FIELDS, PARTY_FIELDS, ProgrammeView
from deals.programmes.checks import MIN_COUNTRIES
from deals.programmes.models import (
    MAX_AVAILABILITY_TARGET,
    MAX_RESPONSE_HOURS,
    MIN_AVAILABILITY_TARGET,
    Participation,
    Programme,
    SLAReport,
)
from partners.models import Partner

# The stages a deal is logged in, as the deals API offers them (one enum in the OpenAPI schema:
# settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
OPEN_STAGE_CHOICES = [(stage.value, stage.label) for stage in OPEN_STAGES]


def _user(serializer: serializers.Serializer):
    return serializer.context["request"].user


class ProgrammeSerializer(serializers.ModelSerializer):
    lead = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partner = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Partner.objects.none(),
        required=False,
        allow_null=True,
        help_text="The partner served in every country (fixed once started).",
    )
    bloc = serializers.SlugRelatedField(
        slug_field="slug", queryset=Bloc.objects.none(), required=False, allow_null=True
    )
    countries = serializers.ListField(
        child=CountryField(), min_length=MIN_COUNTRIES, max_length=250, help_text="ISO 3166 codes."
    )
    taking_part = serializers.IntegerField(read_only=True)
    invited = serializers.IntegerField(read_only=True)
    recent_breaches = serializers.IntegerField(
        read_only=True, help_text="SLA reports below target in the last six months."
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "lead",
            "partner",
            "customer",
            "description",
            "bloc",
            "countries",
            "status",
            "taking_part",
            "invited",
            "recent_breaches",
            "created_at",
            "closed_at",
        ]
        read_only_fields = ["status", "created_at", "closed_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["partner"].queryset = Partner.objects.visible_to(request.user)
            self.fields["bloc"].queryset = Bloc.objects.visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["partner"].read_only = True


class ParticipationSerializer(serializers.ModelSerializer):
    """A participation. Created by the lead (an invitation: programme, country, operator and the
    SLA's terms); changed with PATCH (the terms by the lead, the escalation contact and platform by
    the participant); answered, withdrawn and linked to a deal through its actions."""

    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    country = CountryField()
    operator = serializers.SlugRelatedField(slug_field="slug", queryset=Operator.objects.all())
    platform = serializers.SlugRelatedField(
        slug_field="slug", queryset=Platform.objects.all(), required=False, allow_null=True
    )
    deal = serializers.SerializerMethodField(
        help_text="The participant's deal there, if you may see it (else null)."
    )
    deal_stage = serializers.SerializerMethodField()
    state = serializers.CharField(read_only=True, help_text="The status, or `overdue`.")

    class Meta:
        model = Participation
        fields = [
            "id",
            "programme",
            "country",
            "operator",
            "status",
            "state",
            "response_due_on",
            "invited_at",
            "answered_at",
            "answer_reason",
            "withdraw_reason",
            "deal",
            "deal_stage",
            *Participation.TERMS_FIELDS,
            *Participation.OPERATIONS_FIELDS,
        ]
        read_only_fields = [
            "status",
            "invited_at",
            "answered_at",
            "answer_reason",
            "withdraw_reason",
        ]
        # The bounds of the terms (deals.programmes.checks) as the schema states them.
        extra_kwargs = {
            "response_due_on": {"required": False},
            "availability_target": {
                "min_value": MIN_AVAILABILITY_TARGET,
                "max_value": MAX_AVAILABILITY_TARGET,
            },
            "support_response_hours": {"min_value": 1, "max_value": MAX_RESPONSE_HOURS},
        }
        # One participant per country is the services' rule (409, in its words), not a 400.
        validators: list = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["programme"].queryset = Programme.objects.visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list):
            for name in ("programme", "country", "operator", "response_due_on"):
                self.fields[name].read_only = True

    @cached_property
    def _instances(self) -> list[Participation]:
        parent = self.parent
        if isinstance(parent, serializers.ListSerializer) and parent.instance is not None:
            return list(parent.instance)
        return [self.instance] if isinstance(self.instance, Participation) else []

    @cached_property
    def _deals(self) -> dict:
        """The deals of the participations serialized together that the viewer sees, presented
        (one query for a whole page)."""
        ids = [p.deal_id for p in self._instances if p.deal_id]
        user = _user(self)
        found = Deal.objects.visible_to(user).for_listing().filter(pk__in=ids)
        return {view.deal.pk: view for view in present(found, user)}

    def _view(self, participation: Participation) -> ProgrammeView:
        cache = self.context.setdefault("programme_views", {})
        programme = participation.programme
        if programme.pk not in cache:
            cache[programme.pk] = ProgrammeView(
                programme, _user(self), programme.participations.all()
            )
        return cache[programme.pk]

    def get_deal(self, participation: Participation) -> int | None:
        view = self._deals.get(participation.deal_id)
        return view.deal.pk if view else None

    def get_deal_stage(self, participation: Participation) -> str | None:
        view = self._deals.get(participation.deal_id)
        return view.stage if view else None

    def to_representation(self, participation: Participation) -> dict:
        data = super().to_representation(participation)
        view = self._view(participation)
        for name in CONTACT_FIELDS | PARTY_FIELDS:
            if not view.shows(participation, name):
                data[name] = None
        return data


class AnswerSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "decline"])
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    escalation_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    escalation_email = serializers.EmailField(required=False, allow_blank=True)
    escalation_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    platform = serializers.SlugRelatedField(
        slug_field="slug", queryset=Platform.objects.all(), required=False, allow_null=True
    )
    deal = serializers.PrimaryKeyRelatedField(
        queryset=Deal.objects.none(), required=False, allow_null=True
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["deal"].queryset = Deal.objects.visible_to(request.user)

    def operations(self) -> dict:
        data = self.validated_data
        return {name: data[name] for name in Participation.OPERATIONS_FIELDS if name in data}


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class LinkDealSerializer(serializers.Serializer):
    deal = serializers.PrimaryKeyRelatedField(queryset=Deal.objects.none())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["deal"].queryset = Deal.objects.visible_to(request.user)


class NewDealSerializer(serializers.Serializer):
    deal_type = serializers.ChoiceField(choices=DealType.choices, default=DealType.IOT_CONNECTIVITY)
    stage = serializers.ChoiceField(choices=OPEN_STAGE_CHOICES)
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.ALLIANCE)
    bloc = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Bloc.objects.none(),
        required=False,
        allow_null=True,
        help_text='With `visibility: "bloc"`: the slug of one of your operator\'s blocs.',
    )
    summary = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["bloc"].queryset = Bloc.objects.visible_to(request.user)


class SLAReportSerializer(serializers.ModelSerializer):
    participation = serializers.PrimaryKeyRelatedField(queryset=Participation.objects.none())
    month = serializers.DateField(help_text="Any day of the month reported on (stored as its 1st).")
    is_breach = serializers.BooleanField(read_only=True)
    incidents = serializers.IntegerField(min_value=0)

    class Meta:
        model = SLAReport
        fields = [
            "id",
            "participation",
            "month",
            "availability",
            "incidents",
            "mttr_hours",
            "target",
            "is_breach",
            "reported_at",
        ]
        read_only_fields = ["target", "reported_at"]
        # One report per month is the services' rule (409, in its words), not a 400.
        validators: list = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["participation"].queryset = Participation.objects.visible_to(request.user)
