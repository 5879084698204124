"""Template tags other pages use to show lessons where they matter."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from alliance.choices import Category
from alliance.params import parse_country, parse_id
from lessons.models import Lesson
from partners.models import Partner

register = template.Library()

RELATED_LIMIT = 5
DASHBOARD_LIMIT = 5


def _country_code(value) -> str:
    """The code of a Country object, or of a form's raw value (which may be anything), or ""."""
    return parse_country(getattr(value, "code", value)) or ""


def related_lessons_for(
    user, *, partner=None, country=None, category=None, exclude=None
) -> list[Lesson]:
    """The related lessons `user` may read about a partner, a country and a category (see
    `LessonQuerySet.related_to` for the order). `partner` and `country` may be objects or a
    form's raw values, which may be anything. One query (two when only a partner's id is known:
    its category is looked up)."""
    partner_id = parse_id(getattr(partner, "pk", partner))
    code = _country_code(country)
    if category is None and partner_id:
        # A deal form knows the partner's id only: its category comes from the partner.
        category = Partner.objects.filter(pk=partner_id).values_list("category", flat=True).first()
    category = category if category in Category.values else ""
    if not (partner_id or code or category):
        return []
    lessons = (
        Lesson.objects.visible_to(user)
        .published()
        .related_to(partner_id=partner_id, country=code, category=category)
        .exclude(pk=getattr(exclude, "pk", None))
        .select_related("operator")
    )
    return list(lessons[:RELATED_LIMIT])


@register.inclusion_tag("lessons/_related.html", takes_context=True)
def related_lessons(context, partner=None, country=None, category=None, exclude=None) -> dict:
    """`{% related_lessons partner=partner country=deal.country category=partner.category %}`:
    the related-lessons panel of the partner, deal, deal form, country and lesson pages."""
    request = context.get("request")
    user = getattr(request, "user", None)
    lessons = related_lessons_for(
        user, partner=partner, country=country, category=category, exclude=exclude
    )
    query = {}
    if getattr(partner, "slug", None):
        query["partner"] = partner.slug
    elif _country_code(country):
        query["country"] = _country_code(country)
    elif category:
        query["category"] = category
    more_url = reverse("lessons:list") + (f"?{urlencode(query)}" if query else "")
    return {"lessons": lessons, "more_url": more_url}


@register.inclusion_tag("lessons/_dashboard_panel_body.html", takes_context=True)
def lessons_dashboard_panel(context) -> dict:
    """The dashboard's lessons panel: the newest published lessons and the member's draft count."""
    request = context.get("request")
    user = getattr(request, "user", None)
    visible = Lesson.objects.visible_to(user)
    return {
        "lessons": list(visible.published().select_related("operator")[:DASHBOARD_LIMIT]),
        "draft_count": visible.filter(author=user, status=Lesson.Status.DRAFT).count()
        if user is not None and user.is_authenticated
        else 0,
        # An inclusion tag's template sees only what it is given: pass on the "may write" rule.
        "can_contribute": context.get("can_contribute", False),
    }


@register.inclusion_tag("lessons/_follow_button.html", takes_context=True)
def follow_button(context, partner=None, country=None) -> dict:
    """A Follow / Following button for a partner or a country page (one query)."""
    request = context["request"]
    code = "" if partner is not None else _country_code(country)
    target = {"partner": partner} if partner is not None else {"country": code}
    return {
        "partner": partner,
        "country": code,
        "following": request.user.follows.filter(**target).exists(),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
