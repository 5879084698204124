"""Operators, their opcos and the people who belong to them."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django_countries.fields import CountryField

from alliance.choices import Category
from alliance.country_names import country_name


def country_sort_key(country) -> str:
    """A country's name in the active language, for sorting."""
    return country_name(country.code)


def new_token() -> str:
    """An unguessable URL-safe token for links sent by email."""
    return secrets.token_urlsafe(32)


class OperatorQuerySet(models.QuerySet["Operator"]):
    def current(self) -> OperatorQuerySet:
        """Operators that are members of the alliance today (not removed)."""
        return self.exclude(status=Operator.Status.REMOVED)

    def contributing(self) -> OperatorQuerySet:
        """Operators that may write (`Operator.can_contribute` as a filter): active or flagged."""
        return self.filter(status__in=Operator.CONTRIBUTING_STATUSES)

    def visible_to(self, user) -> OperatorQuerySet:
        """Operators a user may see: every current member for members; all of them for staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        if user.active_membership is None:
            return self.none()
        return self.current()

    def editable_by(self, user) -> OperatorQuerySet:
        """Operators whose profile, opcos and team a user may change: managers of it while it may
        contribute (a suspended operator is read-only), and staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        membership = user.active_membership
        if (
            membership is None
            or not membership.is_manager
            or not membership.operator.can_contribute
        ):
            return self.none()
        return self.filter(pk=membership.operator_id)

    def with_footprint(self) -> OperatorQuerySet:
        return self.prefetch_related(
            models.Prefetch("opcos", queryset=Opco.objects.order_by("country"))
        )


class Operator(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        FLAGGED = "flagged", "At risk"
        SUSPENDED = "suspended", "Suspended"
        REMOVED = "removed", "Removed"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    hq_country = CountryField("HQ country")
    website = models.URLField(max_length=300, blank=True)
    objectives = models.TextField(
        max_length=5000, blank=True, help_text="What your operator wants from the alliance."
    )
    focus_categories = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(default=timezone.localdate)
    reinstated_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last time admins reinstated it after a suspension or removal.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # An operator at risk (flagged) still contributes: contributing is how it clears the flag.
    CONTRIBUTING_STATUSES = (Status.ACTIVE, Status.FLAGGED)

    objects = OperatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # The directory and the inactivity job filter operators by status.
            models.Index(fields=["status"], name="operator_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("alliance:operator", args=[self.slug])

    @property
    def is_current_member(self) -> bool:
        return self.status != self.Status.REMOVED

    @property
    def is_former_member(self) -> bool:
        return self.status == self.Status.REMOVED

    @property
    def display_name(self) -> str:
        """Shown beside its contributions: a removed operator reads "BT (former member)"."""
        return f"{self.name} (former member)" if self.is_former_member else self.name

    @property
    def can_contribute(self) -> bool:
        """Suspended and removed operators may read (suspended) but not write."""
        return self.status in self.CONTRIBUTING_STATUSES

    @property
    def standing_since(self) -> date:
        """The day its current membership began: when it joined or, later, was reinstated."""
        if self.reinstated_on is not None and self.reinstated_on > self.joined_on:
            return self.reinstated_on
        return self.joined_on

    def first_check_on(self, window_days: int) -> date:
        """The first day the inactivity rule judges it: one whole window after `standing_since`.
        Until then a new or reinstated member is never flagged (the job, the dry run, the pages
        and the API all ask this method)."""
        return self.standing_since + timedelta(days=window_days)

    def is_judged_on(self, day: date, window_days: int) -> bool:
        return self.first_check_on(window_days) <= day

    @property
    def footprint(self) -> list:
        """The countries of the operator's opcos (uses prefetched opcos when present)."""
        return sorted({opco.country for opco in self.opcos.all()}, key=country_sort_key)

    def get_focus_categories_display(self) -> list[str]:
        labels = dict(Category.choices)
        return [labels.get(value, value) for value in self.focus_categories]


class Opco(models.Model):
    """An operating company of an operator in one country."""

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="opcos")
    country = CountryField()
    brand_name = models.CharField(max_length=120)

    class Meta:
        ordering = ["operator__name", "country"]
        constraints = [
            models.UniqueConstraint(fields=["operator", "country"], name="opco_one_per_country"),
        ]
        indexes = [
            # Country pages and the coverage matrix look up opcos by country.
            models.Index(fields=["country"], name="opco_country_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.brand_name} ({self.country.name})"


class OperatorEmailDomain(models.Model):
    """An email domain whose owners may sign up and ask to join the operator."""

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs) -> None:
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def approved(self) -> MembershipQuerySet:
        """Approved memberships of active user accounts, whatever their operator's standing: the
        people told of decisions about that standing (suspension, removal, reinstatement)."""
        return self.filter(status=Membership.Status.ACTIVE, user__is_active=True)

    def managers(self) -> MembershipQuerySet:
        return self.filter(role=Membership.Role.MANAGER)

    def active(self) -> MembershipQuerySet:
        """Approved memberships of active user accounts in operators that may write: the people
        who receive an operator's mail and act for it."""
        return self.approved().filter(operator__status__in=Operator.CONTRIBUTING_STATUSES)

    def active_managers(self) -> MembershipQuerySet:
        return self.active().managers()


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        MANAGER = "manager", "Manager"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting approval"
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Deactivated"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["operator__name", "user__email"]
        indexes = [
            # Team pages list an operator's people by status; mails go to its managers.
            models.Index(fields=["operator", "status", "role"], name="membership_op_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.operator}"

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE and self.operator.is_current_member


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Neither accepted nor revoked (perhaps expired): listed on the team page, replaced by a
        new invitation to the same address."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self) -> InvitationQuerySet:
        """Open and not expired: its link still works."""
        return self.open().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(
        max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.operator}"

    def get_absolute_url(self) -> str:
        return reverse("alliance:accept_invitation", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @cached_property
    def approved_application(self) -> OperatorApplication | None:
        """The approved application of the invitation's operator when this invitation is to its
        contact (its first manager, invited on approval); else None."""
        return OperatorApplication.objects.filter(
            operator_id=self.operator_id,
            status=OperatorApplication.Status.APPROVED,
            contact_email__iexact=self.email,
        ).first()

    @cached_property
    def invitee_name(self) -> tuple[str, str]:
        """(first name, last name) of the invited person, as far as the alliance knows it: the
        name given on the operator's application for its contact, split at the first space
        ("Ana de la Cruz" → "Ana", "de la Cruz"); else empty."""
        application = self.approved_application
        first, _, last = (application.contact_name if application else "").strip().partition(" ")
        return first, last.strip()

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        return "expired" if self.is_expired else "pending"


class OperatorApplication(models.Model):
    """An operator's request to join the alliance, reviewed by admins."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    name = models.CharField("operator name", max_length=120)
    website = models.URLField(max_length=300)
    hq_country = CountryField("HQ country")
    footprint = models.JSONField(
        default=list, help_text="Country codes where the operator has opcos."
    )
    objectives = models.TextField(max_length=5000)
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    contact_role = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    operator = models.OneToOneField(
        Operator, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The admins' review queue lists pending applications, newest first.
            models.Index(fields=["status", "-created_at"], name="opapp_status_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"
