"""Cross-border programmes, their per-country participations (each with its SLA) and the monthly
SLA reports. Imported by `deals.models`, so they are models of the deals app.

Who sees a programme (`Programme.objects.visible_to(user)`, the one rule of every surface):
- the people of its lead operator, and of every operator invited to it or taking part in it
  (an invitation declined or withdrawn takes the operator out again);
- the members of its bloc, if it has one (the bloc exists to integrate more tightly);
- staff, who run the alliance: they see what a member of its bloc would see, no more.
Everyone else — other members, people without a membership, anonymous visitors — sees nothing,
not even that it exists. Which fields each of them sees is `deals.programmes.access`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from alliance.errors import Conflict, NotAllowed
from alliance.models.blocs import active_bloc_ids
from alliance.text import country_names

# How long an invited operator has to answer, unless the lead says otherwise.
INVITATION_RESPONSE_DAYS = 14
# The bounds of an SLA's terms (a target of 100 % is no target: nothing ever meets it).
MIN_AVAILABILITY_TARGET = Decimal("90")
MAX_AVAILABILITY_TARGET = Decimal("99.999")
MAX_RESPONSE_HOURS = 168


def passes(check, *args) -> bool:
    """Whether `check(*args)` lets it through: the pages offer a button by it (a refusal of the
    domain reads as False), the services call the check itself."""
    try:
        check(*args)
    except (NotAllowed, Conflict):
        return False
    return True


def default_response_due() -> date:
    return timezone.localdate() + timedelta(days=INVITATION_RESPONSE_DAYS)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    """The first day of the month before `day`'s month."""
    return first_of_month(first_of_month(day) - timedelta(days=1))


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible_to(self, user) -> ProgrammeQuerySet:
        """Programmes `user` may know exist (see the module docstring for the rule)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        membership = user.active_membership
        if membership is None:
            return self.none()
        taking_part = Participation.objects.current().filter(operator_id=membership.operator_id)
        return self.filter(
            Q(lead_id=membership.operator_id)
            | Q(pk__in=taking_part.values("programme_id"))
            | Q(bloc_id__in=active_bloc_ids(user))
        )

    def active(self) -> ProgrammeQuerySet:
        return self.filter(status=Programme.Status.ACTIVE)


class Programme(models.Model):
    """One partner or customer served across many countries, led by one operator."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    lead = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="programmes_led"
    )
    name = models.CharField(max_length=160)
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text="The partner served in every country; each country's deal is with it.",
    )
    customer = models.CharField(
        max_length=160, blank=True, help_text="The customer served, if it is not a partner."
    )
    description = models.TextField(max_length=3000, blank=True)
    bloc = models.ForeignKey(
        "alliance.Bloc",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
        help_text="Its members see the programme too.",
    )
    countries = models.JSONField(default=list, help_text="Country codes the programme covers.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | ~Q(customer=""),
                name="programme_serves_partner_or_customer",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "closed"]), name="programme_known_status"
            ),
            models.UniqueConstraint(fields=["lead", "name"], name="programme_name_once_per_lead"),
        ]
        indexes = [
            # The list shows the user's operator's programmes; visible_to filters on the lead.
            models.Index(fields=["lead", "status"], name="programme_lead_status_idx"),
            # A bloc's page lists its programmes.
            models.Index(fields=["bloc", "status"], name="programme_bloc_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (led by {self.lead.name})"

    def get_absolute_url(self) -> str:
        return reverse("deals:programme", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def serves(self) -> str:
        """Whom it serves, as a person says it: "Mojio for EuroFleet", "Mojio", "EuroFleet"."""
        if self.partner_id and self.customer:
            return f"{self.partner.name} for {self.customer}"
        return self.partner.name if self.partner_id else self.customer

    @property
    def country_names(self) -> list[str]:
        return country_names(self.countries)

    def check_managed_by(self, operator) -> None:
        """Only the lead's people manage the programme (invite, withdraw, edit, close), and only
        while it is active."""
        if operator is None or operator.pk != self.lead_id:
            raise NotAllowed(f"Only {self.lead.name}'s people manage this programme.")
        if not self.is_active:
            raise Conflict("This programme is closed: nothing in it can change any more.")

    def is_managed_by(self, operator) -> bool:
        return passes(self.check_managed_by, operator)


class ParticipationQuerySet(models.QuerySet["Participation"]):
    def visible_to(self, user) -> ParticipationQuerySet:
        """The participations of the programmes `user` sees."""
        return self.filter(programme__in=Programme.objects.visible_to(user))

    def current(self) -> ParticipationQuerySet:
        """Invited or taking part: those that hold their country."""
        return self.filter(status__in=Participation.CURRENT_STATUSES)

    def accepted(self) -> ParticipationQuerySet:
        return self.filter(status=Participation.Status.ACCEPTED)


class Participation(models.Model):
    """One operator in one country of a programme: invited (with a due date), then accepted or
    declined (with a reason); the lead may withdraw it. It carries the SLA and links to the
    participant's ordinary deal for the programme's partner in that country."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Taking part"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    CURRENT_STATUSES = (Status.INVITED, Status.ACCEPTED)
    # The SLA's terms, set by the lead; the participant's operational fields, set by it.
    TERMS_FIELDS = ("availability_target", "support_response_hours", "permanent_roaming_allowed")
    OPERATIONS_FIELDS = ("escalation_name", "escalation_email", "escalation_phone", "platform")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    country = CountryField()
    operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="programme_participations"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INVITED)
    response_due_on = models.DateField(default=default_response_due)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_reason = models.TextField(max_length=2000, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.TextField(max_length=2000, blank=True)
    deal = models.ForeignKey(
        "deals.Deal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_participations",
        help_text="The participant's deal for the programme's partner in this country.",
    )
    # The SLA.
    availability_target = models.DecimalField(
        "availability target (%)",
        max_digits=6,
        decimal_places=3,
        help_text=f"Monthly availability, from {MIN_AVAILABILITY_TARGET} to "
        f"{MAX_AVAILABILITY_TARGET} %.",
    )
    support_response_hours = models.PositiveSmallIntegerField(
        "support response time (hours)",
        help_text=f"How soon support answers a ticket, 1 to {MAX_RESPONSE_HOURS} hours.",
    )
    permanent_roaming_allowed = models.BooleanField(
        default=False, help_text="The customer's devices may roam in this country permanently."
    )
    platform = models.ForeignKey(
        "alliance.Platform",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_participations",
        help_text="The connectivity platform the participant's opco uses for the programme.",
    )
    escalation_name = models.CharField("escalation contact", max_length=120, blank=True)
    escalation_email = models.EmailField("escalation email", blank=True)
    escalation_phone = models.CharField("escalation phone", max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "country", "-invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "country"],
                condition=Q(status__in=["invited", "accepted"]),
                # The last guard: the services say it first, in words.
                name="participation_one_per_country",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["invited", "accepted", "declined", "withdrawn"]),
                name="participation_known_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(answer_reason=""),
                name="participation_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(availability_target__gte=MIN_AVAILABILITY_TARGET)
                & Q(availability_target__lte=MAX_AVAILABILITY_TARGET),
                name="participation_availability_target_bounds",
            ),
            models.CheckConstraint(
                condition=Q(support_response_hours__gte=1)
                & Q(support_response_hours__lte=MAX_RESPONSE_HOURS),
                name="participation_response_hours_bounds",
            ),
        ]
        indexes = [
            # visible_to() asks which programmes an operator is invited to or takes part in.
            models.Index(fields=["operator", "status"], name="participation_op_status_idx"),
            # The reminder job walks accepted participations.
            models.Index(fields=["status", "answered_at"], name="participation_status_ans_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}: {self.country.name}"

    def get_absolute_url(self) -> str:
        return reverse("deals:participation", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT_STATUSES

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.INVITED and self.response_due_on < timezone.localdate()

    @property
    def state(self) -> str:
        """The invitation's state as the grid shows it ("overdue" is an invitation past due)."""
        return "overdue" if self.is_overdue else self.status

    @property
    def state_label(self) -> str:
        return "Overdue" if self.is_overdue else self.get_status_display()

    @property
    def has_escalation_contact(self) -> bool:
        return bool(self.escalation_name and (self.escalation_email or self.escalation_phone))

    def check_answerable_by(self, operator) -> None:
        """Only the invited operator answers, while the invitation is open and not past due."""
        if operator is None or operator.pk != self.operator_id:
            raise NotAllowed(f"Only {self.operator.name}'s people may answer this invitation.")
        if not self.programme.is_active:
            raise Conflict("This programme is closed: its invitations can no longer be answered.")
        if self.status != self.Status.INVITED:
            raise Conflict(
                f"This invitation is {self.get_status_display().lower()}: "
                "it can no longer be answered."
            )
        if self.is_overdue:
            raise Conflict(
                f"This invitation was due for an answer on {self.response_due_on:%d %B %Y}."
            )

    def can_be_answered_by(self, operator) -> bool:
        return passes(self.check_answerable_by, operator)

    def check_run_by(self, operator) -> None:
        """Only the participant's people report on it, link its deal and keep its contact and
        platform, while it takes part in an active programme."""
        if operator is None or operator.pk != self.operator_id:
            raise NotAllowed(
                f"Only {self.operator.name}'s people report on and run its part of the programme."
            )
        if not self.programme.is_active:
            raise Conflict("This programme is closed: nothing in it can change any more.")
        if not self.is_accepted:
            raise Conflict(
                f"{self.operator.name} does not take part in {self.country.name} "
                f"({self.state_label.lower()})."
            )

    def is_run_by(self, operator) -> bool:
        return passes(self.check_run_by, operator)


class SLAReportQuerySet(models.QuerySet["SLAReport"]):
    def visible_to(self, user) -> SLAReportQuerySet:
        """The reports of the programmes `user` sees."""
        return self.filter(participation__programme__in=Programme.objects.visible_to(user))

    def breaches(self) -> SLAReportQuerySet:
        """Reports whose availability fell below the target in force when they were filed."""
        return self.filter(availability__lt=models.F("target"))


class SLAReport(models.Model):
    """A participant's figures for one month of one participation (one report per month)."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="reports"
    )
    month = models.DateField(help_text="The first day of the month reported on.")
    availability = models.DecimalField("availability achieved (%)", max_digits=6, decimal_places=3)
    incidents = models.PositiveIntegerField()
    mttr_hours = models.DecimalField("mean time to restore (hours)", max_digits=7, decimal_places=2)
    target = models.DecimalField(
        "availability target (%)",
        max_digits=6,
        decimal_places=3,
        help_text="The SLA's target when the report was filed: a later change of the target "
        "does not rewrite whether a past month was a breach.",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)

    objects = SLAReportQuerySet.as_manager()

    class Meta:
        ordering = ["participation", "-month"]
        verbose_name = "SLA report"
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "month"], name="sla_report_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(availability__gte=0) & Q(availability__lte=100),
                name="sla_report_availability_percent",
            ),
            models.CheckConstraint(condition=Q(mttr_hours__gte=0), name="sla_report_mttr_positive"),
            models.CheckConstraint(condition=Q(month__day=1), name="sla_report_month_first_day"),
        ]
        indexes = [
            # The programme page reads the latest reports; the job looks for a month's report.
            models.Index(fields=["month", "participation"], name="sla_report_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participation}: {self.month:%B %Y}"

    @property
    def is_breach(self) -> bool:
        return self.availability < self.target


class SLAReminder(models.Model):
    """The reminder job's record of the reminder it sent for one participation's missing report
    of one month: a second run finds it and sends nothing."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="reminders"
    )
    month = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "participation"]
        verbose_name = "SLA reminder"
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "month"], name="sla_reminder_one_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.participation}: {self.month:%B %Y}"
