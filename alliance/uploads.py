"""Upload limits, enforced while the body streams in rather than after it has all arrived.

- `UploadLimitMiddleware` answers 413 to a request whose Content-Length is over its page's limit
  (the largest file the page takes, plus the form fields) before a byte of its body is read.
- `LimitedUploadHandler` (first of FILE_UPLOAD_HANDLERS) counts each file's bytes as they arrive
  and stops the upload once one is over its page's limit.
The limits are settings (UPLOAD_MAX_BYTES_BY_PAGE, by URL name); the proxy in front sets the same
(README, "Limits the proxy in front must set").
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve


class UploadTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"The upload is larger than {megabytes(limit)}.")
        self.limit = limit


def megabytes(size: int) -> str:
    """A size as people read it: "10 MB", "2.5 MB", "97 KB"."""
    if size >= settings.MEGABYTE:
        return f"{size / settings.MEGABYTE:.1f}".removesuffix(".0") + " MB"
    return f"{size // 1024} KB"


def file_limit(request: HttpRequest) -> int:
    """The largest file the requested page takes."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return settings.UPLOAD_MAX_BYTES
    return settings.UPLOAD_MAX_BYTES_BY_PAGE.get(match.view_name, settings.UPLOAD_MAX_BYTES)


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        detail = f"The upload is too large: files of at most {megabytes(limit)} are accepted."
        return JsonResponse({"detail": detail, "code": "too_large"}, status=413)
    return HttpResponse(render_to_string("413.html", {"limit": megabytes(limit)}), status=413)


class LimitedUploadHandler(FileUploadHandler):
    """Passes file data on to the next handler until a file is over its page's limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = file_limit(self.request)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            raise UploadTooLarge(self.limit)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadLimitMiddleware:
    """Refuses an oversized body before reading it, and an oversized file as it streams in.

    The form is parsed here, where CSRF protection would parse it anyway (a POST to a view that is
    not CSRF-exempt), so that the refusal is a 413 page rather than an error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:  # smaller bodies are always accepted
            limit = file_limit(request)
            if length > limit + settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                return too_large_response(request, limit)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, view_args, view_kwargs):
        multipart = request.content_type == "multipart/form-data"
        if request.method != "POST" or not multipart or getattr(view, "csrf_exempt", False):
            return None
        try:
            request.FILES  # noqa: B018 - parses the body, through LimitedUploadHandler
        except UploadTooLarge as error:
            return too_large_response(request, error.limit)
        return None
