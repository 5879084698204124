"""API of the partners app: /api/v1/partners and /api/v1/introductions.

Same rules as the pages: reads go through `Partner.objects.visible_to(user)` and
`Introduction.objects.visible_to(user)` (the rest answers 404), writes through partners.services.
A service's refusal becomes 403 when the user may not act (`NotAllowed`) and 409 when the object's
state does not allow it (`PartnerActionError`), with the reason in `detail`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from partners import services
from partners.filters import IntroductionFilter, PartnerFilter
from partners.models import Introduction, Partner
from partners.serializers import (
    IntroductionAcceptSerializer,
    IntroductionCreateSerializer,
    IntroductionDeclineSerializer,
    IntroductionSerializer,
    IntroductionUpdateSerializer,
    PartnerDeclineSerializer,
    PartnerSerializer,
    PartnerSponsorSerializer,
    PartnerWriteSerializer,
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This cannot be done in the object's current state."
    default_code = "conflict"


def call_service(service: Callable[[], object]):
    """Run a service, turning its refusals into API errors."""
    try:
        return service()
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except services.PartnerActionError as error:
        raise Conflict(str(error)) from error


@extend_schema_view(
    list=extend_schema(summary="List partners (filter by category, country, status, sponsor)"),
    retrieve=extend_schema(summary="A partner's profile, countries and sponsors"),
    create=extend_schema(
        summary="Submit a partner application on a startup's behalf",
        request=PartnerWriteSerializer,
        responses={201: PartnerSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a partner's profile (its sponsors and staff)",
        request=PartnerWriteSerializer,
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

    def get_queryset(self) -> QuerySet[Partner]:
        return (
            Partner.objects.visible_to(self.request.user)
            .for_listing()
            .select_related("works_with", "duplicate_of")
        )

    def get_serializer_class(self):
        if self.action in ("create", "partial_update", "update"):
            return PartnerWriteSerializer
        return PartnerSerializer

    def _detail(self, partner: Partner, status_code: int = status.HTTP_200_OK) -> Response:
        partner = self.get_queryset().get(pk=partner.pk)
        return Response(PartnerSerializer(partner).data, status=status_code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        call_service(lambda: services.acting_operator(request.user))
        serializer = PartnerWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        partner = services.submit_application(
            name=data["name"],
            website=data["website"],
            category=data["category"],
            description=data["description"],
            hq_country=data["hq_country"],
            countries=data["countries"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            works_with=data.get("works_with"),
            pitch_deck=data.get("pitch_deck"),
            submitted_by=request.user,
        )
        return self._detail(partner, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        partner = self.get_object()
        serializer = PartnerWriteSerializer(
            partner, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        countries = data.pop("countries", None)
        changes = {name: data.pop(name) for name in services.PROFILE_FIELDS if name in data}
        if data:
            raise Conflict(f"These fields are set only when applying: {', '.join(sorted(data))}.")
        call_service(
            lambda: services.update_partner(
                partner=partner, by=request.user, changes=changes, countries=countries
            )
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
        call_service(lambda: services.start_review(partner=partner, by=request.user))
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
        call_service(
            lambda: services.sponsor_partner(
                partner=partner,
                by=request.user,
                pitch=serializer.validated_data["pitch"],
                suggested_countries=serializer.validated_data.get("suggested_countries", []),
            )
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
        call_service(
            lambda: services.decline_application(
                partner=partner, by=request.user, reason=serializer.validated_data["reason"]
            )
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
        return Introduction.objects.visible_to(self.request.user).for_listing()

    def get_serializer_class(self):
        if self.action == "create":
            return IntroductionCreateSerializer
        if self.action in ("partial_update", "update"):
            return IntroductionUpdateSerializer
        if self.action == "accept":
            return IntroductionAcceptSerializer
        if self.action == "decline":
            return IntroductionDeclineSerializer
        return IntroductionSerializer

    def _detail(self, introduction: Introduction, code: int = status.HTTP_200_OK) -> Response:
        introduction = self.get_queryset().get(pk=introduction.pk)
        return Response(IntroductionSerializer(introduction).data, status=code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = IntroductionCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        introduction = call_service(
            lambda: services.introduce_partner(
                partner=data["partner"],
                by=request.user,
                to_operator=data["to_operator"],
                countries=data["countries"],
                pitch=data["pitch"],
                response_due_on=data.get("response_due_on"),
            )
        )
        return self._detail(introduction, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        introduction = self.get_object()
        serializer = IntroductionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        call_service(
            lambda: services.update_introduction(
                introduction=introduction, by=request.user, **serializer.validated_data
            )
        )
        return self._detail(introduction)

    @extend_schema(
        summary="Accept the introduction (the recipient operator)",
        request=IntroductionAcceptSerializer,
        responses=IntroductionSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._answer(request, IntroductionAcceptSerializer, accept=True)

    @extend_schema(
        summary="Decline the introduction with a reason (the recipient operator)",
        request=IntroductionDeclineSerializer,
        responses=IntroductionSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return self._answer(request, IntroductionDeclineSerializer, accept=False)

    def _answer(self, request: Request, serializer_class, *, accept: bool) -> Response:
        """The recipient's answer, for both actions (only a decline requires a reason)."""
        introduction = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        call_service(
            lambda: services.answer_introduction(
                introduction=introduction,
                by=request.user,
                accept=accept,
                reason=serializer.validated_data["reason"],
            )
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
        call_service(
            lambda: services.mark_introduction_met(introduction=introduction, by=request.user)
        )
        return self._detail(introduction)

    @extend_schema(
        summary="Record that the introduction led to a deal (either operator)",
        request=None,
        responses=IntroductionSerializer,
    )
    @action(detail=True, methods=["post"])
    def deal(self, request: Request, pk: str) -> Response:
        introduction = self.get_object()
        call_service(
            lambda: services.mark_introduction_deal(introduction=introduction, by=request.user)
        )
        return self._detail(introduction)


def register(router) -> None:
    router.register("partners", PartnerViewSet, basename="partner")
    router.register("introductions", IntroductionViewSet, basename="introduction")
