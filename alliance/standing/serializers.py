"""API representations of standing: an operator's standing and what it must do, the brief every
member reads on an operator's profile, and the shape of an admin action (checked by the services
in alliance/standing/actions.py)."""

from __future__ import annotations

from rest_framework import serializers

from alliance.models import Operator
from alliance.standing.actions import Action


class CountedKindSerializer(serializers.Serializer):
    label = serializers.CharField()
    weight = serializers.IntegerField()

    def to_representation(self, instance: tuple[str, int]) -> dict:
        label, weight = instance
        return {"label": label, "weight": weight}


class StandingSerializer(serializers.Serializer):
    """Where an operator stands and what it must do to stay active."""

    operator = serializers.CharField(source="operator.slug", help_text="The operator's slug.")
    status = serializers.CharField()
    label = serializers.CharField()
    score = serializers.IntegerField(help_text="Weighted contributions within the window.")
    required = serializers.IntegerField(source="policy.minimum_contributions")
    window_days = serializers.IntegerField(source="policy.window_days")
    needed = serializers.IntegerField(help_text="Contributions needed before the deadline.")
    deadline = serializers.DateField()
    judged = serializers.BooleanField(
        help_text="False for a new or reinstated member before its first check: not flagged yet."
    )
    first_check_on = serializers.DateField(
        help_text="One whole window after it joined or was reinstated: its first check."
    )
    counted = CountedKindSerializer(
        many=True, help_text="What counts as a contribution, and its weight."
    )
    grace_until = serializers.DateField(source="flag.grace_until", allow_null=True, default=None)
    exempt_until = serializers.DateField(source="exemption.ends_on", allow_null=True, default=None)
    advice = serializers.CharField()


class StandingActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Action.choices)
    # A list field, which refuses an object (a many=True related field reads an object's keys).
    operators = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="slug", queryset=Operator.objects.all()),
        allow_empty=False,
    )
    reason = serializers.CharField(max_length=2000)
    days = serializers.IntegerField(required=False)
    until = serializers.DateField(required=False)


class StandingBriefSerializer(serializers.Serializer):
    """The standing every member may read of every operator (`/api/v1/operators/{slug}`); the
    detail — figures, deadline, advice — is at /api/v1/standing/{slug}/ for its own people."""

    status = serializers.CharField()
    label = serializers.CharField(source="get_status_display")
    former_member = serializers.BooleanField(source="is_former_member")
