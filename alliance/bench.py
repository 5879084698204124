"""What `make bench` needs from the running portal, on only when the setting BENCH_MODE is on (the
environment variable of the same name; the benchmark sets it for its own server, production
never does):

- `floor`: a bare member-only view returning a few bytes, the floor every page is measured
  against (the same session and authentication work, no page);
- `QueryCountMiddleware`: an `X-Query-Count` header with the number of SQL queries the request
  ran (for a streamed response, those run before its first byte).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["X-Query-Count"] = str(queries)
        return response
