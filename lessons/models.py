"""Lessons: what members tried, what happened and why — especially what did not work.

Who may see what (`Lesson.objects.visible_to(user)`): alliance members and staff see every
published `alliance` lesson, including those of removed operators (shown as by a former member); a
draft is seen by its author only. A published `bloc` lesson is seen by its own operator's people
and by the people of the other operators of its bloc while both operators are active members of
it (`alliance.models.shared_through_blocs`, the rule bloc deals follow too) — by no one else, not
staff: once its operator leaves the bloc or the bloc is dissolved, only its own operator sees it.
Endorsements and comments are seen with the lesson they belong to.

A lesson's partner and deal are shown only to those who may see them (`Partner.objects.visible_to`,
`Deal.objects.visible_to`): a lesson about a private deal does not tell other members, or staff,
that deal's id (`Lesson.visible_deal`, `Lesson.visible_partner`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_countries.fields import CountryField

from alliance.choices import Category
from alliance.models import shared_through_blocs
from alliance.models.operators import new_token
from alliance.permissions import is_alliance_member
from deals.models import Deal
from lessons.search import SEARCH_CONFIG, LessonSearchDocument, SearchDocumentField
from partners.models import Partner, visible_partner

# The answers are free text: long enough for a real story, bounded so a page stays a page.
ANSWER_MAX_LENGTH = 10_000
COMMENT_MAX_LENGTH = 5_000
TITLE_MIN_LENGTH = 5
# Related lessons rank at most this many of the newest lessons of each source (partner, country,
# category): enough for the best five, and bounded however many lessons a category has.
RELATED_CANDIDATES = 100


def clean_title(value: str) -> str:
    """A lesson title as the form and the API take it: on one line, at least 5 characters."""
    title = " ".join(value.split())
    if len(title) < TITLE_MIN_LENGTH:
        raise ValidationError(
            f"Give the lesson a title of at least {TITLE_MIN_LENGTH} characters.", code="short"
        )
    return title


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.slug = slugify(self.name)[:50]
        super().save(*args, **kwargs)


class LessonQuerySet(models.QuerySet["Lesson"]):
    def visible_to(self, user) -> LessonQuerySet:
        """Published lessons for members and staff; drafts for their author only. Each lesson
        knows which of its references `user` may see (`with_references_for`)."""
        if user is None or not is_alliance_member(user):
            return self.none()
        membership = user.active_membership
        own = Q(operator_id=membership.operator_id) if membership else Q(pk__in=[])
        in_bloc = Q(visibility=Lesson.Visibility.BLOC) & (own | shared_through_blocs(user))
        shared = Q(visibility=Lesson.Visibility.ALLIANCE) | in_bloc
        visible = self.filter((Q(status=Lesson.Status.PUBLISHED) & shared) | Q(author=user))
        return visible.with_references_for(user)

    def with_references_for(self, user) -> LessonQuerySet:
        """Annotate whether `user` may see each lesson's deal and partner, by those apps' own
        `visible_to` rules, inside the same query (no query per row). `Lesson.visible_deal` and
        `Lesson.visible_partner` read these; without them they show nothing."""
        return self.annotate(
            deal_is_visible=Exists(Deal.objects.visible_to(user).filter(pk=OuterRef("deal_id"))),
            # A condition on the joined partner, not a subquery: a subquery over every partner
            # is what PostgreSQL would hash first, even for the five lessons of a panel.
            partner_is_visible=Case(
                When(
                    Q(partner__isnull=False) & visible_partner(user, through="partner__"),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )

    def published(self) -> LessonQuerySet:
        return self.filter(status=Lesson.Status.PUBLISHED)

    def for_list(self) -> LessonQuerySet:
        """What a list row shows, in a constant number of queries."""
        return self.select_related("operator", "author", "partner", "bloc").prefetch_related(
            "countries", "tags"
        )

    def in_country(self, code: str) -> LessonQuerySet:
        return self.filter(pk__in=LessonCountry.objects.filter(country=code).values("lesson_id"))

    def related_to(
        self, *, partner_id: int | None = None, country: str = "", category: str = ""
    ) -> LessonQuerySet:
        """Lessons about this partner, country or category, the most related first: the partner
        in that country, then the partner, then the country, then the category alone; within
        each, those of the same category, then the newest. The one ranking of the related-lessons
        panel of partner, deal, deal form, country and lesson pages."""
        nothing = Q(pk__in=[])
        same_partner = Q(partner_id=partner_id) if partner_id else nothing
        same_country = (
            Q(Exists(LessonCountry.objects.filter(lesson=OuterRef("pk"), country=country)))
            if country
            else nothing
        )
        same_category = Q(category=category) if category else nothing
        closeness = Case(
            When(same_partner & same_country, then=Value(3)),
            When(same_partner, then=Value(2)),
            When(same_country, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        category_match = Case(
            When(same_category, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        return (
            self.filter(self._related_candidates(partner_id, country, category))
            .annotate(closeness=closeness, category_match=category_match)
            .order_by("-closeness", "-category_match", "-published_at", "-pk")
        )

    def _related_candidates(self, partner_id: int | None, country: str, category: str) -> Q:
        """The lessons worth ranking: the newest RELATED_CANDIDATES of each source (the partner's,
        the country's, the category's), each read from its own index in a query of its own (one
        per source given), rather than every lesson of a large category or country. The panel
        shows the best five of these."""
        newest = ("-published_at", "-pk")
        sources = []
        if partner_id:
            sources.append(
                self.filter(partner_id=partner_id).order_by(*newest).values_list("pk", flat=True)
            )
        if country:
            # Newest by id: the (country, lesson) index gives them without reading the lessons.
            in_country = LessonCountry.objects.filter(country=country).order_by("-lesson_id")
            sources.append(in_country.values_list("lesson_id", flat=True))
        if category:
            sources.append(
                self.filter(category=category).order_by(*newest).values_list("pk", flat=True)
            )
        ids = set()
        for source in sources:
            ids.update(source[:RELATED_CANDIDATES])
        return Q(pk__in=sorted(ids))


class Lesson(models.Model):
    class Outcome(models.TextChoices):
        DID_NOT_WORK = "did_not_work", "Did not work"
        PARTLY_WORKED = "partly_worked", "Partly worked"
        WORKED = "worked", "Worked"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Visibility(models.TextChoices):
        ALLIANCE = "alliance", "Alliance — every member can read it"
        BLOC = "bloc", "Bloc — only the members of the chosen bloc can read it"

    # The four questions, in the order the write form asks them; edits of these are revisioned.
    ANSWER_FIELDS = ("tried", "happened", "why", "recommendation")
    REVISIONED_FIELDS = ("title", "outcome", "category", *ANSWER_FIELDS)

    title = models.CharField(max_length=200)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    tried = models.TextField("what did you try?", max_length=ANSWER_MAX_LENGTH)
    happened = models.TextField("what happened?", max_length=ANSWER_MAX_LENGTH)
    why = models.TextField("why? (the root cause)", max_length=ANSWER_MAX_LENGTH)
    recommendation = models.TextField(
        "what would you do differently?", max_length=ANSWER_MAX_LENGTH
    )
    category = models.CharField(max_length=32, choices=Category.choices)
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
    )
    deal = models.ForeignKey(
        "deals.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="lessons")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="lessons"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.ALLIANCE
    )
    bloc = models.ForeignKey(
        "alliance.Bloc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lessons",
        db_index=False,  # lesson_bloc_idx below
        help_text="With bloc visibility: the bloc whose members may read the lesson.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Kept by the endorse and comment services so "most endorsed" sorts on an index.
    endorsement_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Maintained by the database: a weighted tsvector without accents on PostgreSQL (GIN-indexed
    # by migration 0003, PostgreSQL only), lower-cased plain text on SQLite. See lessons/search.py.
    search_document = models.GeneratedField(
        expression=LessonSearchDocument(config=SEARCH_CONFIG),
        output_field=SearchDocumentField(),
        db_persist=True,
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="lesson_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(visibility="bloc", bloc__isnull=False)
                | (Q(visibility="alliance") & Q(bloc__isnull=True)),
                name="lesson_bloc_iff_bloc_visibility",
                violation_error_message="Choose the bloc whose members may read the lesson, "
                "or share it with the whole alliance.",
            ),
        ]
        indexes = [
            # The list's default sort: newest published first.
            models.Index(fields=["status", "-published_at"], name="lesson_status_published_idx"),
            # "Most endorsed" sort.
            models.Index(
                fields=["status", "-endorsement_count", "-published_at"],
                name="lesson_status_endorsed_idx",
            ),
            # A member's own drafts.
            models.Index(fields=["author", "status"], name="lesson_author_status_idx"),
            # Filters by outcome, category and operator; related lessons by category.
            models.Index(fields=["outcome", "status"], name="lesson_outcome_idx"),
            # (The category's, newest first: related lessons take the newest without a sort.)
            models.Index(
                fields=["category", "status", "-published_at"],
                name="lesson_category_published_idx",
            ),
            models.Index(fields=["operator", "status"], name="lesson_operator_idx"),
            # visible_to()'s bloc branch: the bloc lessons of a viewer's blocs (few rows).
            models.Index(
                fields=["bloc", "operator"],
                condition=Q(visibility="bloc"),
                name="lesson_bloc_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def country_codes(self) -> list[str]:
        return [row.country.code for row in self.countries.all()]

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags.all()]

    def is_editable_by(self, user) -> bool:
        """Only its author changes a lesson (`lessons.services.check_can_edit` adds the rest)."""
        return user.is_authenticated and self.author_id == user.pk

    @property
    def visible_deal(self) -> Deal | None:
        """The deal, if the viewer the lesson was fetched for may see it (see
        `LessonQuerySet.with_references_for`); None when unknown. Select `deal` with it."""
        return self.deal if self.deal_id and getattr(self, "deal_is_visible", False) else None

    @property
    def visible_deal_id(self) -> int | None:
        return self.deal_id if getattr(self, "deal_is_visible", False) else None

    @property
    def visible_partner(self) -> Partner | None:
        """The partner, if the viewer may see it (as `visible_deal`)."""
        if self.partner_id and getattr(self, "partner_is_visible", False):
            return self.partner
        return None


class LessonCountry(models.Model):
    """A country a lesson concerns (a row per country, so that the country filter uses an index)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="countries")
    country = CountryField()

    class Meta:
        ordering = ["country"]
        verbose_name_plural = "lesson countries"
        constraints = [
            models.UniqueConstraint(fields=["lesson", "country"], name="lesson_country_unique"),
        ]
        indexes = [
            # The country filter, country pages and digests look lessons up by country.
            models.Index(fields=["country", "lesson"], name="lesson_country_idx"),
        ]

    def __str__(self) -> str:
        return self.country.name


