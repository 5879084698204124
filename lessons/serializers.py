"""JSON of lessons, endorsements and comments for /api/v1/lessons."""

from __future__ import annotations

from django_countries import countries
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from alliance.models import Bloc
from deals.models import Deal
from lessons.models import (
    ANSWER_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    Comment,
    Lesson,
    clean_title,
)
from lessons.services import MAX_TAGS
from partners.models import Partner


class VisiblePartnerField(serializers.SlugRelatedField):
    """The lesson's partner by slug; null for a viewer who may not see that partner."""

    def get_attribute(self, lesson: Lesson):
        return lesson.visible_partner


class VisibleDealField(serializers.PrimaryKeyRelatedField):
    """The lesson's deal by id; null for a viewer who may not see that deal (no id of a hidden
    deal leaves the portal)."""

    def get_attribute(self, lesson: Lesson):
        deal_id = lesson.visible_deal_id
        return PKOnlyObject(pk=deal_id) if deal_id else None


class LessonSerializer(serializers.ModelSerializer):
    countries = serializers.ListField(
        child=serializers.ChoiceField(choices=list(countries)),
        source="country_codes",
        required=False,
        max_length=50,
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=40),
        source="tag_names",
        required=False,
        max_length=MAX_TAGS,
    )
    partner = VisiblePartnerField(
        slug_field="slug", queryset=Partner.objects.none(), required=False, allow_null=True
    )
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.CharField(source="author.display_name", read_only=True, default=None)
    deal = VisibleDealField(
        queryset=Deal.objects.none(),
        required=False,
        allow_null=True,
        help_text="One of your own operator's deals that the lesson is about; null when you may "
        "not see the deal.",
    )
    bloc = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Bloc.objects.none(),
        required=False,
        allow_null=True,
        help_text='With `visibility: "bloc"`: the slug of one of your operator\'s blocs; only '
        "its members read the lesson.",
    )
    publish = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Publish at once (on create)."
    )
    url = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField(
        help_text="With `q`: the matching passage as HTML, matches in <mark>, the rest escaped."
    )

    class Meta:
        model = Lesson
        fields = [
            "id",
            "url",
            "title",
            "outcome",
            "tried",
            "happened",
            "why",
            "recommendation",
            "category",
            "countries",
            "tags",
            "partner",
            "deal",
            "visibility",
            "bloc",
            "operator",
            "author",
            "status",
            "published_at",
            "endorsement_count",
            "comment_count",
            "created_at",
            "updated_at",
            "publish",
            "snippet",
        ]
        read_only_fields = [
            "status",
            "published_at",
            "endorsement_count",
            "comment_count",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "title": {"min_length": TITLE_MIN_LENGTH},
            **{name: {"max_length": ANSWER_MAX_LENGTH} for name in Lesson.ANSWER_FIELDS},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Ids and slugs are looked up among what the user may see; which deal a lesson may
            # be about is the service's rule.
            self.fields["partner"].queryset = Partner.objects.visible_to(request.user)
            self.fields["deal"].queryset = Deal.objects.visible_to(request.user)
            self.fields["bloc"].queryset = Bloc.objects.visible_to(request.user)

    def get_url(self, lesson: Lesson) -> str:
        return lesson.get_absolute_url()

    def get_snippet(self, lesson: Lesson) -> str | None:
        snippet = getattr(lesson, "snippet_html", None)
        return str(snippet) if snippet is not None else None

    def validate_title(self, value: str) -> str:
        return clean_title(value)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", read_only=True, default=None)
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    body = serializers.CharField(max_length=COMMENT_MAX_LENGTH)

    class Meta:
        model = Comment
        fields = ["id", "author", "operator", "body", "created_at"]
        read_only_fields = ["created_at"]
