"""Contribution standing: consumption counters, the inactivity policy, flags and exemptions."""

from __future__ import annotations

from django.db import models


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
                condition=~models.Q(viewer=models.F("owner")), name="consumption_of_others_only"
            ),
        ]
        indexes = [
            # The pruning page sums each operator's views within the policy window.
            models.Index(fields=["viewer", "day"], name="consumption_viewer_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.viewer} viewed {self.views} of {self.owner}'s {self.kind} on {self.day}"
