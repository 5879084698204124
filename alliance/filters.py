"""Filters of operators and opcos, shared by the members directory and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django_countries.django_filters import CountryFilter

from alliance.choices import Category
from alliance.models import Opco, Operator


def operators_in_country(operators: QuerySet[Operator], code: str) -> QuerySet[Operator]:
    """Operators with an opco in the country (a subquery, so no duplicate rows)."""
    return operators.filter(pk__in=Opco.objects.filter(country=code).values("operator_id"))


def operators_with_focus(operators: QuerySet[Operator], category: str) -> QuerySet[Operator]:
    # focus_categories is a JSON list of codes; its text holds each code in double quotes. This
    # works on SQLite and PostgreSQL alike, where `contains` on JSON does not.
    return operators.filter(focus_categories__icontains=f'"{category}"')


class OperatorFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", max_length=100)
    country = CountryFilter(
        method="filter_country", label="Operators with an opco in this country (ISO code)"
    )
    category = django_filters.ChoiceFilter(
        choices=Category.choices, method="filter_category", label="Focus category"
    )
    status = django_filters.ChoiceFilter(choices=Operator.Status.choices)
    hq_country = CountryFilter()

    class Meta:
        model = Operator
        fields = ["name", "country", "category", "status", "hq_country"]

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return operators_in_country(queryset, value)

    def filter_category(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return operators_with_focus(queryset, value)


class OpcoFilter(django_filters.FilterSet):
    operator = django_filters.CharFilter(
        field_name="operator__slug", max_length=120, label="The owning operator's slug"
    )
    country = CountryFilter()

    class Meta:
        model = Opco
        fields = ["operator", "country"]
