"""Serializers of the partners API: what is shown, and the shape of what is accepted (types,
required, lengths). Domain rules are the services', as for the pages' forms."""

from __future__ import annotations

from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alliance.models import Operator
from partners.models import PITCH_DECK_HELP, Introduction, Partner, Sponsorship


def country_list(*, required: bool = True, allow_empty: bool = False) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(
            choices=list(countries),
            error_messages={"invalid_choice": "{input} is not a country code we know."},
        ),
        required=required,
        allow_empty=allow_empty,
        max_length=250,
    )


class SponsorshipSerializer(serializers.ModelSerializer):
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    operator_name = serializers.CharField(source="operator.display_name", read_only=True)

    class Meta:
        model = Sponsorship
        fields = ["operator", "operator_name", "pitch", "suggested_countries", "created_at"]


class PartnerSerializer(serializers.ModelSerializer):
    countries = serializers.SerializerMethodField()
    sponsorships = SponsorshipSerializer(many=True, read_only=True)
    works_with = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    duplicate_of = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    has_pitch_deck = serializers.SerializerMethodField()

    class Meta:
        model = Partner
        fields = [
            "id",
            "slug",
            "name",
            "website",
            "category",
            "description",
            "hq_country",
            "countries",
            "contact_name",
            "contact_email",
            "works_with",
            "status",
            "duplicate_of",
            "decision_reason",
            "sponsorships",
            "has_pitch_deck",
            "created_at",
        ]
        read_only_fields = fields

    def get_countries(self, partner: Partner) -> list[str]:
        return partner.country_codes

    def get_has_pitch_deck(self, partner: Partner) -> bool:
        return bool(partner.pitch_deck)


class PartnerWriteSerializer(serializers.ModelSerializer):
    """A new application (create) or a profile change (update; `works_with` and the deck are set
    only when applying)."""

    countries = country_list()
    works_with = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Operator.objects.current(),
        required=False,
        allow_null=True,
    )
    pitch_deck = serializers.FileField(required=False, help_text=PITCH_DECK_HELP)

    class Meta:
        model = Partner
        fields = [*Partner.PROFILE_FIELDS, "countries", "works_with", "pitch_deck"]


class PartnerJsonWriteSerializer(PartnerWriteSerializer):
    """The same without the deck, for the schema: JSON cannot carry a file (multipart can)."""

    class Meta(PartnerWriteSerializer.Meta):
        fields = [*Partner.PROFILE_FIELDS, "countries", "works_with"]


class PartnerSponsorSerializer(serializers.Serializer):
    pitch = serializers.CharField(max_length=5000)
    suggested_countries = country_list(required=False, allow_empty=True)


class PartnerDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class IntroductionSerializer(serializers.ModelSerializer):
    """An introduction as its two operators and staff see it; read from a queryset
    `with_deals_for(user)`, which gives `deals`."""

    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    from_operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    to_operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    deals = serializers.SerializerMethodField(
        help_text="The deals logged from this introduction that you may see (ids, as in "
        "/api/v1/deals/)."
    )

    class Meta:
        model = Introduction
        fields = [
            "id",
            "partner",
            "partner_name",
            "from_operator",
            "to_operator",
            "countries",
            "pitch",
            "status",
            "response_due_on",
            "answer_reason",
            "answered_at",
            "deals",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_deals(self, introduction: Introduction) -> list[int]:
        return [deal.pk for deal in introduction.visible_deals]


class IntroductionCreateSerializer(serializers.Serializer):
    partner = serializers.SlugRelatedField(slug_field="slug", queryset=Partner.objects.none())
    to_operator = serializers.SlugRelatedField(slug_field="slug", queryset=Operator.objects.none())
    countries = country_list()
    pitch = serializers.CharField(max_length=5000)
    response_due_on = serializers.DateField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only what the caller may see can be named (the rest reads as "does not exist").
            self.fields["partner"].queryset = Partner.objects.visible_to(request.user)
            self.fields["to_operator"].queryset = Operator.objects.visible_to(request.user)


class IntroductionUpdateSerializer(serializers.Serializer):
    countries = country_list(required=False)
    pitch = serializers.CharField(max_length=5000, required=False)
    response_due_on = serializers.DateField(required=False)


class IntroductionAnswerSerializer(serializers.Serializer):
    """An answer's reason: optional to accept; to decline, the service requires one."""

    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class IntroductionDeclineSerializer(serializers.Serializer):
    """What a decline takes, for the schema: a reason. The view reads it with
    IntroductionAnswerSerializer, so that the service refuses a decline without one in its own
    words, as on the page."""

    reason = serializers.CharField(max_length=2000)
