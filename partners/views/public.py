"""The public side: the onboarding form (no login), its thank-you page, the private status link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from alliance import ratelimit
from alliance.errors import DomainError
from alliance.params import parse_token
from alliance.refusals import add_to_form
from partners import services
from partners.forms import PartnerApplicationForm
from partners.models import Partner

# Accepted applications one address may send per hour (alliance.ratelimit: invalid submissions
# do not count, and the limit fails open while the cache is down).
APPLY_LIMIT = 5
APPLICATIONS = ratelimit.Limit("partners-apply", allowed=APPLY_LIMIT, window_seconds=60 * 60)
THANKS_SESSION_KEY = "partners_applied"


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "partners/apply.html", {"form": PartnerApplicationForm()})
    form = PartnerApplicationForm(request.POST, request.FILES)
    if ratelimit.is_used_up(APPLICATIONS, request):
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
    ratelimit.count(APPLICATIONS, request)
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
