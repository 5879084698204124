"""The one paginator of every list page and of the API: it counts rows only up to a cap.

An exact `COUNT(*)` of a million visible deals reads them all on every page view. This paginator
counts at most `cap` rows past the start of the page asked for, in a `COUNT(*)` over a
`LIMIT`ed subquery of primary keys (no ordering, no joins of `select_related`): a list shows
"10,000+ deals" and "Page 1 of 400+", and going further still works, because the count then
reaches `cap` rows past the later page (that count reads about as many rows as the page's own
`OFFSET` does). Below the cap, counts are exact, as before.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CAP = 10_000
# No count reaches further (a hostile ?page=10**30 must not overflow the database's LIMIT).
MAX_REACH = 10**9


class CappedPaginator(Paginator):
    """Django's Paginator whose `count` stops at `cap` rows past the page asked for;
    `is_capped` tells that more rows exist, `count_label` says it as "10,000+"."""

    cap = COUNT_CAP

    def __init__(
        self, object_list, per_page, *, cap: int | None = None, counted=None, **kwargs
    ) -> None:
        """`counted`: the same rows as `object_list` without what only their display needs
        (joins of `for_listing()`), when that lets an index answer the count alone."""
        super().__init__(object_list, per_page, **kwargs)
        self.counted = object_list if counted is None else counted
        self.cap = cap or self.cap
        self.reach = self.cap
        self.is_capped = False

    def validate_number(self, number):
        self._reach_page(number)
        return super().validate_number(number)

    def _reach_page(self, number) -> None:
        """Count far enough to know whether page `number` exists: a capped count is made again,
        further, only for a page past the rows it counted."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return
        first_row = max(number - 1, 0) * self.per_page
        if "count" in self.__dict__:
            if not self.is_capped or first_row < self.count:
                return
            self.__dict__.pop("count")
            self.__dict__.pop("num_pages", None)
        self.reach = min(max(first_row + self.cap, self.reach), MAX_REACH)

    @cached_property
    def count(self) -> int:
        if isinstance(self.counted, QuerySet):
            found = self.counted.order_by().values("pk")[: self.reach + 1].count()
        else:
            found = len(self.counted[: self.reach + 1])
        self.is_capped = found > self.reach
        return min(found, self.reach)

    @property
    def count_label(self) -> str:
        """The count as people read it: "1,234", or "10,000+" when there are more."""
        return f"{self.count:,}{'+' if self.is_capped else ''}"


class CappedPageNumberPagination(PageNumberPagination):
    """The API's pagination (every list): `count` is exact up to the cap, and then the cap, with
    `count_is_capped` true; `next` links keep working past it."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data) -> Response:
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_is_capped": paginator.is_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        answer = super().get_paginated_response_schema(schema)
        answer["properties"] = {
            "count": {
                "type": "integer",
                "example": 123,
                "description": f"Exact up to {COUNT_CAP:,} rows past the page asked for; "
                "then that many, with count_is_capped true.",
            },
            "count_is_capped": {
                "type": "boolean",
                "description": "True when more rows exist than `count` says.",
            },
            **{k: v for k, v in answer["properties"].items() if k != "count"},
        }
        return answer
