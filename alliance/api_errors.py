"""API errors in one shape: the one place where a refusal becomes an HTTP status and a body.

Set as DRF's EXCEPTION_HANDLER. Every error answers `{"detail": "<sentence>", "code": "<code>"}`
(`NotAllowed` 403 `not_allowed`, `Conflict` 409 `conflict`, DRF's own 401 `not_authenticated`,
404 `not_found`, 429 `throttled`, ...), except input errors: 400 in DRF's validation shape,
`{"<field>": ["..."]}` (`non_field_errors` for the request as a whole), which an `Invalid` with a
`field` joins, so a client reads a domain refusal the same way as a malformed request. The schema
documents both shapes on every operation (alliance.openapi).
"""

from __future__ import annotations

from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from alliance.errors import DomainError


def error_body(error: DomainError) -> dict:
    """An invalid field in the validation shape; any other refusal as `{detail, code}`, with the
    `field` it concerns when there is one (a conflict on a country, ...)."""
    if error.field and error.status_code == 400:
        return {error.field: [error.message]}
    body = {"detail": error.message, "code": error.code}
    return body | {"field": error.field} if error.field else body


def domain_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc), status=exc.status_code)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(response.data, list):
            response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    elif "code" not in response.data:
        response.data = {"detail": response.data["detail"], "code": error_code(exc, response)}
    return response


def error_code(exc: Exception, response: Response) -> str:
    """DRF's code for its own exceptions; Django's Http404 and PermissionDenied have none."""
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        return codes if isinstance(codes, str) else exc.default_code
    return {404: "not_found"}.get(response.status_code, "permission_denied")


class DomainErrorSerializer(serializers.Serializer):
    """What every error but invalid input looks like."""

    detail = serializers.CharField()
    code = serializers.CharField()
    field = serializers.CharField(
        required=False, help_text="The input a conflict or refusal concerns, when it concerns one."
    )
