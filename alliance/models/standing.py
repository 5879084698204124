"""Contribution standing: consumption counters, the inactivity policy, flags and exemptions."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from alliance.models.ledger import Contribution
from alliance.text import possessive


class Consumption(models.Model):
    """How many times one operator's people viewed another operator's deals or lessons on one day.

    One counter row per viewer operator × owner operator × kind × day, incremented with F(), so
    that reading the portal costs one UPDATE and the table grows with days, not with views."""

    class Kind(models.TextChoices):
        # Values are the viewed model's label, so the ledger can map a target to its kind.
        DEAL = "deals.deal", "Deal views"
        LESSON = "lessons.lesson", "Lesson views"

    viewer = models.ForeignKey(
        "alliance.Operator", on_delete=models.CASCADE, related_name="consumption"
    )
    owner = models.ForeignKey("alliance.Operator", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["viewer", "owner", "kind", "day"], name="consumption_one_row_per_day"
            ),
            models.CheckConstraint(
                condition=~Q(viewer=F("owner")), name="consumption_of_others_only"
            ),
        ]
        indexes = [
            # The pruning page sums each operator's views within the policy window.
            models.Index(fields=["viewer", "day"], name="consumption_viewer_day_idx"),
        ]

    def __str__(self) -> str:
        owner = possessive(self.owner)
        return f"{self.viewer} viewed {self.views} of {owner} {self.kind} on {self.day}"


def default_weights() -> dict[str, int]:
    """Every kind of contribution counts once unless an admin says otherwise."""
    return {kind: 1 for kind in Contribution.Kind.values}


class InactivityPolicy(models.Model):
    """The one current inactivity policy (a single row), edited by admins; changes are audited."""

    SINGLETON_ID = 1

    window_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text="How far back the job looks for contributions.",
    )
    minimum_contributions = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="Weighted contributions an operator needs within the window to stay active.",
    )
    grace_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Days a flagged operator has to contribute before admins review it.",
    )
    weights = models.JSONField(
        default=default_weights,
        help_text="Weight of each kind of contribution; 0 means the kind does not count.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "inactivity policy"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="inactivity_policy_single_row"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.minimum_contributions} contribution(s) in {self.window_days} days, "
            f"{self.grace_days} days of grace"
        )

    @classmethod
    def current(cls) -> InactivityPolicy:
        policy, _ = cls.objects.get_or_create(pk=cls.SINGLETON_ID)
        return policy

    def weight_of(self, kind: str) -> int:
        return int(self.weights.get(kind, 0))

    @property
    def counted_kinds(self) -> dict[str, int]:
        """{kind: weight} for the kinds that count (weight above zero), in the order of
        `Contribution.Kind` (a JSON column may return its keys in another order)."""
        weights = {kind: int(self.weights.get(kind, 0)) for kind in Contribution.Kind.values}
        return {kind: weight for kind, weight in weights.items() if weight > 0}

    @staticmethod
    def check_weights(weights: dict) -> None:
        """Raise ValidationError unless `weights` gives known kinds of contribution a whole
        number from 0 to 100 each, and at least one of them more than 0."""
        unknown = set(weights) - set(Contribution.Kind.values)
        if unknown:
            raise ValidationError(f"Unknown contribution kinds: {sorted(unknown)}.")
        if any(not isinstance(w, int) or not 0 <= w <= 100 for w in weights.values()):
            raise ValidationError("Each weight must be a whole number from 0 to 100.")
        if not any(weights.values()):
            raise ValidationError("At least one kind of contribution must count.")

    def clean(self) -> None:
        try:
            self.check_weights(self.weights)
        except ValidationError as error:
            raise ValidationError({"weights": error.messages}) from error


class StandingFlagQuerySet(models.QuerySet["StandingFlag"]):
    def unresolved(self) -> StandingFlagQuerySet:
        return self.filter(status__in=StandingFlag.UNRESOLVED)


class StandingFlag(models.Model):
    """An operator found below the policy's threshold, with the figures that put it there."""

    class Status(models.TextChoices):
        IN_GRACE = "in_grace", "In grace period"
        DUE_FOR_REVIEW = "due_for_review", "Due for review"
        CLEARED = "cleared", "Cleared: contributed again"
        CLOSED = "closed", "Closed by an admin"

    UNRESOLVED = (Status.IN_GRACE, Status.DUE_FOR_REVIEW)

    operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.CASCADE, related_name="standing_flags"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_GRACE)
    flagged_on = models.DateField()
    grace_until = models.DateField()
    score = models.PositiveIntegerField(help_text="Weighted contributions within the window.")
    contribution_count = models.PositiveIntegerField()
    required = models.PositiveIntegerField()
    window_days = models.PositiveSmallIntegerField()
    last_contribution_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=200, blank=True)

    objects = StandingFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-flagged_on", "-pk"]
        constraints = [
            # Idempotence and concurrency: at most one unresolved flag per operator, whatever runs.
            models.UniqueConstraint(
                fields=["operator"],
                condition=Q(status__in=["in_grace", "due_for_review"]),
                name="standing_flag_one_unresolved_per_operator",
            ),
        ]
        indexes = [
            # The job moves flags whose grace has passed; the pruning page lists unresolved flags.
            models.Index(fields=["status", "grace_until"], name="standing_flag_status_grace_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operator} flagged on {self.flagged_on} ({self.get_status_display()})"

    @property
    def shortfall(self) -> int:
        return max(self.required - self.score, 0)


class ExemptionQuerySet(models.QuerySet["Exemption"]):
    def in_force(self, on: date) -> ExemptionQuerySet:
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class Exemption(models.Model):
    """An admin's decision that an operator is not flagged for a period, with the reason why."""

    operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.CASCADE, related_name="exemptions"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.TextField(max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExemptionQuerySet.as_manager()

    class Meta:
        ordering = ["-ends_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="exemption_ends_after_start"
            ),
        ]
        indexes = [
            # The job skips operators with an exemption in force today.
            models.Index(fields=["operator", "ends_on"], name="exemption_operator_ends_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operator} exempt {self.starts_on} – {self.ends_on}"
