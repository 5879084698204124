"""API representation of deals. Which fields a viewer gets is the presenter's rule
(deals.presenters): summary deals of other operators come as partner, operator, country and stage;
confidential notes only ever go to the owning operator; `introduction` is null for viewers who may
not see that introduction.

The serializers check the shape of the input only; `deals.services` enforces the rules of deals."""

from __future__ import annotations

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from alliance.models import Bloc, Opco
from deals.models import OPEN_STAGES, Deal, DeclineReason, Stage
from deals.presenters import SUMMARY_FIELDS, DealView, Viewer, is_shown
from deals.services import LOG_FIELDS
from partners.models import Introduction, Partner


class DealSerializer(serializers.ModelSerializer):
    # What every deal shows, a summary deal of another operator included (alliance.openapi).
    always_present = SUMMARY_FIELDS | {"access"}
    partner = serializers.SlugRelatedField(slug_field="slug", queryset=Partner.objects.none())
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = CountryField()
    opco = serializers.PrimaryKeyRelatedField(
        queryset=Opco.objects.all(),
        allow_null=True,
        required=False,
        help_text="Your opco in the deal's country (that one when not given).",
    )
    introduction = serializers.PrimaryKeyRelatedField(
        queryset=Introduction.objects.none(),
        allow_null=True,
        required=False,
        help_text="The introduction the deal came from (null for viewers who may not see it).",
    )
    bloc = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Bloc.objects.none(),
        allow_null=True,
        required=False,
        help_text='With `visibility: "bloc"`: the slug of one of your operator\'s blocs, '
        "whose members see the deal in full (others see a summary).",
    )
    stage = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in OPEN_STAGES], required=False
    )
    access = serializers.SerializerMethodField(
        help_text="owner (everything), full (all but confidential notes) or summary (partner, "
        "operator, country and stage only). A bloc deal is full for the people of its bloc's "
        "other members, summary for everyone else."
    )

    class Meta:
        model = Deal
        # What a deal is logged with (the service's fields), then what it gains as it lives.
        fields = [
            "id",
            "operator",
            *LOG_FIELDS,
            "ended_on",
            "decline_reason",
            "decline_explanation",
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
            self.fields["introduction"].queryset = Introduction.objects.visible_to(request.user)
            # Any bloc the user sees; which one a deal may name is the rules' (deals.rules).
            self.fields["bloc"].queryset = Bloc.objects.visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list):
            # Partner, country and stage are fixed once logged; stages move through the actions.
            for name in ("partner", "country", "stage", "introduction"):
                self.fields[name].read_only = True

    def _viewer(self) -> Viewer:
        """The viewer, read once per response (a list's rows share the context)."""
        if "viewer" not in self.context:
            request = self.context.get("request")
            self.context["viewer"] = Viewer.of(request.user) if request else Viewer()
        return self.context["viewer"]

    def _view(self, deal: Deal) -> DealView:
        return DealView(deal, self._viewer())

    def get_access(self, deal: Deal) -> str:
        return self._view(deal).access.value

    def to_representation(self, deal: Deal) -> dict:
        data = super().to_representation(deal)
        view = self._view(deal)
        shown = {
            key: value
            for key, value in data.items()
            if key == "access" or is_shown(key, view.access)
        }
        if "introduction" in shown and not view.sees_introduction:
            shown["introduction"] = None
        return shown


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=[s for s in Stage.values if s != Stage.DECLINED])
    on = serializers.DateField(required=False, allow_null=True)


class DeclineSerializer(serializers.Serializer):
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices)
    decline_explanation = serializers.CharField(max_length=2000)
