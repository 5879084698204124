"""JSON of blocs for /api/v1/blocs. The serializers check the shape of the input only;
`alliance.blocs.services` enforces the rules."""

from __future__ import annotations

from rest_framework import serializers

from alliance.blocs.figures import BlocFigures
from alliance.blocs.services import NAME_MIN_LENGTH, offered_actions
from alliance.choices import Category
from alliance.models import Bloc, BlocMembership, Operator


class BlocSerializer(serializers.ModelSerializer):
    proposed_by = serializers.SlugRelatedField(
        source="proposed_by_operator", slug_field="slug", read_only=True
    )
    # A plain string: an enum named "status" would collide with the other apps' in the schema.
    status = serializers.CharField(read_only=True, help_text="active or dissolved.")
    members = serializers.SerializerMethodField(
        help_text="Slugs of the active members (of a dissolved bloc: its members then)."
    )
    invited = serializers.SerializerMethodField(help_text="Slugs of the operators invited.")
    actions = serializers.SerializerMethodField(
        help_text="What you may do now: invite, accept, decline, leave, dissolve."
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Bloc
        fields = [
            "slug",
            "url",
            "name",
            "purpose",
            "focus_categories",
            "status",
            "proposed_by",
            "created_at",
            "dissolved_at",
            "dissolution_reason",
            "members",
            "invited",
            "actions",
        ]
        read_only_fields = fields

    def _slugs(self, bloc: Bloc, status: str) -> list[str]:
        # The viewset prefetches the memberships with their operators.
        return sorted(
            m.operator.slug
            for m in bloc.memberships.all()
            if m.status == status and m.operator.is_current_member
        )

    def get_members(self, bloc: Bloc) -> list[str]:
        return self._slugs(bloc, BlocMembership.Status.ACTIVE)

    def get_invited(self, bloc: Bloc) -> list[str]:
        return self._slugs(bloc, BlocMembership.Status.INVITED) if bloc.is_active else []

    def get_actions(self, bloc: Bloc) -> list[str]:
        request = self.context.get("request")
        return sorted(offered_actions(bloc, request.user)) if request else []

    def get_url(self, bloc: Bloc) -> str:
        return bloc.get_absolute_url()


class CountrySerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO code.")
    operators = serializers.ListField(child=serializers.CharField(), help_text="Member slugs.")
    platforms = serializers.ListField(child=serializers.CharField(), help_text="Platform slugs.")


class PlatformUseSerializer(serializers.Serializer):
    platform = serializers.CharField(help_text="Platform slug.")
    operators = serializers.ListField(child=serializers.CharField())
    countries = serializers.ListField(child=serializers.CharField())


class BlocDetailSerializer(BlocSerializer):
    footprint = serializers.SerializerMethodField()
    platforms = serializers.SerializerMethodField()

    class Meta(BlocSerializer.Meta):
        fields = [*BlocSerializer.Meta.fields, "footprint", "platforms"]
        read_only_fields = fields

    def _figures(self) -> BlocFigures:
        return self.context["figures"]

    @staticmethod
    def _footprint(figures: BlocFigures) -> list[dict]:
        return [
            {
                "country": row.country.code,
                "operators": sorted({opco.operator.slug for opco in row.opcos}),
                "platforms": [platform.slug for platform in row.platforms],
            }
            for row in figures.footprint
        ]

    def get_footprint(self, bloc: Bloc) -> list[dict]:
        """The members' countries, each with the members there and the platforms they run."""
        return CountrySerializer(self._footprint(self._figures()), many=True).data

    def get_platforms(self, bloc: Bloc) -> list[dict]:
        rows = [
            {
                "platform": row.platform.slug,
                "operators": [operator.slug for operator in row.operators],
                "countries": [country.code for country in row.countries],
            }
            for row in self._figures().platforms
        ]
        return PlatformUseSerializer(rows, many=True).data


class ProposeSerializer(serializers.Serializer):
    name = serializers.CharField(min_length=NAME_MIN_LENGTH, max_length=120)
    purpose = serializers.CharField(max_length=5000)
    focus_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), required=False, default=list
    )
    # A list field, which refuses an object (a many=True related field reads an object's keys).
    invite = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="slug", queryset=Operator.objects.current()),
        required=False,
        default=list,
        help_text="Slugs of the operators to invite at once.",
    )


class InviteSerializer(serializers.Serializer):
    operator = serializers.SlugRelatedField(
        slug_field="slug", queryset=Operator.objects.current(), help_text="Slug of the operator."
    )


class DissolveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
