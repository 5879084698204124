"""The partner directory, a partner's page, its pitch deck and its profile editing (members)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from alliance.permissions import member_required
from alliance.text import possessive
from alliance.typeahead import suggestions
from partners import services
from partners.forms import DirectoryFilterForm, PartnerProfileForm
from partners.models import Introduction, Partner
from partners.views.common import paginate, run_form, visible_partner, writing_operator


@member_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, user=request.user)
    partners = form.filter(Partner.objects.visible_to(request.user))
    page = paginate(request, partners.for_listing().order_by("name", "pk"))
    return render(request, "partners/directory.html", {"form": form, "page_obj": page})


@member_required
@require_GET
def partner_suggestions(request: HttpRequest) -> HttpResponse:
    """The partner fields' type-ahead: partners the member may see, by name."""
    return suggestions(request, Partner.objects.visible_to(request.user))


@member_required
@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = visible_partner(
        request,
        slug,
        Partner.objects.for_listing()
        .select_related("duplicate_of", "works_with")
        .prefetch_related(
            "history__changed_by",
            # The introductions the user's operator made or received; of the others, the page
            # shows only how many there were.
            Prefetch(
                "introductions",
                queryset=Introduction.objects.visible_to(request.user).for_listing(),
            ),
            Prefetch("duplicates", queryset=Partner.objects.visible_to(request.user)),
        ),
    )
    operator = writing_operator(request)
    writer = operator is not None
    return render(
        request,
        "partners/detail.html",
        {
            "partner": partner,
            "introduction_counts": Introduction.objects.filter(partner=partner).counts(),
            "can_review": writer and partner.awaits_review,
            "can_sponsor": writer
            and partner.can_be_sponsored
            and not partner.is_sponsored_by(operator),
            "can_introduce": writer and partner.can_be_introduced,
            "can_decline": request.user.is_staff and partner.is_open_application,
            "can_edit": partner.is_editable_by(request.user),
        },
    )


@member_required
@require_GET
def deck(request: HttpRequest, slug: str) -> FileResponse:
    """The pitch deck, to members only (the upload folder is never served publicly)."""
    partner = visible_partner(request, slug)
    if not partner.pitch_deck:
        raise Http404("This partner has no pitch deck.")
    return FileResponse(
        partner.pitch_deck.open("rb"),
        as_attachment=True,
        filename=f"{partner.slug}-pitch-deck.pdf",
        content_type="application/pdf",
    )


@member_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    partner = visible_partner(request, slug)
    partner.check_editable_by(request.user)
    initial = {"countries": partner.country_codes}
    # The form edits its own copy, so the page header keeps the saved name while errors show.
    form = PartnerProfileForm(
        request.POST or None, instance=Partner.objects.get(pk=partner.pk), initial=initial
    )
    status = run_form(
        request,
        form,
        lambda data: services.update_partner(
            partner=partner,
            by=request.user,
            changes={name: data[name] for name in Partner.PROFILE_FIELDS},
            countries=data["countries"],
        ),
    )
    if status is None:
        messages.success(request, f"{possessive(partner.name)} profile is saved.")
        return redirect(partner)
    return render(request, "partners/edit.html", {"partner": partner, "form": form}, status=status)
