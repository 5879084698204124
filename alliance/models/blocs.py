"""Blocs: named groups of member operators that integrate more tightly inside the alliance (e.g. an
M2M bloc of Orange, Deutsche Telekom and TeliaSonera). Written only through alliance.blocs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from alliance.choices import Category

from .operators import Operator


class BlocQuerySet(models.QuerySet["Bloc"]):
    def visible_to(self, user) -> BlocQuerySet:
        """Every member of the alliance and staff see that a bloc exists, its purpose and its
        members (active and dissolved ones alike); what is shared *inside* a bloc (bloc-visible
        deals and lessons) is for its active members only, see `active_bloc_ids`."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff or user.active_membership is not None:
            return self.all()
        return self.none()

    def active(self) -> BlocQuerySet:
        return self.filter(status=Bloc.Status.ACTIVE)


class Bloc(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DISSOLVED = "dissolved", "Dissolved"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    purpose = models.TextField(max_length=5000)
    focus_categories = models.JSONField(default=list, blank=True)
    proposed_by_operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="proposed_blocs"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    dissolved_at = models.DateTimeField(null=True, blank=True)
    dissolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dissolution_reason = models.TextField(max_length=2000, blank=True)

    objects = BlocQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["active", "dissolved"]), name="bloc_known_status"
            ),
            models.CheckConstraint(
                condition=Q(status="dissolved", dissolved_at__isnull=False)
                | Q(status="active", dissolved_at__isnull=True),
                name="bloc_dissolved_iff_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("alliance:bloc", args=[self.slug])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def get_focus_categories_display(self) -> list[str]:
        labels = dict(Category.choices)
        return [labels.get(value, value) for value in self.focus_categories]


class BlocMembershipQuerySet(models.QuerySet["BlocMembership"]):
    def active(self) -> BlocMembershipQuerySet:
        """Memberships that count: accepted, not left, in a bloc that is not dissolved."""
        return self.filter(status=BlocMembership.Status.ACTIVE, bloc__status=Bloc.Status.ACTIVE)

    def invited(self) -> BlocMembershipQuerySet:
        return self.filter(status=BlocMembership.Status.INVITED, bloc__status=Bloc.Status.ACTIVE)


class BlocMembership(models.Model):
    """One operator in one bloc: invited, then active (accepted) or declined, and perhaps left.
    One row per bloc × operator: inviting again after a decline or a departure reuses it."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Member"
        DECLINED = "declined", "Declined"
        LEFT = "left", "Left"

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="memberships")
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="bloc_memberships"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField()
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = BlocMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["bloc__name", "operator__name"]
        constraints = [
            models.UniqueConstraint(fields=["bloc", "operator"], name="blocmembership_once"),
            models.CheckConstraint(
                condition=Q(status__in=["invited", "active", "declined", "left"]),
                name="blocmembership_known_status",
            ),
            models.CheckConstraint(
                condition=Q(status="invited") | Q(responded_at__isnull=False),
                name="blocmembership_answered_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="left") | Q(left_at__isnull=False),
                name="blocmembership_left_dated",
            ),
        ]
        indexes = [
            # Visibility asks, on every deal and lesson list, which blocs an operator is active in.
            models.Index(fields=["operator", "status"], name="blocmembership_op_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operator} in {self.bloc} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE and self.bloc.is_active


def active_bloc_ids(user) -> models.QuerySet:
    """The ids of the active blocs in which the user's operator is an active member, as a lazy
    queryset (usable inside a filter as a subquery, or evaluated). Staff and people without an
    operator are in no bloc: staff never see more of a bloc's items than a member outside it.
    A suspended operator still reads (it is a member that may not write), so its blocs count."""
    membership = user.active_membership if user.is_authenticated else None
    if membership is None:
        return BlocMembership.objects.none().values_list("bloc_id", flat=True)
    return (
        BlocMembership.objects.active()
        .filter(operator_id=membership.operator_id)
        .values_list("bloc_id", flat=True)
    )
