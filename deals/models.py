"""Deals: one partner × one operator × one country, its stage history and who may see it.

Who may see what (the one rule, `Deal.objects.visible_to(user)`; which fields, `deals.presenters`):
- members of the owning operator see their operator's deals, whatever their visibility;
- members of other operators, and staff, see `alliance`, `summary` and `bloc` deals (summary ones
  reduced to partner, operator, country and stage by the presenter), never `private` ones;
- a `bloc` deal is seen in full (as an `alliance` deal) by the people of the other operators of
  its bloc while both its operator and theirs are active members of that bloc
  (`alliance.models.shared_through_blocs`); by everyone else, staff included, as a summary. A
  dissolved bloc shares nothing: its deals fall back to summaries for every other operator;
- anonymous visitors and people without an approved membership see nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from alliance.errors import NotAllowed
from alliance.models import shared_through_blocs
from alliance.permissions import acting_operator

# Cross-border programmes are models of this app, kept in their own module.
from deals.programmes.models import (  # noqa: F401
    Participation,
    Programme,
    SLAReminder,
    SLAReport,
)

NOT_OWNER_MESSAGE = "Only people of the operator that owns the deal may change it."


class Stage(models.TextChoices):
    EXPLORING = "exploring", "Exploring"
    NEGOTIATING = "negotiating", "Negotiating"
    SIGNED = "signed", "Signed"
    LAUNCHED = "launched", "Launched"
    ENDED = "ended", "Ended"
    DECLINED = "declined", "Declined"


CLOSED_STAGES = (Stage.ENDED, Stage.DECLINED)
OPEN_STAGES = (Stage.EXPLORING, Stage.NEGOTIATING, Stage.SIGNED, Stage.LAUNCHED)
# How far a deal got, for "the best stage reached" in the coverage matrix (closed deals rank 0).
STAGE_RANK = {Stage.EXPLORING: 1, Stage.NEGOTIATING: 2, Stage.SIGNED: 3, Stage.LAUNCHED: 4}
# The moves each stage allows; services enforce them, pages and the API offer only these.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.EXPLORING: (Stage.NEGOTIATING, Stage.SIGNED, Stage.DECLINED),
    Stage.NEGOTIATING: (Stage.EXPLORING, Stage.SIGNED, Stage.DECLINED),
    Stage.SIGNED: (Stage.LAUNCHED, Stage.ENDED, Stage.DECLINED),
    Stage.LAUNCHED: (Stage.ENDED,),
    Stage.ENDED: (),
    Stage.DECLINED: (),
}


class DealType(models.TextChoices):
    DISTRIBUTION = "distribution", "Distribution"
    BUNDLING = "bundling", "Bundling"
    CARRIER_BILLING = "carrier_billing", "Carrier billing"
    ZERO_RATING = "zero_rating", "Zero-rating"
    WHITE_LABEL = "white_label", "White-label"
    REVENUE_SHARE = "revenue_share", "Revenue share"
    CO_MARKETING = "co_marketing", "Co-marketing"
    IOT_CONNECTIVITY = "iot_connectivity", "IoT connectivity"
    OTHER = "other", "Other"


class Visibility(models.TextChoices):
    ALLIANCE = "alliance", "Alliance — every member sees the deal (not the confidential notes)"
    BLOC = "bloc", "Bloc — the chosen bloc's members see the deal; other members a summary"
    SUMMARY = "summary", "Summary — others see only partner, operator, country and stage"
    PRIVATE = "private", "Private — only my operator sees it"


class DeclineReason(models.TextChoices):
    NO_BUDGET = "no_budget", "No budget"
    COMPETING_DEAL = "competing_deal", "Competing deal in place"
    REGULATORY = "regulatory", "Regulatory/legal"
    TECHNICAL = "technical", "Technical integration"
    COMMERCIAL_TERMS = "commercial_terms", "Commercial terms"
    NOT_STRATEGIC = "not_strategic", "Not strategic"
    PARTNER_NOT_READY = "partner_not_ready", "Partner not ready"
    OTHER = "other", "Other"


def stage_rank_expression(field: str = "stage") -> Case:
    """The STAGE_RANK of a deal as an SQL expression, for aggregates such as Max()."""
    return Case(
        *(When(**{field: stage}, then=Value(rank)) for stage, rank in STAGE_RANK.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


class DealQuerySet(models.QuerySet["Deal"]):
    def visible_to(self, user) -> DealQuerySet:
        """Deals `user` may know exist (see the module docstring for the rule)."""
        if not user.is_authenticated:
            return self.none()
        # A bloc deal exists for everyone who sees summaries; how much of it is with_details_for.
        public = Q(visibility__in=[Visibility.ALLIANCE, Visibility.SUMMARY, Visibility.BLOC])
        if user.is_staff:
            return self.filter(public)
        membership = user.active_membership
        if membership is None:
            return self.none()
        return self.filter(public | Q(operator_id=membership.operator_id))

    def with_details_for(self, user) -> DealQuerySet:
        """Of these deals, those whose details (beyond partner, operator, country and stage) the
        user sees — the presenter's rule as a filter, so that filtering on a detail such as the
        deal type never reveals it for a summary deal."""
        membership = user.active_membership if user.is_authenticated else None
        own = Q(operator_id=membership.operator_id) if membership else Q(pk__in=[])
        in_bloc = Q(visibility=Visibility.BLOC) & shared_through_blocs(user)
        return self.filter(own | Q(visibility=Visibility.ALLIANCE) | in_bloc)

    def open(self) -> DealQuerySet:
        return self.exclude(stage__in=CLOSED_STAGES)

    def for_listing(self) -> DealQuerySet:
        """What lists, the API and the CSV show of each deal, in a constant number of queries
        (the operators of its introduction too: who may see that introduction depends on them)."""
        return self.select_related("partner", "operator", "opco", "bloc").annotate(
            introduction_from_id=F("introduction__from_operator_id"),
            introduction_to_id=F("introduction__to_operator_id"),
        )

    def rivals_of(self, deal: Deal) -> DealQuerySet:
        """Other operators' open deals in conflict with `deal`: same partner and country, and
        either `deal` or theirs exclusive. Callers start from a visible_to() queryset, so a viewer
        only learns of rival deals they may see."""
        if not deal.is_open:
            return self.none()
        rivals = (
            self.open()
            .filter(partner_id=deal.partner_id, country=deal.country)
            .exclude(operator_id=deal.operator_id)
        )
        return rivals if deal.exclusive else rivals.filter(exclusive=True)

    def in_conflict_with(self, operator_id: int) -> DealQuerySet:
        """Other operators' open deals that clash with an open deal of `operator_id` (same partner
        and country, one of the two exclusive): what that operator must resolve.

        Written as a join through the partner to the operator's own open deals (at most one per
        partner and country), so that the database starts from those (deal_open_operator_idx)
        and looks each one's rivals up (deal_open_partner_country_idx) instead of filtering
        every open deal of the alliance."""
        own = "partner__deals__"
        return (
            self.open()
            .exclude(operator_id=operator_id)
            .filter(
                Q(exclusive=True) | Q(**{f"{own}exclusive": True}),
                **{
                    f"{own}operator_id": operator_id,
                    f"{own}country": F("country"),
                    f"{own}stage__in": list(OPEN_STAGES),
                },
            )
        )


class Deal(models.Model):
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="deals")
    operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="deals"
    )
    country = CountryField()
    opco = models.ForeignKey(
        "alliance.Opco",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deals",
        help_text="Your operating company in that country, if the deal is with one.",
    )
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.EXPLORING)
    deal_type = models.CharField("deal type", max_length=24, choices=DealType.choices)
    started_on = models.DateField(default=timezone.localdate)
    signed_on = models.DateField(null=True, blank=True)
    launched_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    summary = models.TextField(
        max_length=2000, blank=True, help_text="What other members may read about the deal."
    )
    confidential_notes = models.TextField(
        max_length=5000, blank=True, help_text="Only people of your operator ever see these."
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.ALLIANCE
    )
    bloc = models.ForeignKey(
        "alliance.Bloc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deals",
        db_index=False,  # deal_bloc_idx below
        help_text="With bloc visibility: the bloc whose members see the deal.",
    )
    exclusive = models.BooleanField(
        default=False,
        help_text="Exclusive in this country: other members' open deals for the partner there "
        "are shown to both sides as a conflict.",
    )
    decline_reason = models.CharField(max_length=24, choices=DeclineReason.choices, blank=True)
    decline_explanation = models.TextField(max_length=2000, blank=True)
    introduction = models.ForeignKey(
        "partners.Introduction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
        help_text="The introduction the deal came from; its introducer is credited.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "operator", "country"],
                condition=~Q(stage__in=["ended", "declined"]),
                # The last guard: deals.rules says it to people, and services turn a race
                # that reaches this constraint into the same sentence.
                name="deal_one_open_per_partner_operator_country",
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(signed_on__gte=F("started_on")),
                name="deal_signed_after_started",
            ),
            models.CheckConstraint(
                condition=Q(launched_on__isnull=True)
                | (
                    Q(launched_on__gte=F("started_on"))
                    & (Q(signed_on__isnull=True) | Q(launched_on__gte=F("signed_on")))
                ),
                name="deal_launched_after_signed",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (
                    Q(ended_on__gte=F("started_on"))
                    & (Q(signed_on__isnull=True) | Q(ended_on__gte=F("signed_on")))
                    & (Q(launched_on__isnull=True) | Q(ended_on__gte=F("launched_on")))
                ),
                name="deal_ended_after_launched",
            ),
            models.CheckConstraint(
                condition=(Q(stage="declined") & ~Q(decline_reason=""))
                | (~Q(stage="declined") & Q(decline_reason="") & Q(decline_explanation="")),
                name="deal_decline_reason_iff_declined",
            ),
            models.CheckConstraint(
                condition=Q(visibility="bloc", bloc__isnull=False)
                | (~Q(visibility="bloc") & Q(bloc__isnull=True)),
                name="deal_bloc_iff_bloc_visibility",
            ),
        ]
        indexes = [
            # visible_to() filters on visibility (other operators' deals).
            models.Index(fields=["visibility"], name="deal_visibility_idx"),
            # with_details_for()'s bloc branch: the bloc deals of a viewer's blocs (few rows).
            models.Index(
                fields=["bloc", "operator"], condition=Q(visibility="bloc"), name="deal_bloc_idx"
            ),
            # The country page and the list's country and stage filters; with what visible_to()
            # reads (and the id a paginator counts), the country page's counts come from the
            # index alone.
            models.Index(
                fields=["country", "stage"],
                include=["visibility", "operator", "id"],
                name="deal_country_stage_visible_idx",
            ),
            # The coverage matrix and conflicts group and match by partner and country.
            models.Index(fields=["partner", "country", "stage"], name="deal_partner_country_idx"),
            # The pipeline board (each column's latest moves) and the list's operator filter.
            models.Index(
                fields=["operator", "stage", "-stage_changed_at"], name="deal_operator_board_idx"
            ),
            # Conflicts (in_conflict_with): an operator's open deals, then their open rivals.
            models.Index(
                fields=["operator", "partner", "country"],
                include=["exclusive"],
                condition=Q(stage__in=["exploring", "negotiating", "signed", "launched"]),
                name="deal_open_operator_idx",
            ),
            models.Index(
                fields=["partner", "country"],
                include=["operator", "exclusive", "visibility"],
                condition=~Q(stage__in=["ended", "declined"]),  # as open() says it
                name="deal_open_partner_country_idx",
            ),
            # The list's stage and type filters.
            models.Index(fields=["stage"], name="deal_stage_idx"),
            models.Index(fields=["deal_type"], name="deal_type_idx"),
            # Lists are ordered by the latest change.
            models.Index(fields=["-updated_at", "-id"], name="deal_updated_idx"),
        ]

    def __str__(self) -> str:
        # What every reader of this label may see (staff in the admin and the audit log, which
        # keep it): never the partner or the country of a deal that may be, or become, private.
        number = f"#{self.pk} " if self.pk else ""
        return f"Deal {number}of {self.operator.name}"

    def get_absolute_url(self) -> str:
        return reverse("deals:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    def check_writable_by(self, user) -> None:
        """Refuse (`NotAllowed`, saying why) unless `user` may change this deal: a person of the
        owning operator, while that operator may contribute. Services call this before any write;
        pages use `is_writable_by` to offer only the buttons that will work."""
        if acting_operator(user).pk != self.operator_id:
            raise NotAllowed(NOT_OWNER_MESSAGE)

    def is_writable_by(self, user) -> bool:
        try:
            self.check_writable_by(user)
        except NotAllowed:
            return False
        return True

    @property
    def next_stages(self) -> tuple[str, ...]:
        """Stages a deal may move to from here, declining excluded (it needs a reason)."""
        return tuple(s for s in TRANSITIONS[self.stage] if s != Stage.DECLINED)

    @property
    def can_be_declined(self) -> bool:
        return Stage.DECLINED in TRANSITIONS[self.stage]

    def can_move_to(self, stage: str) -> bool:
        return stage in TRANSITIONS[self.stage]

    def clean(self) -> None:
        """The same rules as the database constraints, as messages a person can act on."""
        errors: dict[str, str] = {}
        for name, label, earlier in (
            ("signed_on", "signed", [("started_on", "started")]),
            ("launched_on", "launched", [("started_on", "started"), ("signed_on", "signed")]),
            (
                "ended_on",
                "ended",
                [("started_on", "started"), ("signed_on", "signed"), ("launched_on", "launched")],
            ),
        ):
            value = getattr(self, name)
            for other, other_label in earlier:
                other_value = getattr(self, other)
                if value and other_value and value < other_value and name not in errors:
                    errors[name] = f"The deal cannot be {label} before it was {other_label}."
        if self.stage == Stage.DECLINED and not self.decline_reason:
            errors["decline_reason"] = "Say why the deal was declined."
        if self.stage != Stage.DECLINED and (self.decline_reason or self.decline_explanation):
            errors["decline_reason"] = "Only a declined deal has a decline reason."
        if self.visibility == Visibility.BLOC and self.bloc_id is None:
            errors["bloc"] = "Choose the bloc whose members may see the deal."
        if self.visibility != Visibility.BLOC and self.bloc_id is not None:
            errors["bloc"] = "Only a deal shared with a bloc names a bloc."
        if errors:
            raise ValidationError(errors)

    def time_in_stages(self, history: list[StageChange] | None = None) -> list[dict]:
        """How long the deal spent in each stage it went through, from its history, in order:
        [{"stage": ..., "label": ..., "duration": timedelta, "current": bool}]."""
        rows = list(self.history.all()) if history is None else history
        spans: list[dict] = []
        for index, change in enumerate(rows):
            following = rows[index + 1].changed_at if index + 1 < len(rows) else None
            current = following is None and self.is_open
            end = following or (timezone.now() if current else change.changed_at)
            spans.append(
                {
                    "stage": change.to_stage,
                    "label": Stage(change.to_stage).label,
                    "duration": max(end - change.changed_at, timedelta(0)),
                    "current": current,
                }
            )
        return spans


class StageChange(models.Model):
    """One move of a deal from a stage to another (from "" when the deal was logged)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [
            # A deal's history is read in order on its page.
            models.Index(fields=["deal", "changed_at"], name="deal_history_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.deal}: {self.from_stage or 'new'} → {self.to_stage}"
