"""API of the partners app: /api/v1/partners and /api/v1/introductions.

Same rules as the pages: reads go through `Partner.objects.visible_to(user)` and
`Introduction.objects.visible_to(user)` (the rest answers 404), writes through partners.services,
whose refusals (`alliance.errors`) the project's exception handler answers: 403 not allowed,
409 conflict, 400 invalid.

An introduction lists the deals logged from it that the caller may see (`deals`, ids); a deal
names its introduction (`introduction`, in /api/v1/deals/). An introduction leads to a deal by
logging the deal with it (POST /api/v1/deals/ with `introduction`), not by an action of its own.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from alliance.params import parse_id, parse_token
from partners import services
from partners.filters import IntroductionFilter, PartnerFilter
from partners.models import Introduction, Partner
from partners.serializers import (
    IntroductionAnswerSerializer,
    IntroductionCreateSerializer,
    IntroductionDeclineSerializer,
    IntroductionSerializer,
    IntroductionUpdateSerializer,
    PartnerDeclineSerializer,
    PartnerJsonWriteSerializer,
    PartnerSerializer,
    PartnerSponsorSerializer,
    PartnerWriteSerializer,
)

# A partner's profile as JSON, or as multipart with its pitch deck.
WRITE_BODIES = {
    "application/json": PartnerJsonWriteSerializer,
    "multipart/form-data": PartnerWriteSerializer,
}


@extend_schema_view(
    list=extend_schema(summary="List partners (filter by category, country, status, sponsor)"),
    retrieve=extend_schema(summary="A partner's profile, countries and sponsors"),
    create=extend_schema(
        summary="Submit a partner application on a startup's behalf",
        request=WRITE_BODIES,
        responses={201: PartnerSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a partner's profile (its sponsors and staff)",
        request=WRITE_BODIES,
        responses=PartnerSerializer,
    ),
)
class PartnerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    ordering_fields = ["name", "created_at", "category"]
    ordering = ["name"]
    lookup_field = "slug"
    http_method_names = ["get", "post", "patch", "head", "options"]
    # A new partner may come with its pitch deck (a PDF): JSON, or multipart with the file.
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self) -> QuerySet[Partner]:
        return (
            Partner.objects.visible_to(self.request.user)
            .for_listing()
            .select_related("works_with", "duplicate_of")
        )

    def get_object(self) -> Partner:
        partner = get_object_or_404(self.get_queryset(), slug=parse_token(self.kwargs["slug"]))
        self.check_object_permissions(self.request, partner)
        return partner

    def get_serializer_class(self):
        if self.action in ("create", "partial_update", "update"):
            return PartnerWriteSerializer
        return PartnerSerializer

    def _detail(self, partner: Partner, status_code: int = status.HTTP_200_OK) -> Response:
        partner = self.get_queryset().get(pk=partner.pk)
        return Response(PartnerSerializer(partner).data, status=status_code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = PartnerWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        partner = services.submit_application(
            **serializer.validated_data, submitted_by=request.user
        )
        return self._detail(partner, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        partner = self.get_object()
        serializer = PartnerWriteSerializer(
            partner, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        countries = changes.pop("countries", None)
        services.update_partner(
            partner=partner, by=request.user, changes=changes, countries=countries
        )
        return self._detail(partner)

    @extend_schema(
        summary="Take up an application for review (applied → under_review)",
        request=None,
        responses=PartnerSerializer,
    )
    @action(detail=True, methods=["post"])
    def start_review(self, request: Request, slug: str) -> Response:
        partner = self.get_object()
        services.start_review(partner=partner, by=request.user)
        return self._detail(partner)

    @extend_schema(
        summary="Sponsor the partner on behalf of your operator (it becomes active)",
        request=PartnerSponsorSerializer,
        responses=PartnerSerializer,
    )
    @action(detail=True, methods=["post"])
    def sponsor(self, request: Request, slug: str) -> Response:
        partner = self.get_object()
        serializer = PartnerSponsorSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.sponsor_partner(
            partner=partner,
            by=request.user,
            pitch=serializer.validated_data["pitch"],
            suggested_countries=serializer.validated_data.get("suggested_countries", []),
        )
        return self._detail(partner)

    @extend_schema(
        summary="Decline an application with a reason (admins)",
        request=PartnerDeclineSerializer,
        responses=PartnerSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, slug: str) -> Response:
        partner = self.get_object()
        serializer = PartnerDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.decline_application(
            partner=partner, by=request.user, reason=serializer.validated_data["reason"]
        )
        return self._detail(partner)


@extend_schema_view(
    list=extend_schema(summary="List introductions (box=received|sent for your operator's)"),
    retrieve=extend_schema(summary="An introduction"),
    create=extend_schema(
        summary="Introduce an active partner to another member",
        request=IntroductionCreateSerializer,
        responses={201: IntroductionSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an unanswered introduction (the introducing operator)",
        request=IntroductionUpdateSerializer,
        responses=IntroductionSerializer,
    ),
)
class IntroductionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = IntroductionSerializer
    filterset_class = IntroductionFilter
    ordering_fields = ["created_at", "response_due_on", "status"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Introduction]:
        user = self.request.user
        return Introduction.objects.visible_to(user).for_listing().with_deals_for(user)

    def get_object(self) -> Introduction:
        introduction = get_object_or_404(self.get_queryset(), pk=parse_id(self.kwargs["pk"]))
        self.check_object_permissions(self.request, introduction)
        return introduction

    def get_serializer_class(self):
        if self.action == "create":
            return IntroductionCreateSerializer
        if self.action in ("partial_update", "update"):
            return IntroductionUpdateSerializer
        if self.action in ("accept", "decline"):
            return IntroductionAnswerSerializer
        return IntroductionSerializer

    def _detail(self, introduction: Introduction, code: int = status.HTTP_200_OK) -> Response:
        introduction = self.get_queryset().get(pk=introduction.pk)
        return Response(IntroductionSerializer(introduction).data, status=code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = IntroductionCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        introduction = services.introduce_partner(
            partner=data["partner"],
            by=request.user,
            to_operator=data["to_operator"],
            countries=data["countries"],
            pitch=data["pitch"],
            response_due_on=data.get("response_due_on"),
        )
        return self._detail(introduction, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        introduction = self.get_object()
        serializer = IntroductionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_introduction(
            introduction=introduction, by=request.user, **serializer.validated_data
        )
        return self._detail(introduction)

    @extend_schema(
        summary="Accept the introduction (the recipient operator)",
        request=IntroductionAnswerSerializer,
        responses=IntroductionSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._answer(request, accept=True)

    @extend_schema(
        summary="Decline the introduction with a reason (the recipient operator)",
        request=IntroductionDeclineSerializer,
        responses=IntroductionSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return self._answer(request, accept=False)

    def _answer(self, request: Request, *, accept: bool) -> Response:
        """The recipient's answer, for both actions (the service requires a reason to decline)."""
        introduction = self.get_object()
        serializer = IntroductionAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.answer_introduction(
            introduction=introduction,
            by=request.user,
            accept=accept,
            reason=serializer.validated_data["reason"],
        )
        return self._detail(introduction)

    @extend_schema(
        summary="Record that the partner and the recipient met (either operator)",
        request=None,
        responses=IntroductionSerializer,
    )
    @action(detail=True, methods=["post"])
    def met(self, request: Request, pk: str) -> Response:
        introduction = self.get_object()
        services.mark_introduction_met(introduction=introduction, by=request.user)
        return self._detail(introduction)


def register(router) -> None:
    router.register("partners", PartnerViewSet, basename="partner")
    router.register("introductions", IntroductionViewSet, basename="introduction")
