"""JSON of lessons, endorsements and comments for /api/v1/lessons."""

from __future__ import annotations

from django_countries import countries
from rest_framework import serializers

from deals.models import Deal
from lessons.models import ANSWER_MAX_LENGTH, COMMENT_MAX_LENGTH, Comment, Lesson
from lessons.services import MAX_TAGS
from partners.models import Partner


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
    partner = serializers.SlugRelatedField(
        slug_field="slug", queryset=Partner.objects.none(), required=False, allow_null=True
    )
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.CharField(source="author.display_name", read_only=True, default=None)
    deal = serializers.PrimaryKeyRelatedField(
        queryset=Deal.objects.none(),
        required=False,
        allow_null=True,
        help_text="One of your own operator's deals that the lesson is about.",
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
        extra_kwargs = {name: {"max_length": ANSWER_MAX_LENGTH} for name in Lesson.ANSWER_FIELDS}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            self.fields["partner"].queryset = Partner.objects.visible_to(user)
            membership = user.active_membership if user.is_authenticated else None
            if membership is not None:
                self.fields["deal"].queryset = Deal.objects.visible_to(user).filter(
                    operator_id=membership.operator_id
                )

    def get_url(self, lesson: Lesson) -> str:
        return lesson.get_absolute_url()

    def get_snippet(self, lesson: Lesson) -> str | None:
        snippet = getattr(lesson, "snippet_html", None)
        return str(snippet) if snippet is not None else None

    def validate_title(self, value: str) -> str:
        value = " ".join(value.split())
        if len(value) < 5:
            raise serializers.ValidationError("Give the lesson a title of at least 5 characters.")
        return value


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", read_only=True, default=None)
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    body = serializers.CharField(max_length=COMMENT_MAX_LENGTH)

    class Meta:
        model = Comment
        fields = ["id", "author", "operator", "body", "created_at"]
        read_only_fields = ["created_at"]
