"""API filters of the partners app: the same filters as the directory and the inbox.

Slugs are read through `alliance.params.parse_token`: a value no slug could be matches nothing
(it never reaches the database)."""

from __future__ import annotations

import django_filters
from django_countries import countries

from alliance.choices import Category
from alliance.params import parse_token
from partners.models import Introduction, Partner


def _by_slug(queryset, lookup: str, value: str):
    slug = parse_token(value)
    return queryset.filter(**{lookup: slug}) if slug else queryset.none()


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search in name and description")
    category = django_filters.ChoiceFilter(choices=Category.choices)
    status = django_filters.ChoiceFilter(choices=Partner.Status.choices)
    country = django_filters.ChoiceFilter(
        choices=list(countries), method="operating_in", label="Operates in (country code)"
    )
    sponsor = django_filters.CharFilter(method="sponsored_by", label="Sponsoring operator (slug)")

    class Meta:
        model = Partner
        fields = ["q", "category", "status", "country", "sponsor"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def operating_in(self, queryset, name, value):
        return queryset.operating_in(value)

    def sponsored_by(self, queryset, name, value):
        return _by_slug(queryset, "sponsorships__operator__slug", value)


class IntroductionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Introduction.Status.choices)
    partner = django_filters.CharFilter(
        field_name="partner__slug", method="slug_filter", label="Partner (slug)"
    )
    from_operator = django_filters.CharFilter(
        field_name="from_operator__slug", method="slug_filter", label="Introducing operator (slug)"
    )
    to_operator = django_filters.CharFilter(
        field_name="to_operator__slug", method="slug_filter", label="Receiving operator (slug)"
    )
    box = django_filters.ChoiceFilter(
        choices=[("received", "Received by my operator"), ("sent", "Sent by my operator")],
        method="filter_box",
        label="My operator's inbox or outbox",
    )

    class Meta:
        model = Introduction
        fields = ["status", "partner", "from_operator", "to_operator", "box"]

    def slug_filter(self, queryset, name, value):
        return _by_slug(queryset, name, value)

    def filter_box(self, queryset, name, value):
        membership = self.request.user.active_membership
        if membership is None:
            return queryset.none()
        if value == "received":
            return queryset.received_by(membership.operator)
        return queryset.sent_by(membership.operator)
