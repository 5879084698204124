"""The OpenAPI schema documents every answer an operation can give, errors included, in one place.

Set as DRF's DEFAULT_SCHEMA_CLASS. Each operation gets, besides its own success answer, the
refusals the portal's one error vocabulary (alliance.errors, turned into responses by
alliance.api_errors and the upload and database-outage handlers) can produce for it:

- 400 `ValidationError` — `{"<field>": ["message", ...]}` — for an operation that reads a body or a
  query string;
- 401, 403, 429, 503 `DomainError` — `{"detail": "...", "code": "..."}` — for every operation
  (403 also for a domain `NotAllowed`);
- 404 `DomainError` for an operation that addresses an object or a page of a list;
- 409 `DomainError` (a domain `Conflict`) and 413 (a body over the upload limit) for a write.

A view's own `@extend_schema(responses=...)` may describe an error in words; its body is always
the one shape.

It also says what the answers really hold: a reference a model allows to be empty is nullable
(and reads null to a viewer who may not see its object); a response enum lists every value the
model field holds (a deal's `stage` may be `declined` though one is logged in an open stage; a
`decline_reason` may be ""), and a text with a format may be blank if its field may (a website);
a serializer that reduces some objects to a few fields (`always_present`, e.g. a summary deal)
requires only those; and a filter takes "" for "any", as django-filter reads it and the pages'
forms send it.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django_filters import ChoiceFilter, MultipleChoiceFilter
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
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

# An address Django's URLValidator takes: a scheme, a host name with a top-level domain, maybe a
# port and a path (it takes IP addresses and localhost too, which a partner's website is not).
URL = (
    r"^(?:https?|ftps?)://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(?::[0-9]{1,5})?(?:[/?#][^\s]*)?$"
)

TEXT_SHAPE = {"type", "format", "pattern", "minLength", "maxLength"}


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

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        model_field = model_field_of(field) if direction == "response" else None
        if (
            model_field is not None
            and model_field.choices
            and isinstance(field, serializers.ChoiceField)
        ):
            field = every_choice_of(field, model_field)
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema is not None and direction == "request":
            refine_input(field, schema)
        blank = getattr(field, "allow_blank", False) or getattr(model_field, "blank", False)
        if schema is not None and blank and "format" in schema:
            schema = blank_or(schema)
        nullable = isinstance(field, serializers.RelatedField) and getattr(
            model_field, "null", False
        )
        if schema is not None and nullable and "$ref" not in schema:
            schema["nullable"] = True
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        always = getattr(serializer, "always_present", None)
        if direction == "response" and always is not None:
            schema["required"] = [name for name in schema.get("required", []) if name in always]
        return schema

    def _get_filter_parameters(self) -> list:
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        filters = filterset.base_filters if filterset else {}
        for parameter in parameters:
            schema = parameter["schema"]
            choices = choices_of(filters.get(parameter["name"]))
            if choices and "enum" not in schema and schema.get("type") == "string":
                schema["enum"] = choices
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], ""]
            elif "enum" in schema.get("items", {}):
                schema["items"] = {**schema["items"], "enum": [*schema["items"]["enum"], ""]}
            elif schema.get("type") != "string" or {"format", "pattern"} & set(schema):
                parameter["schema"] = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
        return parameters

    def get_request_serializer(self):
        """A change (PUT, PATCH) as the serializer takes it: of an object, whose fixed fields
        (a deal's partner and country, ...) are read-only then."""
        serializer = super().get_request_serializer()
        if self.method in ("PUT", "PATCH") and isinstance(serializer, serializers.ModelSerializer):
            return type(serializer)(serializer.Meta.model(), context=serializer.context)
        return serializer

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


def model_field_of(field: serializers.Field) -> models.Field | None:
    """The model field a serializer field reads, when it reads one directly."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or "." in field.source:
        return None
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None
    return model_field if isinstance(model_field, models.Field) else None


def every_choice_of(field: serializers.ChoiceField, model_field: models.Field):
    """`field` as it is read: with every choice of its model field, "" included if allowed."""
    clone = serializers.ChoiceField(
        choices=model_field.choices, allow_blank=model_field.blank, read_only=True
    )
    clone.bind(field.field_name, field.parent)
    return clone


def blank_or(schema: dict) -> dict:
    """A text with a format (a URL, an email address) that may also be blank."""
    shape = {key: value for key, value in schema.items() if key in TEXT_SHAPE}
    rest = {key: value for key, value in schema.items() if key not in TEXT_SHAPE}
    return {**rest, "anyOf": [shape, {"type": "string", "maxLength": 0}]}


# What DRF trims (Python's str.strip): the ASCII spaces and separators \x1c-\x1f and \x85 too,
# which a pattern's \s does not cover, and not \ufeff, which it does.
PYTHON_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def refine_input(field: serializers.Field, schema: dict) -> None:
    """What DRF checks of an input that drf-spectacular leaves unsaid: a text holds no NUL and,
    if it may not be blank, a character that is not a space; a list that may not be empty has an
    item; a decimal has a digit; a URL is one Django takes."""
    if isinstance(field, serializers.CharField) and not {"format", "pattern"} & set(schema):
        # No text may hold a NUL character (DRF refuses it); blank once trimmed is blank.
        if field.allow_blank or not field.trim_whitespace:
            schema["pattern"] = r"^[^\x00]*$"
        else:
            schema["pattern"] = rf"^[^\x00]*[^\x00{PYTHON_SPACE}][^\x00]*$"
    if isinstance(field, serializers.CharField) and not field.allow_blank:
        schema.setdefault("minLength", 1)
    if isinstance(field, serializers.URLField):
        schema["pattern"] = URL
    if isinstance(field, serializers.ListField) and not field.allow_empty:
        schema.setdefault("minItems", 1)
    if isinstance(field, serializers.DecimalField) and field.max_digits is not None:
        whole = field.max_digits - (field.decimal_places or 0)
        places = field.decimal_places or 0
        if places:
            number = rf"(?:\d{{1,{whole}}}(?:\.\d{{0,{places}}})?|\.\d{{1,{places}}})"
        else:
            number = rf"\d{{1,{whole}}}"
        schema["pattern"] = rf"^-?{number}$"


def choices_of(query_filter) -> list[str]:
    """The values a choice filter takes (a country filter's ISO codes, ...)."""
    if not isinstance(query_filter, ChoiceFilter | MultipleChoiceFilter):
        return []
    choices = query_filter.extra.get("choices", [])
    return [str(value) for value, _ in (choices() if callable(choices) else choices)]
