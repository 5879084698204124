"""Partners (startups) of the alliance, their sponsorships by member operators, introductions from
one member to another, and the history of their status changes.

Who may see what:
- `Partner.objects.visible_to(user)`: members see partners that are `applied`, `under_review` or
  `active` (reviewing applications is a member's job, so open applications are visible to every
  member). `declined` and `archived` partners are hidden from members and shown to staff only; an
  applicant follows their own application through the private status link instead.
- `Introduction.objects.visible_to(user)`: an introduction is between two operators. Its pitch,
  status, answer and decline reason are seen by the introducing operator's people, the recipient
  operator's people and staff; other members see at most aggregate counts
  (`IntroductionQuerySet.counts`: "introduced to 4 members, 2 led to a deal"), never which.
  Only the recipient operator answers one (`Introduction.check_answerable_by`).
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries as country_registry
from django_countries.fields import CountryField

from alliance.choices import Category
from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.models.operators import new_token
from alliance.permissions import acting_operator, is_alliance_member

INTRODUCTION_RESPONSE_DAYS = 14
# Reminders go to the recipient this many days before an unanswered introduction expires.
INTRODUCTION_REMINDER_DAYS = 3


_LEGAL_SUFFIXES = {"inc", "ltd", "llc", "gmbh", "sa", "sas", "ag", "bv", "plc", "limited", "corp"}


def normalise_name(name: str) -> str:
    """A company name reduced for duplicate detection: lower case, no punctuation or legal suffix
    ("Family-Wall Ltd." and "familywall" are the same company)."""
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return "".join(words)[:120]


def website_domain(url: str) -> str:
    """The registrable part of a website address, for duplicate detection (no scheme, no www.)."""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host.removeprefix("www.")[:253]


def deck_upload_to(instance: Partner, filename: str) -> str:
    # The applicant's file name is never used: it could be anything, and the folder is not public.
    return f"partners/decks/{new_token()}.pdf"


MAX_DECK_BYTES = 10 * 1024 * 1024
PITCH_DECK_HELP = "PDF, at most 10 MB."


def check_pitch_deck(upload: UploadedFile) -> None:
    """A pitch deck is a PDF by its content, not its name: the file starts with `%PDF-` (a file
    that merely contains it, such as `<html>%PDF-<script>`, is refused), and it is at most 10 MB."""
    if upload.size is not None and upload.size > MAX_DECK_BYTES:
        raise Invalid(
            f"The pitch deck is {upload.size / 1024 / 1024:.1f} MB; the limit is 10 MB.",
            field="pitch_deck",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise Invalid(
            "The pitch deck must be a PDF file; this file is not a PDF.", field="pitch_deck"
        )


# The partner statuses members see; declined and archived partners are for staff only.
MEMBER_VISIBLE_STATUSES = ("applied", "under_review", "active")


def visible_partner(user, *, through: str = "") -> Q:
    """The rule of `PartnerQuerySet.visible_to` as a condition on a partner, or on the partner
    that the lookup `through` ("partner__") reaches from another model: a query of lessons then
    joins their partner instead of asking a subquery per row."""
    if not is_alliance_member(user):
        return Q(pk__in=[]) if not through else Q(**{f"{through}pk__in": []})
    if user.is_staff:
        return Q()
    return Q(**{f"{through}status__in": MEMBER_VISIBLE_STATUSES})


class PartnerQuerySet(models.QuerySet["Partner"]):
    def visible_to(self, user) -> PartnerQuerySet:
        """Partners `user` may see (see the module docstring for the rule)."""
        if not is_alliance_member(user):
            return self.none()
        return self.filter(visible_partner(user))

    def open_applications(self) -> PartnerQuerySet:
        """Applications waiting for a sponsor or a decision: the review queue."""
        return self.filter(status__in=[Partner.Status.APPLIED, Partner.Status.UNDER_REVIEW])

    def active(self) -> PartnerQuerySet:
        return self.filter(status=Partner.Status.ACTIVE)

    def accepting_deals(self) -> PartnerQuerySet:
        """The partners deals may be logged for: `Partner.accepts_deals` as a filter."""
        return self.filter(status=Partner.Status.ACTIVE, duplicate_of__isnull=True)

    def operating_in(self, country: str) -> PartnerQuerySet:
        return self.filter(countries__country=country)

    def sponsored_by(self, operator) -> PartnerQuerySet:
        return self.filter(sponsorships__operator=operator)

    def search(self, text: str) -> PartnerQuerySet:
        return self.filter(Q(name__icontains=text) | Q(description__icontains=text))

    def for_listing(self) -> PartnerQuerySet:
        """Everything a list of partners shows, in a constant number of queries."""
        return self.prefetch_related(
            models.Prefetch("countries", queryset=PartnerCountry.objects.order_by("country")),
            models.Prefetch(
                "sponsorships",
                queryset=Sponsorship.objects.select_related("operator").order_by("created_at"),
            ),
        )


class Partner(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        UNDER_REVIEW = "under_review", "Under review"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        ARCHIVED = "archived", "Archived"

    # What its sponsors and staff may change; the rest is set when applying or by the workflow.
    PROFILE_FIELDS = (
        "name",
        "website",
        "category",
        "hq_country",
        "description",
        "contact_name",
        "contact_email",
    )

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    normalised_name = models.CharField(max_length=120, editable=False)
    website = models.URLField(max_length=300)
    website_domain = models.CharField(max_length=253, editable=False)
    category = models.CharField(max_length=32, choices=Category.choices)
    description = models.TextField(max_length=5000)
    hq_country = CountryField("HQ country")
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    works_with = models.ForeignKey(
        "alliance.Operator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member operator the startup already works with, if any.",
    )
    pitch_deck = models.FileField(upload_to=deck_upload_to, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.APPLIED)
    status_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="An earlier partner with the same website domain or normalised name.",
    )
    decision_reason = models.TextField(max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="partner_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("pk")), name="partner_not_duplicate_of_itself"
            ),
        ]
        indexes = [
            # The directory filters by status and sorts by name.
            models.Index(fields=["status", "name"], name="partner_status_name_idx"),
            # The API's list, by name whatever the status (members see three statuses).
            models.Index(fields=["name", "id"], name="partner_name_idx"),
            # The directory's category filter.
            models.Index(fields=["category", "name"], name="partner_category_name_idx"),
            # The review queue lists open applications, oldest first.
            models.Index(fields=["status", "created_at"], name="partner_status_created_idx"),
            # Duplicate detection looks applications up by website domain and normalised name.
            models.Index(fields=["website_domain"], name="partner_domain_idx"),
            models.Index(fields=["normalised_name"], name="partner_normalised_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Derived lookup keys are kept in step with the fields they derive from.
        self.normalised_name = normalise_name(self.name)
        self.website_domain = website_domain(self.website)
        if not self.slug:
            self.slug = slugify(self.name)[:120] or "partner"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", args=[self.slug])

    def get_status_url(self) -> str:
        return reverse("partners:status", args=[self.status_token])

    @property
    def is_open_application(self) -> bool:
        return self.status in (self.Status.APPLIED, self.Status.UNDER_REVIEW)

    @property
    def accepts_deals(self) -> bool:
        """Deals are logged only for partners in the alliance: sponsored into it by a member (which
        is what makes a partner active) and not a duplicate of another application."""
        return self.status == self.Status.ACTIVE and self.duplicate_of_id is None

    @property
    def can_be_sponsored(self) -> bool:
        """Applications are sponsored into the alliance; active partners may be co-sponsored."""
        return self.is_open_application or self.status == self.Status.ACTIVE

    @property
    def awaits_review(self) -> bool:
        """A new application nobody has taken up for review yet."""
        return self.status == self.Status.APPLIED

    def is_sponsored_by(self, operator) -> bool:
        return any(s.operator_id == operator.pk for s in self.sponsorships.all())

    @property
    def can_be_introduced(self) -> bool:
        """Only partners in the alliance (active) are introduced from one member to another."""
        return self.status == self.Status.ACTIVE

    def check_editable_by(self, user) -> None:
        """Staff, and the people of an operator that sponsors the partner (while it may write),
        edit its profile; anyone else gets `NotAllowed` saying why."""
        if user.is_authenticated and user.is_staff:
            return
        if not self.is_sponsored_by(acting_operator(user)):
            raise NotAllowed("Only its sponsors and alliance admins may edit this partner.")

    def is_editable_by(self, user) -> bool:
        try:
            self.check_editable_by(user)
        except NotAllowed:
            return False
        return True

    @property
    def country_codes(self) -> list[str]:
        return [c.country.code for c in self.countries.all()]


class PartnerCountry(models.Model):
    """A country where a partner already operates.

    A small table rather than a JSON or array column: "partners operating in X" is then a plain
    indexed join that works the same on SQLite and PostgreSQL (a JSON containment lookup is not
    supported on SQLite, and an ArrayField exists only on PostgreSQL).
    """

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="countries")
    country = CountryField()

    class Meta:
        ordering = ["country"]
        verbose_name_plural = "partner countries"
        constraints = [
            models.UniqueConstraint(fields=["partner", "country"], name="partner_country_unique"),
        ]
        indexes = [
            # The directory's country filter finds partners by country.
            models.Index(fields=["country", "partner"], name="partner_country_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} in {self.country.name}"


class Sponsorship(models.Model):
    """A member operator vouching for a partner: why it could work elsewhere, and where."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="sponsorships")
    operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="sponsorships"
    )
    sponsored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    pitch = models.TextField(max_length=5000, help_text="Why it could work at other members.")
    suggested_countries = models.JSONField(
        default=list, blank=True, help_text="Country codes where the sponsor suggests it."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "operator"], name="sponsorship_one_per_operator"
            ),
        ]
        indexes = [
            # The directory's "sponsored by" filter and an operator's sponsored partners.
            models.Index(fields=["operator", "partner"], name="sponsorship_operator_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operator} sponsors {self.partner}"


def default_response_due() -> object:
    return timezone.localdate() + timedelta(days=INTRODUCTION_RESPONSE_DAYS)


class IntroductionQuerySet(models.QuerySet["Introduction"]):
    def visible_to(self, user) -> IntroductionQuerySet:
        """Introductions `user` may read: staff all of them; a member those their operator made
        or received, of partners members may see (see the module docstring)."""
        if not is_alliance_member(user):
            return self.none()
        if user.is_staff:
            return self.all()
        membership = user.active_membership
        return self.filter(
            Q(from_operator_id=membership.operator_id) | Q(to_operator_id=membership.operator_id),
            partner__status__in=MEMBER_VISIBLE_STATUSES,
        )

    def counts(self) -> dict[str, int]:
        """What every member may know of these introductions: how many members they were made to
        and how many led to a deal — never which. Apply it to all of a partner's introductions,
        not to `visible_to`, whose rows are the reader's own."""
        return self.aggregate(
            members=Count("to_operator", distinct=True),
            deals=Count("pk", filter=Q(status=Introduction.Status.DEAL)),
        )

    def received_by(self, operator) -> IntroductionQuerySet:
        return self.filter(to_operator=operator)

    def sent_by(self, operator) -> IntroductionQuerySet:
        return self.filter(from_operator=operator)

    def awaiting_answer(self) -> IntroductionQuerySet:
        return self.filter(status=Introduction.Status.PROPOSED)

    def for_listing(self) -> IntroductionQuerySet:
        return self.select_related("partner", "from_operator", "to_operator", "introduced_by")

    def with_deals_for(self, user) -> IntroductionQuerySet:
        """Each introduction with `visible_deals`: the deals it led to that `user` may see, by
        country. The rule is the deals app's (`Deal.objects.visible_to`), reached through the
        reverse relation since this app does not import that one; one query for a whole list."""
        deals = self.model._meta.get_field("deals").related_model.objects.visible_to(user)
        deals = deals.select_related("operator").order_by("country", "pk")
        return self.prefetch_related(Prefetch("deals", queryset=deals, to_attr="visible_deals"))


class Introduction(models.Model):
    """A member introducing a partner to another member for some countries.

    proposed → accepted | declined | expired; accepted → met → deal. It becomes `deal` only when
    the recipient logs a deal from it (the deals app: a deal points at its introduction), and the
    introducer is credited once for every deal that results (`partners.introductions`).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        MET = "met", "Met"
        DEAL = "deal", "Led to a deal"
        EXPIRED = "expired", "Expired"

    # The statuses from which the recipient may log a deal it led to: it accepted the introduction
    # (and one that already led to a deal may lead to more, in its other countries).
    LEADS_TO_DEALS = ("accepted", "met", "deal")

    # Which statuses each status may move to; services enforce it, the pages offer only these.
    # A move to `deal` is made by logging the deal (`record_introduced_deal`), never by itself.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        "proposed": ("accepted", "declined", "expired"),
        "accepted": ("met", "deal"),
        "met": ("deal",),
        "declined": (),
        "deal": (),
        "expired": (),
    }

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="introductions")
    from_operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="introductions_sent"
    )
    to_operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="introductions_received"
    )
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    countries = models.JSONField(default=list, help_text="Country codes the pitch is about.")
    pitch = models.TextField(max_length=5000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    response_due_on = models.DateField(default=default_response_due)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_reason = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_operator=models.F("to_operator")),
                name="introduction_not_to_self",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(answer_reason=""),
                name="introduction_declined_has_reason",
            ),
            models.UniqueConstraint(
                fields=["partner", "from_operator", "to_operator"],
                condition=Q(status__in=["proposed", "accepted", "met"]),
                name="introduction_one_open_per_pair",
            ),
        ]
        indexes = [
            # The recipient's inbox, filtered by status, newest first.
            models.Index(
                fields=["to_operator", "status", "-created_at"], name="intro_to_status_idx"
            ),
            # The introducer's outbox, filtered by status, newest first.
            models.Index(
                fields=["from_operator", "status", "-created_at"], name="intro_from_status_idx"
            ),
            # The beat task finds proposed introductions by due date.
            models.Index(fields=["status", "response_due_on"], name="intro_status_due_idx"),
            # The partner page lists its introductions.
            models.Index(fields=["partner", "-created_at"], name="intro_partner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} from {self.from_operator} to {self.to_operator}"

    def get_absolute_url(self) -> str:
        return reverse("partners:introduction", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    def is_between(self, operator) -> bool:
        """`operator` made or received this introduction."""
        return operator is not None and operator.pk in (self.from_operator_id, self.to_operator_id)

    def check_answerable_by(self, operator) -> None:
        """Only the recipient operator answers, while the introduction is proposed and not past
        its due date; otherwise the error says why."""
        if operator is None or operator.pk != self.to_operator_id:
            raise NotAllowed("Only the operator it was made to may answer this introduction.")
        if self.status != self.Status.PROPOSED:
            raise Conflict(self.status_sentence("it can no longer be answered"))
        if self.is_overdue:
            raise Conflict(
                f"This introduction was due for an answer on {self.response_due_on:%d %B %Y}."
            )

    def can_be_answered_by(self, operator) -> bool:
        try:
            self.check_answerable_by(operator)
        except (NotAllowed, Conflict):
            return False
        return True

    def check_progress(self, operator, to: str) -> None:
        """Either operator of the introduction records that the partner and the recipient met,
        one step of `TRANSITIONS` at a time (a deal is recorded by logging it: `check_deal_by`)."""
        if not self.is_between(operator):
            raise NotAllowed("Only the two operators of this introduction may record its progress.")
        if to == self.Status.DEAL:
            raise Conflict(
                "An introduction leads to a deal when its recipient logs the deal from it."
            )
        if not self.can_move_to(to):
            label = self.Status(to).label.lower()
            raise Conflict(self.status_sentence(f"it cannot be marked as {label} now"))

    def status_sentence(self, consequence: str) -> str:
        """ "This introduction has already led to a deal; <consequence>." — its status, worded
        as a sentence about it (the status labels are headings: "Led to a deal", "Met")."""
        state = {
            self.Status.PROPOSED: "is still waiting for an answer",
            self.Status.ACCEPTED: "was accepted",
            self.Status.DECLINED: "was declined",
            self.Status.MET: "is at the meeting stage",
            self.Status.DEAL: "has already led to a deal",
            self.Status.EXPIRED: "expired without an answer",
        }[self.Status(self.status)]
        return f"This introduction {state}; {consequence}."

    def check_deal_by(self, operator, partner) -> None:
        """A deal of `operator` with `partner` may come from this introduction: it was of that
        partner to that operator, which accepted it (`LEADS_TO_DEALS`)."""
        if operator is None or (self.to_operator_id, self.partner_id) != (operator.pk, partner.pk):
            raise Invalid(
                f"That introduction was not of {partner.name} to "
                f"{operator.name if operator else 'your operator'}.",
                field="introduction",
            )
        if self.status not in self.LEADS_TO_DEALS:
            raise Conflict(self.status_sentence("only an accepted introduction leads to a deal"))

    def can_lead_to_deal_of(self, operator) -> bool:
        """The page offers `operator` to log a deal from this introduction."""
        try:
            self.check_deal_by(operator, self.partner)
        except (Invalid, Conflict):
            return False
        return True

    def can_progress(self, operator, to: str) -> bool:
        try:
            self.check_progress(operator, to)
        except (NotAllowed, Conflict):
            return False
        return True

    @property
    def answer_label(self) -> str:
        """How the recipient answered ("accepted" also for later steps, which need acceptance)."""
        if self.answered_at is None:
            return ""
        return "declined" if self.status == self.Status.DECLINED else "accepted"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.PROPOSED and self.response_due_on < timezone.localdate()

    @property
    def country_names(self) -> list[str]:
        return [country_registry.name(code) or code for code in self.countries]


class StatusChange(models.Model):
    """Common fields of a status history row: who moved what from which status to which, when."""

    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=2000, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["changed_at", "pk"]


class PartnerStatusChange(StatusChange):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="history")

    class Meta(StatusChange.Meta):
        indexes = [
            # A partner's history is shown in order on its page and status link.
            models.Index(fields=["partner", "changed_at"], name="partner_history_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.from_status or '—'} → {self.to_status}"

    @property
    def to_label(self) -> str:
        return Partner.Status(self.to_status).label


class IntroductionStatusChange(StatusChange):
    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="history")

    class Meta(StatusChange.Meta):
        indexes = [
            # An introduction's history is shown in order on its page.
            models.Index(fields=["introduction", "changed_at"], name="intro_history_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.introduction}: {self.from_status or '—'} → {self.to_status}"

    @property
    def to_label(self) -> str:
        return Introduction.Status(self.to_status).label


class ApplicationMail(models.TextChoices):
    """How a member hears of new partner applications (staff, who review them, hear of each)."""

    EACH = "each", "Mail me about each new application"
    DAILY = "daily", "A daily digest of the day’s new applications"
    NONE = "none", "No mail about applications"


class ApplicationMailPreference(models.Model):
    """A member's choice of `ApplicationMail`; without a row, a member gets the daily digest."""

    DEFAULT = ApplicationMail.DAILY

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="application_mail",
    )
    choice = models.CharField(max_length=8, choices=ApplicationMail.choices, default=DEFAULT)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_choice_display()}"


class ApplicationDigest(models.Model):
    """The daily digest of new applications for one reader on one day: recorded before it is
    mailed, so a second run the same day sends nothing. It covers the applications made from
    `since` (the end of the reader's previous digest) to `until`; `applications` is how many."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_digests"
    )
    day = models.DateField()
    since = models.DateTimeField()
    until = models.DateTimeField()
    applications = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Also the index by which each run finds a reader's latest digest.
            models.UniqueConstraint(fields=["user", "day"], name="application_digest_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Digest of {self.applications} application(s) for {self.user} on {self.day}"

    def open_applications(self) -> PartnerQuerySet:
        """The applications made in its period that still wait for a sponsor, oldest first."""
        return (
            Partner.objects.open_applications()
            .filter(created_at__gte=self.since, created_at__lt=self.until)
            .order_by("created_at", "pk")
        )
