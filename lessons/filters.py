"""Search, filters and sorting of lessons: one FilterSet for the lessons page and the API."""

from __future__ import annotations

import django_filters

from alliance.choices import Category
from alliance.country_names import country_choices
from alliance.models import Operator
from alliance.params import parse_country
from alliance.typeahead import TypeaheadChoiceField
from lessons.models import Lesson
from lessons.search import MAX_QUERY_LENGTH, search_lessons
from partners.models import Partner


def _seen_by_requester(model, *ordering: str):
    """A filter's choices: the rows of `model` the requesting user may see (by its own
    `visible_to` rule); none without a request."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user).order_by(*ordering)

    return queryset


class TypeaheadFilter(django_filters.ModelChoiceFilter):
    """A row the member may see, typed (slug or name) with suggestions, not picked in a list."""

    field_class = TypeaheadChoiceField


class LessonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_search", max_length=MAX_QUERY_LENGTH
    )
    outcome = django_filters.ChoiceFilter(choices=Lesson.Outcome.choices, empty_label="Any outcome")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="Any category")
    country = django_filters.ChoiceFilter(
        # A callable, read from one table per language: not a list every request deep-copies.
        choices=country_choices,
        method="filter_country",
        empty_label="Any country",
        label="Country",
    )
    # Type-ahead fields, not <select>s: a member may see 50,000 partners.
    partner = TypeaheadFilter(
        queryset=_seen_by_requester(Partner, "name"), url_name="partners:suggestions"
    )
    operator = TypeaheadFilter(
        queryset=_seen_by_requester(Operator, "name"), url_name="alliance:operator_suggestions"
    )
    tag = django_filters.CharFilter(field_name="tags__slug", label="Tag", max_length=50)
    sort = django_filters.ChoiceFilter(
        choices=[("relevance", "Best match"), ("newest", "Newest"), ("endorsed", "Most endorsed")],
        method="filter_sort",
        empty_label=None,
        label="Sort by",
    )

    class Meta:
        model = Lesson
        fields = ["q", "outcome", "category", "country", "partner", "operator", "tag", "sort"]

    def __init__(self, data=None, *args, **kwargs) -> None:
        # A country code is read like every code from outside: "fr" is France; nonsense stays as
        # it came, for the form to call it an invalid choice.
        if data is not None and parse_country(data.get("country")):
            data = data.copy()
            data["country"] = parse_country(data.get("country"))
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        return search_lessons(queryset, value) if value.strip() else queryset

    def filter_country(self, queryset, name, value: str):
        return queryset.in_country(value)

    def filter_sort(self, queryset, name, value):
        # Applied by `qs` below, after every filter (the search annotates the rank it needs).
        return queryset

    @property
    def search_text(self) -> str:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return (data.get("q") or "").strip()

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        sort = data.get("sort") or ("relevance" if self.search_text else "newest")
        if sort == "relevance" and self.search_text:
            return queryset.order_by("-rank", "-published_at", "-pk")
        if sort == "endorsed":
            return queryset.order_by("-endorsement_count", "-published_at", "-pk")
        return queryset.order_by("-published_at", "-created_at", "-pk")
