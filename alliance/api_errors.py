"""Domain errors as API responses: the one place where a refusal becomes an HTTP status.

Set as DRF's EXCEPTION_HANDLER. `NotAllowed` and `Conflict` answer `{"detail", "code"}` with 403
and 409; `Invalid` answers 400 in DRF's own validation shape (`{"<field>": ["..."]}`, or
`{"detail", "code"}` when it concerns no single field), so a client reads a domain refusal the
same way as a malformed request.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

from alliance.errors import DomainError


def error_body(error: DomainError) -> dict:
    if error.field:
        return {error.field: [error.message]}
    return {"detail": error.message, "code": error.code}


def domain_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc), status=exc.status_code)
    return exception_handler(exc, context)


class DomainErrorSerializer(serializers.Serializer):
    """What a refusal looks like (403 not allowed, 409 conflict, 400 without a field)."""

    detail = serializers.CharField()
    code = serializers.CharField()
