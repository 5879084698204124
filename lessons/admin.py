from django.contrib import admin

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


class LessonCountryInline(admin.TabularInline):
    model = LessonCountry
    extra = 0


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    readonly_fields = ["user", "operator", "created_at"]
    can_delete = False


class CommentInline(admin.StackedInline):
    model = Comment
    extra = 0
    readonly_fields = ["author", "operator", "created_at"]


class RevisionInline(admin.TabularInline):
    model = LessonRevision
    extra = 0
    readonly_fields = ["edited_by", "changes", "created_at"]
    can_delete = False


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "operator", "outcome", "category", "status", "published_at"]
    list_filter = ["status", "outcome", "category", "operator"]
    search_fields = ["title", "tried", "happened", "why", "recommendation"]
    date_hierarchy = "published_at"
    raw_id_fields = ["partner", "deal", "author"]
    filter_horizontal = ["tags"]
    readonly_fields = ["endorsement_count", "comment_count", "created_at", "updated_at"]
    inlines = [LessonCountryInline, EndorsementInline, CommentInline, RevisionInline]
    list_select_related = ["operator"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["lesson", "author", "operator", "created_at"]
    search_fields = ["body"]
    raw_id_fields = ["lesson", "author"]
    list_select_related = ["lesson", "author", "operator"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    readonly_fields = ["slug"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "partner", "country", "category", "created_at"]
    raw_id_fields = ["user", "partner"]


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "unsubscribed_at"]
    readonly_fields = ["token"]
    raw_id_fields = ["user"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["user", "week", "lesson_count", "partner_count", "sent_at"]
    list_filter = ["week"]
    raw_id_fields = ["user"]