class LessonRevision(models.Model):
    """One edit of a published lesson: who, when, and each changed field's before and after."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="revisions")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Edit of {self.lesson} on {self.created_at:%Y-%m-%d}"


class Endorsement(models.Model):
    """ "We saw this too": one per user and lesson."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_endorsements"
    )
    operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="lesson_endorsements"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "user"], name="endorsement_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} endorsed {self.lesson}"


class Comment(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    operator = models.ForeignKey(
        "alliance.Operator", on_delete=models.PROTECT, related_name="lesson_comments"
    )
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # A lesson's comments in order.
            models.Index(fields=["lesson", "created_at"], name="comment_lesson_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.lesson}"


class Follow(models.Model):
    """A member follows one partner, country or category (exactly one of the three)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    country = CountryField(blank=True)
    category = models.CharField(max_length=32, choices=Category.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(partner__isnull=False, country="", category="")
                    | Q(partner__isnull=True, country__gt="", category="")
                    | Q(partner__isnull=True, country="", category__gt="")
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "partner"],
                condition=Q(partner__isnull=False),
                name="follow_partner_once",
            ),
            models.UniqueConstraint(
                fields=["user", "country"], condition=~Q(country=""), name="follow_country_once"
            ),
            models.UniqueConstraint(
                fields=["user", "category"], condition=~Q(category=""), name="follow_category_once"
            ),
        ]

    def __str__(self) -> str:
        target = self.partner or self.country.name or self.get_category_display()
        return f"{self.user} follows {target}"


class DigestSubscription(models.Model):
    """A member's weekly digest: the unguessable token of their unsubscribe link (works without
    signing in) and whether they still want it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Digest of {self.user}"

    def get_unsubscribe_url(self) -> str:
        return reverse("lessons:unsubscribe", args=[self.token])

    @property
    def is_subscribed(self) -> bool:
        return self.unsubscribed_at is None


class DigestDelivery(models.Model):
    """One digest sent to one member for one week; the constraint makes the task idempotent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    week = models.DateField(help_text="The Monday of the week the digest covers.")
    lesson_count = models.PositiveIntegerField(default=0)
    partner_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="digest_once_per_week"),
        ]
        verbose_name_plural = "digest deliveries"

    def __str__(self) -> str:
        return f"Digest for {self.user}, week of {self.week}"
