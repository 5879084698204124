"""/api/v1/blocs: every member (and staff) lists and reads blocs; managers propose one, invite,
accept, decline and leave; staff dissolve — through the same QuerySet (`Bloc.objects.visible_to`)
and services as the pages. Refusals are `alliance.errors`, answered by the one exception handler."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from alliance.api_errors import DomainErrorSerializer
from alliance.blocs import services
from alliance.blocs.figures import figures_of
from alliance.blocs.serializers import (
    BlocDetailSerializer,
    BlocSerializer,
    DissolveSerializer,
    InviteSerializer,
    ProposeSerializer,
)
from alliance.models import Bloc, BlocMembership


def _refusals(forbidden: str, conflict: str) -> dict:
    return {
        400: OpenApiResponse(description="Invalid input: `{field: [message]}`."),
        403: OpenApiResponse(DomainErrorSerializer, description=forbidden),
        409: OpenApiResponse(DomainErrorSerializer, description=conflict),
    }


MANAGERS_ONLY = "Not a manager of an operator that may act here (or the operator is suspended)."
DISSOLVED = "The bloc was dissolved, or its state forbids it (already member, invited...)."


@extend_schema_view(
    list=extend_schema(summary="Blocs of the alliance (every member sees them)"),
    retrieve=extend_schema(
        summary="A bloc: members, combined footprint and platforms",
        responses=BlocDetailSerializer,
    ),
)
class BlocViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BlocSerializer
    lookup_field = "slug"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Bloc]:
        memberships = BlocMembership.objects.select_related("operator")
        return (
            Bloc.objects.visible_to(self.request.user)
            .select_related("proposed_by_operator")
            .prefetch_related(Prefetch("memberships", memberships))
            .order_by("name")
        )

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return self._detail(self.get_object())

    def _detail(self, bloc: Bloc, code: int = status.HTTP_200_OK) -> Response:
        bloc = self.get_queryset().get(pk=bloc.pk)  # fresh, with its memberships
        context = {**self.get_serializer_context(), "figures": figures_of(bloc)}
        return Response(BlocDetailSerializer(bloc, context=context).data, status=code)

    @extend_schema(
        summary="Propose a bloc (your operator is its first member)",
        request=ProposeSerializer,
        responses={201: BlocDetailSerializer, **_refusals(MANAGERS_ONLY, DISSOLVED)},
    )
    def create(self, request: Request) -> Response:
        serializer = ProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        bloc = services.propose_bloc(by=request.user, **serializer.validated_data)
        return self._detail(bloc, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Invite an operator (managers of the bloc's members)",
        request=InviteSerializer,
        responses={200: BlocDetailSerializer, **_refusals(MANAGERS_ONLY, DISSOLVED)},
    )
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, slug: str | None = None) -> Response:
        bloc = self.get_object()
        serializer = InviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.invite_operator(
            bloc=bloc, operator=serializer.validated_data["operator"], by=request.user
        )
        return self._detail(bloc)

    @extend_schema(
        summary="Accept your operator's invitation (its managers)",
        request=None,
        responses={200: BlocDetailSerializer, **_refusals(MANAGERS_ONLY, DISSOLVED)},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, slug: str | None = None) -> Response:
        bloc = self.get_object()
        services.accept_invitation(bloc=bloc, by=request.user)
        return self._detail(bloc)

    @extend_schema(
        summary="Decline your operator's invitation (its managers)",
        request=None,
        responses={200: BlocDetailSerializer, **_refusals(MANAGERS_ONLY, DISSOLVED)},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, slug: str | None = None) -> Response:
        bloc = self.get_object()
        services.decline_invitation(bloc=bloc, by=request.user)
        return self._detail(bloc)

    @extend_schema(
        summary="Make your operator leave the bloc (its managers)",
        request=None,
        responses={200: BlocDetailSerializer, **_refusals(MANAGERS_ONLY, DISSOLVED)},
    )
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, slug: str | None = None) -> Response:
        bloc = self.get_object()
        services.leave_bloc(bloc=bloc, by=request.user)
        return self._detail(bloc)

    @extend_schema(
        summary="Dissolve the bloc, saying why (staff)",
        request=DissolveSerializer,
        responses={
            200: BlocDetailSerializer,
            **_refusals("Only the alliance admins may dissolve a bloc.", "Already dissolved."),
        },
    )
    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, slug: str | None = None) -> Response:
        bloc = self.get_object()
        serializer = DissolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.dissolve_bloc(bloc=bloc, by=request.user, **serializer.validated_data)
        return self._detail(bloc)


def register(router) -> None:
    router.register("blocs", BlocViewSet, basename="bloc")
