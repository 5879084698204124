"""Template tags other pages use to show lessons where they matter."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django_countries import countries

from alliance.choices import Category
from lessons.models import Lesson, LessonCountry
from partners.models import Partner

register = template.Library()

RELATED_LIMIT = 5
DASHBOARD_LIMIT = 5


def _code(value) -> str:
    """A valid country code from a Country object or a code string, else ""."""
    return countries.alpha2(str(getattr(value, "code", value) or "")) or ""


def _partner_id(value) -> int | None:
    """A partner's id from a Partner, or from a form's raw value (which may be anything)."""
    value = getattr(value, "pk", value)
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def related_lessons_for(
    user, *, partner=None, country=None, category=None, exclude=None
) -> list[Lesson]:
    """Published lessons about the same partner first, then those about the same country and
    category, then the same country or category; newest first within each. One query."""
    partner_id, code = _partner_id(partner), _code(country)
    if category is None and partner_id:
        # A deal form knows the partner's id only: its category comes from the partner.
        category = Partner.objects.filter(pk=partner_id).values_list("category", flat=True).first()
    category = category if category in Category.values else ""
    if not (partner_id or code or category):
        return []
    in_country = Exists(LessonCountry.objects.filter(lesson=OuterRef("pk"), country=code))
    same_partner = Q(partner_id=partner_id) if partner_id else Q(pk__in=[])
    same_country = in_country if code else Q(pk__in=[])
    same_category = Q(category=category) if category else Q(pk__in=[])
    score = (
        Case(When(same_partner, then=Value(4)), default=Value(0), output_field=IntegerField())
        + Case(When(same_country, then=Value(2)), default=Value(0), output_field=IntegerField())
        + Case(When(same_category, then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    lessons = (
        Lesson.objects.visible_to(user)
        .published()
        .filter(same_partner | same_country | same_category)
        .exclude(pk=getattr(exclude, "pk", None))
        .annotate(relevance=score)
        .select_related("operator")
        .order_by("-relevance", "-published_at")
    )
    return list(lessons[:RELATED_LIMIT])


@register.inclusion_tag("lessons/_related.html", takes_context=True)
def related_lessons(context, partner=None, country=None, category=None, exclude=None) -> dict:
    """`{% related_lessons partner=partner country=deal.country category=partner.category %}`:
    lessons worth reading beside a partner page, a deal form or a country page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    lessons = related_lessons_for(
        user, partner=partner, country=country, category=category, exclude=exclude
    )
    query = {}
    if getattr(partner, "slug", None):
        query["partner"] = partner.slug
    elif _code(country):
        query["country"] = _code(country)
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
    code = "" if partner is not None else _code(country)
    target = {"partner": partner} if partner is not None else {"country": code}
    return {
        "partner": partner,
        "country": code,
        "following": request.user.follows.filter(**target).exists(),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
