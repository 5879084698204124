"""The public side: the onboarding form (no login), its thank-you page, the private status link."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from alliance.errors import DomainError
from alliance.params import parse_token
from alliance.refusals import add_to_form
from partners import services
from partners.forms import PartnerApplicationForm
from partners.models import Partner

# Submissions one address may make per window. The counter lives in the cache, so with Redis it
# holds across every web worker; without it (development) each process counts on its own.
APPLY_LIMIT = 5
APPLY_WINDOW_SECONDS = 60 * 60
THANKS_SESSION_KEY = "partners_applied"


def _over_rate_limit(request: HttpRequest) -> bool:
    """Count this submission against the client's address; True once over the limit.

    REMOTE_ADDR is used, not X-Forwarded-For, which any client can forge; behind a proxy, the proxy
    must set REMOTE_ADDR (gunicorn's --forwarded-allow-ips does)."""
    key = f"partners:apply:{request.META.get('REMOTE_ADDR', 'unknown')}"
    cache.add(key, 0, timeout=APPLY_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=APPLY_WINDOW_SECONDS)
        count = 1
    return count > APPLY_LIMIT


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "partners/apply.html", {"form": PartnerApplicationForm()})
    form = PartnerApplicationForm(request.POST, request.FILES)
    if _over_rate_limit(request):
        form.is_valid()
        form.add_error(
            None,
            "Too many applications were sent from your network in the last hour. "
            "Please try again later; nothing was saved.",
        )
        return render(request, "partners/apply.html", {"form": form}, status=429)
    if form.is_spam:
        # Bots get the same thank-you page as people, and nothing is saved.
        return redirect("partners:apply_thanks")
    if not form.is_valid():
        return render(request, "partners/apply.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        partner = services.submit_application(
            name=data["name"],
            website=data["website"],
            category=data["category"],
            description=data["description"],
            hq_country=data["hq_country"],
            countries=data["countries"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            works_with=data["works_with"],
            pitch_deck=data["pitch_deck"] or None,
        )
    except DomainError as error:
        add_to_form(form, error)
        return render(request, "partners/apply.html", {"form": form}, status=error.status_code)
    request.session[THANKS_SESSION_KEY] = {"name": partner.name, "email": partner.contact_email}
    return redirect("partners:apply_thanks")


@require_GET
def apply_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request, "partners/apply_thanks.html", {"applied": request.session.get(THANKS_SESSION_KEY)}
    )


@never_cache
@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant's private page: this one application's status and its history, no login."""
    partner = get_object_or_404(
        Partner.objects.prefetch_related("history", "sponsorships__operator"),
        status_token=parse_token(token),
    )
    return render(request, "partners/status.html", {"partner": partner})
