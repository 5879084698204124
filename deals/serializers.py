"""API representation of deals. Which fields a viewer gets is the presenter's rule
(deals.presenters): summary deals of other operators come as partner, operator, country and stage;
confidential notes only ever go to the owning operator."""

from __future__ import annotations

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from alliance.models import Opco
from deals.models import OPEN_STAGES, Deal, DeclineReason, Stage
from deals.presenters import access_for, is_shown, viewer_operator_id
from deals.services import DUPLICATE_OPEN_DEAL
from partners.models import Partner


class DealSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="slug", queryset=Partner.objects.none())
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryField()
    opco = serializers.PrimaryKeyRelatedField(
        queryset=Opco.objects.all(), allow_null=True, required=False
    )
    stage = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in OPEN_STAGES], required=False
    )
    access = serializers.SerializerMethodField(
        help_text="owner (everything), full (all but confidential notes) or summary (partner, "
        "operator, country and stage only)."
    )

    class Meta:
        model = Deal
        fields = [
            "id",
            "partner",
            "operator",
            "country",
            "opco",
            "stage",
            "deal_type",
            "started_on",
            "signed_on",
            "launched_on",
            "ended_on",
            "summary",
            "confidential_notes",
            "visibility",
            "exclusive",
            "decline_reason",
            "decline_explanation",
            "introduction",
            "stage_changed_at",
            "created_at",
            "updated_at",
            "access",
        ]
        read_only_fields = [
            "decline_reason",
            "decline_explanation",
            "stage_changed_at",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["partner"].queryset = Partner.objects.visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list):
            # Partner, country and stage are fixed once logged; stages move through the actions.
            for name in ("partner", "country", "stage", "introduction"):
                self.fields[name].read_only = True

    def get_access(self, deal: Deal) -> str:
        return access_for(deal, self._viewer_operator_id()).value

    def _viewer_operator_id(self) -> int | None:
        request = self.context.get("request")
        return viewer_operator_id(request.user) if request else None

    def to_representation(self, deal: Deal) -> dict:
        data = super().to_representation(deal)
        access = access_for(deal, self._viewer_operator_id())
        return {
            key: value for key, value in data.items() if key == "access" or is_shown(key, access)
        }

    def validate(self, attrs: dict) -> dict:
        operator = self.context["operator"]
        partner = attrs.get("partner") or getattr(self.instance, "partner", None)
        country = attrs.get("country") or getattr(self.instance, "country", None)
        duplicate = Deal.objects.open().filter(partner=partner, operator=operator, country=country)
        if self.instance is None and partner and country and duplicate.exists():
            raise serializers.ValidationError(DUPLICATE_OPEN_DEAL)
        if self.instance is None and attrs.get("opco") is None and country:
            attrs["opco"] = Opco.objects.filter(operator=operator, country=country).first()
        return attrs


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=[s for s in Stage.values if s != Stage.DECLINED])
    on = serializers.DateField(required=False, allow_null=True)


class DeclineSerializer(serializers.Serializer):
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices)
    decline_explanation = serializers.CharField(max_length=2000)
