"""Type-ahead fields: a choice among thousands of rows (50,000 partners) without a `<select>` that
lists them all.

The field is a text input that takes the row's slug, its exact name or its id; `static/js/portal.js`
fills its `<datalist>` from a small JSON endpoint as the member types (`suggestions`), so without
JavaScript it is a plain text field. The endpoint and the field both read the rows through the
model's `visible_to(user)`: a suggestion, or a typed name, never finds a row the member may not
see.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.html import format_html

from alliance.params import parse_id

SUGGESTIONS = 10
MAX_TYPED = 100
# A name shared by more rows than this is answered with this many slugs to choose from.
SAME_NAME_SHOWN = 5


class TypeaheadInput(forms.TextInput):
    """A text input with a `<datalist>` that portal.js fills from `url_name`'s suggestions."""

    def __init__(self, url_name: str, attrs: dict | None = None) -> None:
        super().__init__({"autocomplete": "off", "maxlength": MAX_TYPED, **(attrs or {})})
        self.url_name = url_name

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id', name)}-suggestions"
        widget_attrs["data-typeahead"] = reverse(self.url_name)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id', name)}-suggestions"
        return format_html('{}<datalist id="{}"></datalist>', field, list_id)


class TypeaheadChoiceField(forms.ModelChoiceField):
    """One row of the queryset (the rows the member may see), typed as its slug, its exact name
    (any case) or its id. A name that several rows share is refused with their slugs."""

    def __init__(self, queryset, *, url_name: str, **kwargs) -> None:
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", TypeaheadInput(url_name))
        kwargs.pop("empty_label", None)
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = value.slug
        typed = " ".join(str(value).split())[:MAX_TYPED]
        if "\x00" in typed:  # no row has it, and the database refuses it in a query
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        what = self.queryset.model._meta.verbose_name
        found = self.queryset.filter(slug=typed).first()
        if found is None and parse_id(typed) is not None:
            found = self.queryset.filter(pk=parse_id(typed)).first()
        if found is not None:
            return found
        named = list(self.queryset.filter(name__iexact=typed).order_by("pk")[: SAME_NAME_SHOWN + 1])
        if len(named) > 1:
            slugs = ", ".join(row.slug for row in named[:SAME_NAME_SHOWN])
            raise ValidationError(
                f"Several {self.queryset.model._meta.verbose_name_plural} are named “{typed}”: "
                f"type the one you mean by its short name ({slugs}).",
                code="ambiguous_choice",
            )
        if not named:
            raise ValidationError(
                f"No {what} named “{typed}” that you can see: type its name, or a few letters "
                "of it and pick a suggestion.",
                code="invalid_choice",
            )
        return named[0]

    def prepare_value(self, value):
        return getattr(value, "slug", value)

    def has_changed(self, initial, data) -> bool:
        return str(self.prepare_value(initial) or "") != str(data or "")


def suggestions(request: HttpRequest, rows: QuerySet) -> JsonResponse:
    """`?q=` → the first rows (visible to the member, by the caller's `visible_to`) whose name
    contains the text, as `[{"value": slug, "label": name}]`, by name."""
    typed = " ".join(request.GET.get("q", "").split())[:MAX_TYPED]
    found = (
        rows.filter(name__icontains=typed).order_by("name", "pk").values_list("slug", "name")
        if typed
        else []
    )
    return JsonResponse(
        [{"value": slug, "label": name} for slug, name in found[:SUGGESTIONS]], safe=False
    )
