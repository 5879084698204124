"""API of the membership app: operators, opcos and the signed-in user (`me`).

The same rules as the web pages: what a user may see is `Operator.objects.visible_to(user)` (the
rest answers 404); what they may change is `require_may_edit` (an operator they can see but not
change answers 403 with the same sentence as on the web); writes go through alliance.services,
whose refusals (`alliance.errors`) the project's DRF exception handler answers.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from alliance import services
from alliance.filters import OpcoFilter, OperatorFilter
from alliance.models import Opco, Operator
from alliance.permissions import IsAllianceMember, require_may_edit
from alliance.serializers import (
    MeSerializer,
    OpcoSerializer,
    OperatorProfileSerializer,
    OperatorSerializer,
)


class CanEditOperatorOrReadOnly(BasePermission):
    """Writes to an operator, or to one of its opcos, are for its managers and staff: others are
    refused by `require_may_edit`, with its reason."""

    def has_object_permission(self, request: Request, view, obj) -> bool:
        if request.method not in SAFE_METHODS:
            require_may_edit(request.user, obj if isinstance(obj, Operator) else obj.operator)
        return True


@extend_schema_view(
    list=extend_schema(summary="List the member operators"),
    retrieve=extend_schema(summary="An operator's profile, footprint and opcos"),
    partial_update=extend_schema(
        summary="Change an operator's profile (its managers and staff)",
        request=OperatorProfileSerializer,
        responses=OperatorSerializer,
    ),
)
class OperatorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OperatorSerializer
    permission_classes = [IsAllianceMember, CanEditOperatorOrReadOnly]
    filterset_class = OperatorFilter
    ordering_fields = ["name", "joined_on", "hq_country"]
    ordering = ["name"]
    lookup_field = "slug"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Operator]:
        return (
            Operator.objects.visible_to(self.request.user)
            .with_footprint()
            .prefetch_related("email_domains")
        )

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        operator = self.get_object()
        serializer = OperatorProfileSerializer(operator, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        email_domains = fields.pop("email_domains", None)
        services.update_operator_profile(
            operator=operator, by=request.user, email_domains=email_domains, **fields
        )
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(summary="List the opcos of the member operators"),
    retrieve=extend_schema(summary="One opco"),
    create=extend_schema(summary="Add an opco to your operator (managers and staff)"),
    update=extend_schema(summary="Change an opco (managers of its operator and staff)"),
    partial_update=extend_schema(summary="Change an opco (managers of its operator and staff)"),
    destroy=extend_schema(summary="Remove an opco (managers of its operator and staff)"),
)
class OpcoViewSet(viewsets.ModelViewSet):
    serializer_class = OpcoSerializer
    permission_classes = [IsAllianceMember, CanEditOperatorOrReadOnly]
    filterset_class = OpcoFilter
    ordering_fields = ["country", "brand_name", "operator__name"]
    ordering = ["operator__name", "country"]

    def get_queryset(self) -> QuerySet[Opco]:
        return Opco.objects.filter(
            operator__in=Operator.objects.visible_to(self.request.user)
        ).select_related("operator")

    def perform_create(self, serializer: OpcoSerializer) -> None:
        operator = serializer.validated_data["operator"]
        require_may_edit(self.request.user, operator)
        serializer.instance = services.create_opco(
            operator=operator,
            country=serializer.validated_data["country"],
            brand_name=serializer.validated_data["brand_name"],
            by=self.request.user,
        )

    def perform_update(self, serializer: OpcoSerializer) -> None:
        fields = {
            name: value
            for name, value in serializer.validated_data.items()
            if name in ("country", "brand_name")
        }
        serializer.instance = services.update_opco(
            opco=serializer.instance, by=self.request.user, **fields
        )

    def perform_destroy(self, instance: Opco) -> None:
        services.delete_opco(opco=instance, by=self.request.user)


class MeViewSet(viewsets.GenericViewSet):
    """The signed-in user: open to any signed-in user, so that someone whose membership is still
    pending can see that it is."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None
    filter_backends: list = []

    @extend_schema(summary="The signed-in user, their membership, role and operator")
    def list(self, request: Request) -> Response:
        return Response(self.get_serializer(request.user).data, status=status.HTTP_200_OK)


def register(router) -> None:
    router.register("operators", OperatorViewSet, basename="operator")
    router.register("opcos", OpcoViewSet, basename="opco")
    router.register("me", MeViewSet, basename="me")
