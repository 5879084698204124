"""Admin pages of the lessons app. Staff see no more of a lesson than members do: a draft shows
its title and author only (and cannot be changed), a linked deal staff may not see in full
(private, shared as a summary, or with a bloc) is not named, and a lesson shared with a bloc is
not there at all, nor are its comments (staff are in no bloc)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import format_html

from alliance.admin_lists import LargeTableAdmin
from deals.models import Deal
from lessons.models import (
    Comment,
    DigestDelivery,
    DigestSubscription,
    Endorsement,
    Follow,
    Lesson,
    LessonCountry,
    LessonRevision,
    Tag,
)
from lessons.search import search_lessons

# What staff see of somebody's draft.
DRAFT_FIELDS = ("title", "author", "status")
NOT_SHOWN = "—"


class LessonCountryInline(admin.TabularInline):
    model = LessonCountry
    extra = 0


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    readonly_fields = ["user", "operator", "created_at"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "operator")


class CommentInline(admin.StackedInline):
    model = Comment
    extra = 0
    readonly_fields = ["author", "operator", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "operator")


class RevisionInline(admin.TabularInline):
    model = LessonRevision
    extra = 0
    readonly_fields = ["edited_by", "changes", "created_at"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edited_by")


class PublishedOnlyChoicesFilter(admin.ChoicesFieldListFilter):
    """Filters by a field that staff may see of published lessons only: drafts never match."""

    def queryset(self, request, queryset):
        filtered = super().queryset(request, queryset)
        return filtered.published() if self.used_parameters else filtered


@admin.register(Lesson)
class LessonAdmin(LargeTableAdmin):
    list_display = ["title", "author", "operator", "outcome_shown", "category_shown", "status"]
    list_filter = [
        "status",
        ("outcome", PublishedOnlyChoicesFilter),
        ("category", PublishedOnlyChoicesFilter),
        "operator",
        "published_at",  # a date range, not a date hierarchy (which reads every lesson's year)
    ]
    search_fields = ["title"]
    raw_id_fields = ["partner", "author"]
    # Searched as typed, not listed: tags and operators grow with the alliance.
    autocomplete_fields = ["operator", "tags"]
    readonly_fields = [
        "linked_deal",
        # Who reads a lesson is its author's choice, through the lessons services.
        "visibility",
        "bloc",
        "endorsement_count",
        "comment_count",
        "created_at",
        "updated_at",
    ]
    exclude = ["deal"]
    inlines = [LessonCountryInline, EndorsementInline, CommentInline, RevisionInline]
    list_select_related = ["operator", "author"]

    def get_queryset(self, request):
        """Every lesson, knowing which linked deals the staff member may see with their details
        (`Deal.objects.visible_to` and `with_details_for`, the rules of the deals pages)."""
        user = request.user
        shown = Deal.objects.visible_to(user).with_details_for(user)
        return (
            super()
            .get_queryset(request)
            .exclude(visibility=Lesson.Visibility.BLOC)
            .annotate(deal_is_shown=Exists(shown.filter(pk=OuterRef("deal_id"))))
        )

    def get_search_results(self, request, queryset, search_term):
        """Titles of every lesson; the text of published lessons only (a draft's is its
        author's)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            by_text = search_lessons(queryset.published(), search_term).values("pk")
            results = queryset.filter(Q(pk__in=results.values("pk")) | Q(pk__in=by_text))
        return results, may_have_duplicates

    def get_fields(self, request, obj=None):
        if obj is not None and not obj.is_published:
            return DRAFT_FIELDS
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_published:
            return DRAFT_FIELDS
        return super().get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return [] if obj is not None and not obj.is_published else super().get_inlines(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_published:
            return False  # a draft is its author's until published
        return super().has_change_permission(request, obj)

    @admin.display(description="outcome")
    def outcome_shown(self, lesson: Lesson) -> str:
        return lesson.get_outcome_display() if lesson.is_published else NOT_SHOWN

    @admin.display(description="category")
    def category_shown(self, lesson: Lesson) -> str:
        return lesson.get_category_display() if lesson.is_published else NOT_SHOWN

    @admin.display(description="deal")
    def linked_deal(self, lesson: Lesson) -> str:
        """The deal the lesson is about, named only if staff may see it with its details."""
        if lesson.deal_id is None:
            return NOT_SHOWN
        if not getattr(lesson, "deal_is_shown", False):
            return "A deal that only its operator sees in full (not shown)"
        url = reverse("admin:deals_deal_change", args=[lesson.deal_id])
        return format_html('<a href="{}">{}</a>', url, lesson.deal)


@admin.register(Comment)
class CommentAdmin(LargeTableAdmin):
    list_display = ["lesson", "author", "operator", "created_at"]
    search_fields = ["body"]
    raw_id_fields = ["lesson", "author"]
    list_select_related = ["lesson", "author", "operator"]

    def get_queryset(self, request):
        # Comments on a bloc lesson are the bloc's, like the lesson.
        return super().get_queryset(request).exclude(lesson__visibility=Lesson.Visibility.BLOC)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    readonly_fields = ["slug"]


@admin.register(Follow)
class FollowAdmin(LargeTableAdmin):
    list_display = ["user", "partner", "country", "category", "created_at"]
    raw_id_fields = ["user", "partner"]


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "unsubscribed_at"]
    readonly_fields = ["token"]
    raw_id_fields = ["user"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(LargeTableAdmin):
    list_display = ["user", "week", "lesson_count", "partner_count", "sent_at"]
    list_filter = ["week"]
    raw_id_fields = ["user"]
