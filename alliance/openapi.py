"""The OpenAPI schema documents every answer an operation can give, errors included, in one place.

Set as DRF's DEFAULT_SCHEMA_CLASS. Each operation gets, besides its own success answer, the
refusals the portal's one error vocabulary (alliance.errors, turned into responses by
alliance.api_errors and the upload and database-outage handlers) can produce for it:

- 400 `ValidationError` — `{"<field>": ["message", ...]}` — for an operation that reads a body or a
  query string;
- 401, 403, 429, 503 `DomainError` — `{"detail": "...", "code": "..."}` — for every operation (403 also
  for a domain `NotAllowed`);
- 404 `DomainError` for an operation that addresses an object or a page of a list;
- 409 `DomainError` (a domain `Conflict`) and 413 (a body over the upload limit) for a write.

A view's own `@extend_schema(responses=...)` may describe an error in words; its body is always
the one shape.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

from alliance.api_errors import DomainErrorSerializer

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
DESCRIPTIONS = {
    "400": "The input is invalid: each field's messages under its name (`non_field_errors` for "
    "the request as a whole; `detail` and `code` when a domain rule concerns no single field).",
    "401": "No valid credentials: send `Authorization: Token <key>`.",
    "403": "Not allowed: not a member of the alliance, a suspended operator's write, or a rule of "
    "the domain (`code` `not_allowed`).",
    "404": "No such object, or one you may not see; or no such page of the list.",
    "409": "The object's current state does not allow it (`code` `conflict`).",
    "413": "The request body is over the upload limit.",
    "429": "Too many requests; `Retry-After` says when to try again.",
    "503": "The database cannot be reached at the moment; `Retry-After` says when to try again.",
}
# A field's messages: a list of sentences, or for a list or nested field, the same by index/name.
VALIDATION_ERROR = {
    "type": "object",
    "description": DESCRIPTIONS["400"],
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}


class AllianceAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            described = responses.get(code, {}).get("description")
            responses[code] = {
                "description": described or DESCRIPTIONS[code],
                "content": {"application/json": {"schema": self._error_schema(code)}},
            }
        return dict(sorted(responses.items()))

    def _error_codes(self) -> list[str]:
        public = any(isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        codes = ["429", "503"] if public else ["401", "403", "429", "503"]
        reads_input = self.method in WRITES or bool(self._get_query_parameters())
        if reads_input and self.method != "DELETE":
            codes.append("400")
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            codes.append("404")
        if self.method in WRITES:
            codes += ["409", "413"] if self.method != "DELETE" else ["409"]
        return codes

    def _get_query_parameters(self) -> list:
        return [*self._get_filter_parameters(), *self._get_pagination_parameters()]

    def _error_schema(self, code: str) -> dict:
        if code == "400":
            component = ResolvedComponent(
                name="ValidationError",
                type=ResolvedComponent.SCHEMA,
                object="ValidationError",
                schema=VALIDATION_ERROR,
            )
            self.registry.register_on_missing(component)
            return component.ref
        return self.resolve_serializer(DomainErrorSerializer, "response").ref
