"""API of M2M/IoT capabilities: the platform catalogue (read; staff keep it in the admin), each
opco's platforms and services (read; changed by its operator's managers and staff), and the
coverage finder. The same rules as the pages: `Operator.objects.visible_to` for what is seen,
`alliance.m2m` for every write, `alliance.finder` for the answer; refusals propagate as domain
errors to the one exception handler."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import path
from django_countries.django_filters import CountryFilter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from alliance import m2m
from alliance.api_errors import DomainErrorSerializer
from alliance.finder import FinderResult, PlanView, find_coverage
from alliance.finder_input import parse_country_list
from alliance.models import M2MService, Opco, OpcoPlatform, Operator, Platform
from alliance.params import parse_id
from alliance.permissions import IsAllianceMember
from alliance.regions import Region


# --- Serializers ----------------------------------------------------------------------------------
class PlatformSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        help_text="Slug of the operator whose own platform this is; null for a vendor's.",
    )
    is_own = serializers.BooleanField(read_only=True, help_text="An operator's own platform.")

    class Meta:
        model = Platform
        fields = ["id", "slug", "name", "vendor", "description", "owner", "is_own"]
        read_only_fields = fields


class OpcoCapabilitiesSerializer(serializers.ModelSerializer):
    """An opco's platforms (by slug) and M2M services; a write replaces each list it gives."""

    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    platforms = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Platform.objects.all(), required=False
    )
    services = serializers.ListField(
        child=serializers.ChoiceField(M2MService.choices),
        max_length=len(M2MService.choices),
        required=False,
    )

    class Meta:
        model = Opco
        fields = ["id", "operator", "country", "brand_name", "platforms", "services"]
        read_only_fields = ["id", "operator", "country", "brand_name"]

    def to_representation(self, opco: Opco) -> dict:
        return {
            "id": opco.pk,
            "operator": opco.operator.slug,
            "country": opco.country.code,
            "brand_name": opco.brand_name,
            "platforms": sorted(link.platform.slug for link in opco.platform_links.all()),
            "services": [
                value
                for value in M2MService.values
                if value in {s.service for s in opco.m2m_services.all()}
            ],
        }


class FinderQuerySerializer(serializers.Serializer):
    """The question, from the query string; countries parsed as on the page."""

    # An empty entry is skipped, like an empty line in the page's box.
    countries = serializers.ListField(
        child=serializers.CharField(max_length=30_000, allow_blank=True), default=list
    )
    region = serializers.ListField(child=serializers.ChoiceField(Region.choices), default=list)
    platform = serializers.SlugRelatedField(
        slug_field="slug", queryset=Platform.objects.all(), required=False, allow_null=True
    )
    service = serializers.ChoiceField(
        M2MService.choices, required=False, allow_null=True, allow_blank=True
    )

    def validate(self, data: dict) -> dict:
        parsed = parse_country_list("\n".join(data["countries"]), regions=data["region"])
        if parsed.errors:
            raise serializers.ValidationError({"countries": list(parsed.errors)})
        if not parsed.codes:
            raise serializers.ValidationError(
                {"countries": ["Give the countries your customer needs, or a region."]}
            )
        data["codes"] = parsed.codes
        return data


class FinderOpcoSerializer(serializers.Serializer):
    operator = serializers.CharField(help_text="The operator's slug.")
    operator_name = serializers.CharField()
    brand_name = serializers.CharField()
    platforms = serializers.ListField(child=serializers.CharField(), help_text="Platform slugs.")
    services = serializers.ListField(child=serializers.ChoiceField(M2MService.choices))
    proposed = serializers.BooleanField(help_text="Its operator serves this country in the plan.")


class FinderCountrySerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166 alpha-2 code.")
    name = serializers.CharField()
    proposed = serializers.CharField(allow_null=True, help_text="Slug of the proposed operator.")
    opcos = FinderOpcoSerializer(many=True)


class FinderPlanOperatorSerializer(serializers.Serializer):
    operator = serializers.CharField(help_text="The operator's slug.")
    name = serializers.CharField()
    countries = serializers.ListField(child=serializers.CharField())


class FinderPlanSerializer(serializers.Serializer):
    platform = serializers.CharField(
        allow_null=True, help_text="Slug of the one platform every chosen opco runs, if so."
    )
    operators = FinderPlanOperatorSerializer(many=True)


class FinderPlatformReachSerializer(serializers.Serializer):
    platform = serializers.CharField()
    countries = serializers.IntegerField(help_text="How many requested countries it reaches.")


class FinderAnswerSerializer(serializers.Serializer):
    countries = serializers.ListField(child=serializers.CharField(), help_text="As understood.")
    platform = serializers.CharField(allow_null=True)
    service = serializers.CharField(allow_null=True)
    uncovered = serializers.ListField(child=serializers.CharField())
    proposal = FinderPlanSerializer(help_text="The recommended plan.")
    one_platform_preferred = serializers.BooleanField(
        help_text="The proposal runs one platform though a plan on several platforms exists."
    )
    smallest = FinderPlanSerializer(help_text="The fewest operators, on any platforms.")
    platform_reach = FinderPlatformReachSerializer(many=True)
    by_country = FinderCountrySerializer(many=True)


def _plan_data(plan: PlanView) -> dict:
    return {
        "platform": plan.platform.slug if plan.platform else None,
        "operators": [
            {
                "operator": operator.slug,
                "name": operator.name,
                "countries": [country.code for country in countries],
            }
            for operator, countries in plan.items()
        ],
    }


