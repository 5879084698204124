"""/api/v1/deals: the same visibility (Deal.objects.visible_to), field rule (deals.presenters) and
services as the web pages; stage moves and declines are actions."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from alliance.api_errors import DomainErrorSerializer
from deals.filters import DealFilter
from deals.models import Deal, Stage
from deals.serializers import DealSerializer, DeclineSerializer, MoveSerializer
from deals.services import log_deal, move_deal, update_deal


def _writes(ok: int) -> dict:
    """The responses of a write: the deal, or a refusal of the services (alliance.errors)."""
    return {
        ok: DealSerializer,
        400: OpenApiResponse(
            description="Invalid input, `{field: [message]}`: e.g. a country outside your "
            "footprint, or a `bloc` your operator is not an active member of."
        ),
        403: OpenApiResponse(DomainErrorSerializer, description="You may not change this deal."),
        409: OpenApiResponse(DomainErrorSerializer, description="The deal's state forbids it."),
    }


@extend_schema_view(
    list=extend_schema(summary="Deals you may see (summary deals reduced to four fields)"),
    retrieve=extend_schema(summary="One deal, as much of it as you may see"),
    create=extend_schema(summary="Log a deal for your operator", responses=_writes(201)),
    partial_update=extend_schema(
        summary="Change your operator's deal (not its stage)", responses=_writes(200)
    ),
)
class DealViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DealSerializer
    filterset_class = DealFilter
    ordering_fields = ["id", "country", "stage", "partner__name", "operator__name"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Deal]:
        return Deal.objects.visible_to(self.request.user).for_listing()

    def perform_create(self, serializer: DealSerializer) -> None:
        values = dict(serializer.validated_data)
        serializer.instance = log_deal(by=self.request.user, values=values)

    def update(self, request: Request, *args, **kwargs) -> Response:
        deal = self.get_object()
        serializer = self.get_serializer(deal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        update_deal(deal=deal, by=request.user, values=dict(serializer.validated_data))
        return Response(self.get_serializer(deal).data)

    def _move(self, request: Request, **kwargs) -> Response:
        deal = self.get_object()
        move_deal(deal=deal, by=request.user, **kwargs)
        return Response(self.get_serializer(deal).data, status=status.HTTP_200_OK)

    @extend_schema(
        summary="Move your deal to another stage", request=MoveSerializer, responses=_writes(200)
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._move(request, to_stage=data["stage"], on=data.get("on"))

    @extend_schema(
        summary="Decline your deal, with a reason",
        request=DeclineSerializer,
        responses=_writes(200),
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._move(request, to_stage=Stage.DECLINED, **serializer.validated_data)


def register(router) -> None:
    router.register("deals", DealViewSet, basename="deal")
