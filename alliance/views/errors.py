"""The page for an error no view handled (handler500), saying what actually happened.

- The database unreachable (or a statement that ran out of time): 503 with Retry-After, since
  the request can simply be tried again in a moment.
- An upload over its limit met while parsing the form (alliance.uploads): 413.
- Anything else: 500, which does not claim that nothing was saved, since it may have been.
API requests get the same status with a JSON body, as does an API address that matches no
endpoint (handler404), so that every API error has the one shape of alliance.api_errors. The pages
are plain templates rendered without a request context: they must not need the database.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

from alliance.uploads import UploadTooLarge, too_large_response

RETRY_AFTER_SECONDS = 30
API_MESSAGES = {
    503: "The portal cannot reach its database at the moment. Try again shortly.",
    500: "Something went wrong on our side; the error has been logged.",
}


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, for a page or the API; also used by /healthz."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": API_MESSAGES[503], "code": "unavailable"}, status=503, headers=headers
        )
    return HttpResponse(render_to_string("503.html"), status=503, headers=headers)


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    if isinstance(error, UploadTooLarge):
        return too_large_response(request, error.limit)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": API_MESSAGES[500], "code": "server_error"}, status=500)
    return HttpResponse(render_to_string("500.html"), status=500)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)
