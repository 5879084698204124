"""`{{ widget|select_options }}`: a select's options written in Python. Django's own select
template includes two templates per option, which made the filter forms (a few hundred operators
and countries) half of a list page's rendering time at full scale."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _attrs(attrs: dict) -> SafeString:
    """The option's attributes as Django's attrs.html writes them (True alone, False left out)."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _option(option: dict) -> SafeString:
    return format_html(
        '<option value="{}"{}>{}</option>',
        option["value"],
        _attrs(option["attrs"]),
        option["label"],
    )


@register.filter
def select_options(widget: dict) -> SafeString:
    parts = []
    for group_name, group_choices, _ in widget["optgroups"]:
        options = mark_safe("".join(_option(option) for option in group_choices))
        parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, options)
                     if group_name else options)  # fmt: skip
    return mark_safe("".join(parts))
