"""Admin change lists of tables that grow with the alliance (a million deals, 4.7 million ledger
rows): counted by the capped paginator of the list pages (`alliance.paging`), never in full, and
newest first by primary key (an index), not by a column no index sorts."""

from __future__ import annotations

from django.contrib import admin

from alliance.paging import CappedPaginator


class LargeTableAdmin(admin.ModelAdmin):
    """A model admin whose change list counts at most `CappedPaginator.cap` rows past the page
    shown ("10,000+ deals", templates/admin/pagination.html) and no second, unfiltered count.
    Its filters should offer fixed choices (statuses, kinds, date ranges), not one per row of
    another large table, and its change form no `<select>` of one (raw_id_fields)."""

    show_full_result_count = False
    ordering = ["-pk"]

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return CappedPaginator(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page
        )


def country_column(field: str, description: str = "country"):
    """A change list column with each row's country (a CountryField) by name, read from the row:
    the admin's own column for the field looks the name up among 250 choices in every cell."""

    @admin.display(description=description, ordering=field)
    def column(obj) -> str:
        return getattr(obj, field).name

    return column