def answer_data(result: FinderResult) -> dict:
    return {
        "countries": list(result.answer.countries),
        "platform": result.platform.slug if result.platform else None,
        "service": result.service,
        "uncovered": list(result.answer.uncovered),
        "proposal": _plan_data(result.recommended),
        "one_platform_preferred": result.prefers_one_platform,
        "smallest": _plan_data(result.mixed),
        "platform_reach": [
            {"platform": platform.slug, "countries": count}
            for platform, count in result.platform_reach
        ],
        "by_country": [
            {
                "country": row.country.code,
                "name": row.country.name,
                "proposed": row.proposed.slug if row.proposed else None,
                "opcos": [
                    {
                        "operator": offer.operator.slug,
                        "operator_name": offer.operator.name,
                        "brand_name": offer.brand_name,
                        "platforms": [platform.slug for platform in offer.platforms],
                        "services": list(offer.services),
                        "proposed": offer.proposed,
                    }
                    for offer in row.offers
                ],
            }
            for row in result.rows
        ],
    }


# --- Views ----------------------------------------------------------------------------------------
class OpcoCapabilitiesFilter(django_filters.FilterSet):
    operator = django_filters.CharFilter(
        field_name="operator__slug", max_length=120, label="The owning operator's slug"
    )
    country = CountryFilter()
    platform = django_filters.CharFilter(
        field_name="platform_links__platform__slug", max_length=120, label="Runs this platform"
    )
    service = django_filters.ChoiceFilter(
        field_name="m2m_services__service", choices=M2MService.choices, label="Offers this service"
    )

    class Meta:
        model = Opco
        fields = ["operator", "country", "platform", "service"]


@extend_schema_view(
    list=extend_schema(summary="The catalogue of M2M/IoT platforms"),
    retrieve=extend_schema(summary="One platform of the catalogue"),
)
class PlatformViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlatformSerializer
    permission_classes = [IsAllianceMember]
    lookup_field = "slug"
    ordering_fields = ["name", "vendor"]
    ordering = ["name"]
    filterset_fields = ["vendor"]

    def get_queryset(self) -> QuerySet[Platform]:
        return Platform.objects.visible_to(self.request.user).select_related("owner")


@extend_schema_view(
    list=extend_schema(summary="Each opco's M2M/IoT platforms and services"),
    retrieve=extend_schema(summary="One opco's M2M/IoT platforms and services"),
    update=extend_schema(
        summary="Replace an opco's platforms and services (its operator's managers and staff)",
        responses={200: OpcoCapabilitiesSerializer, 403: DomainErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an opco's platforms or services (its operator's managers and staff)",
        responses={200: OpcoCapabilitiesSerializer, 403: DomainErrorSerializer},
    ),
)
class OpcoCapabilitiesViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OpcoCapabilitiesSerializer
    permission_classes = [IsAllianceMember]
    filterset_class = OpcoCapabilitiesFilter
    ordering_fields = ["country", "brand_name", "operator__name"]
    ordering = ["operator__name", "country"]

    def get_queryset(self) -> QuerySet[Opco]:
        return (
            Opco.objects.filter(operator__in=Operator.objects.visible_to(self.request.user))
            .select_related("operator")
            .prefetch_related(
                Prefetch(
                    "platform_links", queryset=OpcoPlatform.objects.select_related("platform")
                ),
                "m2m_services",
            )
            .distinct()
        )

    def get_object(self) -> Opco:
        # An id no opco could have ("²", 20 digits) is "not found", never a database error.
        if parse_id(self.kwargs[self.lookup_field]) is None:
            raise Http404
        return super().get_object()

    def perform_update(self, serializer: OpcoCapabilitiesSerializer) -> None:
        opco = serializer.instance
        data = serializer.validated_data
        m2m.set_opco_m2m(
            opco=opco,
            platforms=data.get("platforms", [link.platform for link in opco.platform_links.all()]),
            services=data.get("services", [s.service for s in opco.m2m_services.all()]),
            by=self.request.user,
        )
        serializer.instance = self.get_queryset().get(pk=opco.pk)


class CoverageFinderView(GenericAPIView):
    """One answer to one question, not a collection: a plain view beside the router's."""

    permission_classes = [IsAllianceMember]
    serializer_class = FinderAnswerSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        summary="Which members' opcos can serve a customer's countries, and the fewest operators",
        description=(
            "Countries are names or ISO codes, separated by commas or new lines (or repeat the "
            "parameter); `region` adds whole regions. Only operators that may take part today "
            "count (active or at risk; not suspended or removed). The proposal is the smallest "
            "set of operators found, preferring one platform across all of them when that takes "
            "at most one operator more."
        ),
        parameters=[
            OpenApiParameter("countries", OpenApiTypes.STR, many=True, description="e.g. DE,FR"),
            OpenApiParameter("region", OpenApiTypes.STR, many=True, enum=Region.values),
            OpenApiParameter("platform", OpenApiTypes.STR, description="A platform's slug."),
            OpenApiParameter("service", OpenApiTypes.STR, enum=M2MService.values),
        ],
        responses={
            200: FinderAnswerSerializer,
            400: OpenApiResponse(
                description="An entry that names no country, or no country at all, e.g. "
                '`{"countries": ["\'Atlantis\' is not a country we know."]}`.'
            ),
            403: DomainErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        query = FinderQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        result = find_coverage(
            countries=data["codes"],
            platform=data.get("platform"),
            service=data.get("service") or None,
        )
        return Response(answer_data(result))


def register(router) -> None:
    router.register("platforms", PlatformViewSet, basename="platform")
    router.register("opco-capabilities", OpcoCapabilitiesViewSet, basename="opco-capabilities")


urlpatterns = [
    path("coverage-finder/", CoverageFinderView.as_view(), name="coverage-finder"),
]
