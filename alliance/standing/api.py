"""API of contribution standing: an operator's standing detail (its own people and staff) and the
admins' pruning actions (staff with two-factor), through the same services as the pages. Refusals
are `alliance.errors`, answered by the project's DRF exception handler."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from alliance.api_errors import DomainErrorSerializer
from alliance.models import Operator
from alliance.permissions import IsAllianceMember, staff_lacks_two_factor
from alliance.standing.actions import apply_action
from alliance.standing.figures import standing_of
from alliance.standing.serializers import StandingActionSerializer, StandingSerializer


class IsStaffWithTwoFactor(BasePermission):
    message = "Only alliance admins with two-factor authentication may change standing."

    def has_permission(self, request: Request, view) -> bool:
        user = request.user
        return bool(user.is_authenticated and user.is_staff and not staff_lacks_two_factor(user))


@extend_schema_view(
    list=extend_schema(summary="Standing of the operators you may see in detail"),
    retrieve=extend_schema(summary="An operator's standing and what it must do to stay active"),
)
class StandingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff see every operator's standing; members see their own operator's only (others 404)."""

    serializer_class = StandingSerializer
    permission_classes = [IsAllianceMember]
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Operator]:
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Operator.objects.none()
        if user.is_staff:
            return Operator.objects.all()
        return Operator.objects.filter(pk=user.active_membership.operator_id)

    def get_object(self):
        return standing_of(super().get_object())

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        now = timezone.now()
        data = self.get_serializer([standing_of(op, now=now) for op in page], many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Extend grace, exempt, suspend, remove or reinstate operators (staff)",
        request=StandingActionSerializer,
        responses={
            200: StandingSerializer(many=True),
            403: DomainErrorSerializer,
            409: DomainErrorSerializer,
        },
    )
    @action(detail=False, methods=["post"], permission_classes=[IsStaffWithTwoFactor])
    def actions(self, request: Request) -> Response:
        serializer = StandingActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        apply_action(by=request.user, **data)
        standings = [standing_of(op) for op in data["operators"]]
        return Response(StandingSerializer(standings, many=True).data, status=status.HTTP_200_OK)


def register(router) -> None:
    router.register("standing", StandingViewSet, basename="standing")
