"""/api/v1/lessons: the same QuerySet (`visible_to`), FilterSet and services as the pages. A
service's refusal (`alliance.errors`) reaches the one DRF exception handler as it is."""

from __future__ import annotations

from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from alliance.api_errors import DomainErrorSerializer
from alliance.params import parse_id
from lessons import services
from lessons.filters import LessonFilter
from lessons.models import Lesson
from lessons.search import attach_highlights
from lessons.serializers import CommentSerializer, LessonSerializer

# What the services may refuse on these actions: not allowed (403), or the lesson's state (409).
REFUSALS = {403: DomainErrorSerializer, 409: DomainErrorSerializer}


# What the services may refuse when a lesson is written.
WRITE_REFUSALS = {
    400: OpenApiResponse(
        description="Invalid input, `{field: [message]}`: e.g. a deal not of your operator, or "
        "a `bloc` your operator is not an active member of."
    ),
    403: OpenApiResponse(
        DomainErrorSerializer, description="You may not write (or change this lesson)."
    ),
}


class EndorsementResultSerializer(serializers.Serializer):
    endorsement_count = serializers.IntegerField()


@extend_schema_view(
    create=extend_schema(responses={201: LessonSerializer, **WRITE_REFUSALS}),
    update=extend_schema(responses={200: LessonSerializer, **WRITE_REFUSALS}),
    partial_update=extend_schema(responses={200: LessonSerializer, **WRITE_REFUSALS}),
)
class LessonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Lessons: published ones and your own drafts. `q` searches the full text (the 1,000
    newest matches, ranked); filter by outcome, category, country, partner, operator and tag;
    `sort` is relevance, newest or endorsed."""

    serializer_class = LessonSerializer
    filterset_class = LessonFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return Lesson.objects.visible_to(self.request.user).for_list()

    def get_object(self) -> Lesson:
        # The id in the URL is read like every id from outside: nonsense is simply not found.
        if parse_id(self.kwargs.get(self.lookup_field)) is None:
            raise Http404("No such lesson.")
        return super().get_object()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        search_text = self.request.query_params.get("q", "").strip()
        if page is not None and search_text:
            attach_highlights(page, search_text)
        return page

    @staticmethod
    def _service_fields(validated: dict) -> dict:
        fields = dict(validated)
        fields.pop("publish", None)
        if "country_codes" in fields:
            fields["countries"] = fields.pop("country_codes")
        if "tag_names" in fields:
            fields["tags"] = fields.pop("tag_names")
        return fields

    def perform_create(self, serializer) -> None:
        lesson = services.create_lesson(
            author=self.request.user,
            publish=serializer.validated_data.get("publish", False),
            **self._service_fields(serializer.validated_data),
        )
        serializer.instance = self._fresh(lesson.pk)

    def perform_update(self, serializer) -> None:
        lesson = services.update_lesson(
            lesson=serializer.instance,
            by=self.request.user,
            **self._service_fields(serializer.validated_data),
        )
        serializer.instance = self._fresh(lesson.pk)

    def _fresh(self, pk) -> Lesson:
        """The lesson again as the viewer sees it (with which of its references they may see)."""
        return self.get_queryset().get(pk=pk)

    @extend_schema(request=None, responses={200: LessonSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk=None) -> Response:
        lesson = services.publish_lesson(lesson=self.get_object(), by=request.user)
        return Response(self.get_serializer(self._fresh(lesson.pk)).data)

    @extend_schema(request=None, responses={201: EndorsementResultSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def endorse(self, request: Request, pk=None) -> Response:
        """ "We saw this too": once per member; not your own lesson; published lessons only."""
        lesson = self.get_object()
        services.endorse_lesson(lesson=lesson, by=request.user)
        lesson.refresh_from_db(fields=["endorsement_count"])
        return Response(
            {"endorsement_count": lesson.endorsement_count}, status=status.HTTP_201_CREATED
        )

    @extend_schema(methods=["get"], request=None, responses=CommentSerializer(many=True))
    @extend_schema(
        methods=["post"], request=CommentSerializer, responses={201: CommentSerializer, **REFUSALS}
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def comments(self, request: Request, pk=None) -> Response:
        lesson = self.get_object()
        if request.method == "GET":
            comments = lesson.comments.select_related("author", "operator")
            return Response(CommentSerializer(comments, many=True).data)
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.comment_on_lesson(
            lesson=lesson,
            by=request.user,
            body=serializer.validated_data["body"],
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("lessons", LessonViewSet, basename="lesson")
