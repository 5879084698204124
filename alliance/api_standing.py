"""API of contribution standing: an operator's standing detail (its own people and staff) and the
admins' pruning actions (staff with two-factor), through the same services as the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from alliance.models import Operator
from alliance.permissions import IsAllianceMember, staff_lacks_two_factor
from alliance.standing import Action, StandingError, apply_action
from alliance.standing_figures import standing_of


class IsStaffWithTwoFactor(BasePermission):
    message = "Only alliance admins with two-factor authentication may change standing."

    def has_permission(self, request: Request, view) -> bool:
        user = request.user
        return bool(user.is_authenticated and user.is_staff and not staff_lacks_two_factor(user))


class StandingSerializer(serializers.Serializer):
    """Where an operator stands and what it must do to stay active."""

    operator = serializers.CharField(source="operator.slug", help_text="The operator's slug.")
    status = serializers.CharField()
    label = serializers.CharField()
    score = serializers.IntegerField(help_text="Weighted contributions within the window.")
    required = serializers.IntegerField(source="policy.minimum_contributions")
    window_days = serializers.IntegerField(source="policy.window_days")
    needed = serializers.IntegerField(help_text="Contributions needed before the deadline.")
    deadline = serializers.DateField(allow_null=True)
    grace_until = serializers.DateField(source="flag.grace_until", allow_null=True, default=None)
    exempt_until = serializers.DateField(source="exemption.ends_on", allow_null=True, default=None)
    advice = serializers.CharField()


class StandingActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Action.choices)
    operators = serializers.SlugRelatedField(
        slug_field="slug", queryset=Operator.objects.all(), many=True, allow_empty=False
    )
    reason = serializers.CharField(max_length=2000)
    days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    until = serializers.DateField(required=False)

    def validate(self, data: dict) -> dict:
        if data["action"] == Action.EXTEND_GRACE and "days" not in data:
            raise ValidationError({"days": ["Say by how many days to extend the grace period."]})
        if data["action"] == Action.EXEMPT:
            if "until" not in data:
                raise ValidationError({"until": ["Say until when the exemption lasts."]})
            if data["until"] < timezone.localdate():
                raise ValidationError({"until": ["An exemption must end today or later."]})
        return data


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
        responses=StandingSerializer(many=True),
    )
    @action(detail=False, methods=["post"], permission_classes=[IsStaffWithTwoFactor])
    def actions(self, request: Request) -> Response:
        serializer = StandingActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            apply_action(by=request.user, **data)
        except StandingError as error:
            raise ValidationError({"non_field_errors": error.messages}) from error
        standings = [standing_of(Operator.objects.get(pk=op.pk)) for op in data["operators"]]
        return Response(StandingSerializer(standings, many=True).data, status=status.HTTP_200_OK)


def register(router) -> None:
    router.register("standing", StandingViewSet, basename="standing")


class StandingBriefSerializer(serializers.Serializer):
    """The standing every member may read of every operator (`/api/v1/operators/{slug}`); the
    detail — figures, deadline, advice — is at /api/v1/standing/{slug}/ for its own people."""

    status = serializers.CharField()
    label = serializers.CharField(source="get_status_display")
    former_member = serializers.BooleanField(source="is_former_member")
