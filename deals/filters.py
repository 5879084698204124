"""API filters of deals: the same meanings as the deals list's filters."""

from __future__ import annotations

import django_filters
from django_countries import countries

from deals.models import Deal, DealType, Stage


class DealFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(choices=list(countries))
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    deal_type = django_filters.ChoiceFilter(choices=DealType.choices, method="filter_detail")
    partner = django_filters.CharFilter(field_name="partner__slug")
    operator = django_filters.CharFilter(field_name="operator__slug")

    class Meta:
        model = Deal
        fields = ["country", "stage", "deal_type", "partner", "operator"]

    def filter_detail(self, queryset, name: str, value: str):
        # The deal type is a detail: only deals whose details the viewer sees may match on it.
        return queryset.with_details_for(self.request.user).filter(**{name: value})
