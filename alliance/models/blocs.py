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

    def shared_with_by(self, operator: Operator) -> BlocQuerySet:
        """The blocs `operator` may share deals and lessons with: active blocs in which it is an
        active member (what the forms offer, and what the services accept)."""
        memberships = BlocMembership.objects.active().filter(operator=operator)
        return self.filter(pk__in=memberships.values("bloc_id"))


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
        """Memberships that count: accepted and not left, in a bloc that is not dissolved, of an
        operator still in the alliance (a suspended one still counts: it reads, it may not
        write; a removed one is out of every bloc)."""
        return self.filter(
            status=BlocMembership.Status.ACTIVE, bloc__status=Bloc.Status.ACTIVE
        ).exclude(operator__status=Operator.Status.REMOVED)

    def invited(self) -> BlocMembershipQuerySet:
        """Open invitations: not answered yet, to a bloc that is not dissolved."""
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
    queryset (a subquery inside a filter, no query of its own). Staff and people without an
    operator are in no bloc: staff never see more of a bloc's items than a member outside it."""
    membership = user.active_membership if user is not None and user.is_authenticated else None
    if membership is None:
        return BlocMembership.objects.none().values_list("bloc_id", flat=True)
    return (
        BlocMembership.objects.active()
        .filter(operator_id=membership.operator_id)
        .values_list("bloc_id", flat=True)
    )


def shared_through_blocs(user) -> Q:
    """The one bloc branch of the `visible_to` rules of deals and lessons, as a filter on rows
    with `bloc` and `operator` fields: rows shared with a bloc in which both the user's operator
    and the row's operator are active members. So an item is no longer shared as soon as its
    operator leaves the bloc, the viewer's operator leaves it, or the bloc is dissolved; nothing
    about the item changes, and its operator's own people still see it as theirs. The caller
    adds its own `visibility="bloc"` condition in front.

    It costs one small query (`bloc_fellows`) and yields literal conditions,
    `(bloc_id = 1 AND operator_id IN (2, 6, 8)) OR ...`: a correlated subquery here made
    PostgreSQL's estimate of a 1,000,000-deal filter so high that it compiled it (JIT) for a
    second on every count."""
    operators_by_bloc: dict[int, list[int]] = {}
    for bloc_id, operator_id in sorted(bloc_fellows(user)):
        operators_by_bloc.setdefault(bloc_id, []).append(operator_id)
    shared = Q(pk__in=[])
    for bloc_id, operator_ids in operators_by_bloc.items():
        shared |= Q(bloc_id=bloc_id, operator_id__in=operator_ids)
    return shared


def bloc_fellows(user) -> frozenset[tuple[int, int]]:
    """(bloc id, operator id) of every active membership in the user's operator's active blocs
    (one query; none for staff and people without an operator): `shared_through_blocs` as
    data, which the deal presenter applies to rows in memory."""
    if user is None or not user.is_authenticated or user.active_membership is None:
        return frozenset()
    return frozenset(
        BlocMembership.objects.active()
        .filter(bloc_id__in=active_bloc_ids(user))
        .values_list("bloc_id", "operator_id")
    )
