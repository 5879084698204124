"""Type-ahead fields: a choice among thousands of rows (50,000 partners) without a `<select>` that
lists them all.

The field is a text input that takes the row's slug, its exact name or its id;
`static/js/portal.js` lists suggestions under it from a small JSON endpoint as the member types
(`suggestions`), so without JavaScript it is a plain text field. The endpoint and the field both
read the rows through the model's `visible_to(user)`: a suggestion, or a typed name, never finds
a row the member may not see.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse

from alliance.params import parse_id

SUGGESTIONS = 10
MAX_TYPED = 100
# A name shared by more rows than this is answered with this many slugs to choose from.
SAME_NAME_SHOWN = 5


class TypeaheadInput(forms.TextInput):
    """A text input under which portal.js lists `url_name`'s suggestions."""

    def __init__(self, url_name: str, attrs: dict | None = None, url_args: tuple = ()) -> None:
        super().__init__({"autocomplete": "off", "maxlength": MAX_TYPED, **(attrs or {})})
        self.url_name = url_name
        self.url_args = url_args

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-typeahead"] = reverse(self.url_name, args=self.url_args)
        return context


class TypeaheadChoiceField(forms.ModelChoiceField):
    """One row of the queryset (the rows the member may see), typed as its slug, its exact name
    (any case) or its id. A name that several rows share is refused with their slugs.
    `slug_field` and `name_field` may follow a relation (a deal typed by its partner:
    "partner__slug")."""

    default_error_messages = {
        "unknown": "No %(what)s named “%(value)s” that you can see. Type its name, or a few "
        "letters of it and pick a suggestion.",
        "ambiguous": "Several %(what_plural)s are named “%(value)s”: type the one you mean by "
        "its short name (%(slugs)s).",
    }

    def __init__(
        self,
        queryset,
        *,
        url_name: str,
        url_args: tuple = (),
        slug_field: str = "slug",
        name_field: str = "name",
        **kwargs,
    ) -> None:
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", TypeaheadInput(url_name, url_args=url_args))
        kwargs.pop("empty_label", None)
        super().__init__(queryset, **kwargs)
        self.slug_field, self.name_field = slug_field, name_field

    def to_python(self, value):
        if value in self.empty_values:
            return None
        typed = " ".join(str(self.prepare_value(value)).split())[:MAX_TYPED]
        if "\x00" in typed:  # no row has it, and the database refuses it in a query
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        found = self.queryset.filter(**{self.slug_field: typed}).first()
        if found is None and parse_id(typed) is not None:
            found = self.queryset.filter(pk=parse_id(typed)).first()
        if found is not None:
            return found
        named = self.queryset.filter(**{f"{self.name_field}__iexact": typed}).order_by("pk")
        named = list(named[: SAME_NAME_SHOWN + 1])
        if len(named) == 1:
            return named[0]
        meta = self.queryset.model._meta
        params = {"what": meta.verbose_name, "what_plural": meta.verbose_name_plural}
        slugs = ", ".join(self.prepare_value(row) for row in named[:SAME_NAME_SHOWN])
        params |= {"value": typed, "slugs": slugs}
        code = "ambiguous" if named else "unknown"
        raise ValidationError(self.error_messages[code], code=code, params=params)

    def prepare_value(self, value):
        """A row as the text that finds it again (its slug); anything else as it is."""
        if not isinstance(value, self.queryset.model):
            return value
        for name in self.slug_field.split("__"):
            value = getattr(value, name)
        return value

    def has_changed(self, initial, data) -> bool:
        return str(self.prepare_value(initial) or "") != str(data or "")


def suggestions(request: HttpRequest, rows: QuerySet) -> JsonResponse:
    """`?q=` → the first rows (visible to the member, by the caller's `visible_to`) whose name
    contains the text, as `[{"value": slug, "label": name}]`, by name."""
    typed = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_TYPED]
    found = (
        rows.filter(name__icontains=typed).order_by("name", "pk").values_list("slug", "name")
        if typed
        else []
    )
    return JsonResponse(
        [{"value": slug, "label": name} for slug, name in found[:SUGGESTIONS]], safe=False
    )
