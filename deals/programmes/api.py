"""/api/v1/programmes, /api/v1/participations and /api/v1/sla-reports: the same visibility
(`visible_to`), field rule (`deals.programmes.access`) and services as the pages. Refusals of the
services propagate as domain errors to the one exception handler (403, 409, 400)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from alliance.api_errors import DomainErrorSerializer
from deals.programmes import services, sla
from deals.programmes.grid import for_listing
from deals.programmes.models import Participation, Programme, SLAReport
from deals.programmes.serializers import (
    AnswerSerializer,
    LinkDealSerializer,
    NewDealSerializer,
    ParticipationSerializer,
    ProgrammeSerializer,
    ReasonSerializer,
    SLAReportSerializer,
)


def _writes(ok: int, serializer, what: str) -> dict:
    """The responses of a write: the object, or a refusal of the services (alliance.errors)."""
    return {
        ok: serializer,
        400: OpenApiResponse(description="Invalid input: `{field: [message]}` or a detail."),
        403: OpenApiResponse(DomainErrorSerializer, description=f"You may not {what}."),
        409: OpenApiResponse(
            DomainErrorSerializer, description="The programme's current state forbids it."
        ),
    }


@extend_schema_view(
    list=extend_schema(summary="Programmes you see: led by, or inviting, your operator or bloc"),
    retrieve=extend_schema(summary="One programme you see"),
    create=extend_schema(
        summary="Start a programme (your operator leads it)",
        responses=_writes(201, ProgrammeSerializer, "start a programme"),
    ),
    partial_update=extend_schema(
        summary="Change the programme you lead (not its partner)",
        responses=_writes(200, ProgrammeSerializer, "manage this programme"),
    ),
)
class ProgrammeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProgrammeSerializer
    filterset_fields = ["status"]
    ordering_fields = ["id", "name", "created_at"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Programme]:
        return for_listing(Programme.objects.visible_to(self.request.user))

    def perform_create(self, serializer: ProgrammeSerializer) -> None:
        programme = services.start_programme(by=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=programme.pk)

    def update(self, request: Request, *args, **kwargs) -> Response:
        programme = self.get_object()
        serializer = self.get_serializer(programme, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_programme(programme=programme, by=request.user, values=values)
        return Response(self.get_serializer(self.get_queryset().get(pk=programme.pk)).data)

    @extend_schema(
        summary="Close the programme you lead",
        request=None,
        responses=_writes(200, ProgrammeSerializer, "manage this programme"),
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        programme = services.close_programme(programme=self.get_object(), by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=programme.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Participations of the programmes you see"),
    retrieve=extend_schema(summary="One participation, as much of it as you may see"),
    create=extend_schema(
        summary="Invite an operator for a country (the lead)",
        responses=_writes(201, ParticipationSerializer, "manage this programme"),
    ),
    partial_update=extend_schema(
        summary="Change the SLA: terms (the lead) or escalation contact and platform (the "
        "participant)",
        responses=_writes(200, ParticipationSerializer, "change this part of the SLA"),
    ),
)
class ParticipationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ParticipationSerializer
    filterset_fields = ["programme", "status", "country"]
    ordering_fields = ["id", "country"]
    ordering = ["programme_id", "country", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Participation]:
        return (
            Participation.objects.visible_to(self.request.user)
            .select_related("programme__lead", "programme__partner", "operator", "platform")
            .prefetch_related("programme__participations")
        )

    def perform_create(self, serializer: ParticipationSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("platform", None)
        for name in Participation.OPERATIONS_FIELDS:
            data.pop(name, None)
        participation = services.invite_participant(by=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=participation.pk)

    def _answer(self, participation: Participation) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=participation.pk)).data)

    def update(self, request: Request, *args, **kwargs) -> Response:
        participation = self.get_object()
        serializer = self.get_serializer(participation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_sla(participation=participation, by=request.user, values=values)
        return self._answer(participation)

    def _act(self, request: Request, serializer_class, call) -> Response:
        """Check the shape of the action's input, call the service with it, answer the
        participation as it is now."""
        participation = self.get_object()
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        call(participation, serializer)
        return self._answer(participation)

    @extend_schema(
        summary="Accept or decline the invitation (the invited operator)",
        request=AnswerSerializer,
        responses=_writes(200, ParticipationSerializer, "answer this invitation"),
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        def call(participation: Participation, serializer: AnswerSerializer) -> None:
            data = serializer.validated_data
            accept = data["decision"] == "accept"
            services.answer_invitation(
                participation=participation,
                by=request.user,
                accept=accept,
                reason=data["reason"],
                operations=serializer.operations() if accept else {},
                deal=data.get("deal") if accept else None,
            )

        return self._act(request, AnswerSerializer, call)

    @extend_schema(
        summary="Withdraw an invitation or a participant (the lead): frees the country",
        request=ReasonSerializer,
        responses=_writes(200, ParticipationSerializer, "manage this programme"),
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._act(
            request,
            ReasonSerializer,
            lambda participation, serializer: services.withdraw_participation(
                participation=participation,
                by=request.user,
                reason=serializer.validated_data["reason"],
            ),
        )

    @extend_schema(
        summary="Link your open deal for the programme's partner in the country",
        request=LinkDealSerializer,
        responses=_writes(200, ParticipationSerializer, "run this participation"),
    )
    @action(detail=True, methods=["post"], url_path="link-deal")
    def link_deal(self, request: Request, pk: str | None = None) -> Response:
        return self._act(
            request,
            LinkDealSerializer,
            lambda participation, serializer: services.link_deal(
                participation=participation,
                by=request.user,
                deal=serializer.validated_data["deal"],
            ),
        )

    @extend_schema(
        summary="Log your deal for the programme's partner in the country, and link it",
        request=NewDealSerializer,
        responses=_writes(200, ParticipationSerializer, "run this participation"),
    )
    @action(detail=True, methods=["post"], url_path="log-deal")
    def log_deal(self, request: Request, pk: str | None = None) -> Response:
        return self._act(
            request,
            NewDealSerializer,
            lambda participation, serializer: services.log_participation_deal(
                participation=participation,
                by=request.user,
                values=dict(serializer.validated_data),
            ),
        )


@extend_schema_view(
    list=extend_schema(summary="SLA reports of the programmes you see"),
    retrieve=extend_schema(summary="One SLA report"),
    create=extend_schema(
        summary="Report a month's SLA figures (the participant)",
        responses=_writes(201, SLAReportSerializer, "report on this participation"),
    ),
)
class SLAReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SLAReportSerializer
    filterset_fields = ["participation", "month"]
    ordering_fields = ["id", "month"]
    ordering = ["-month", "id"]

    def get_queryset(self) -> QuerySet[SLAReport]:
        return SLAReport.objects.visible_to(self.request.user)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = sla.file_sla_report(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("participations", ParticipationViewSet, basename="participation")
    router.register("sla-reports", SLAReportViewSet, basename="sla-report")
