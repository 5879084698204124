"""Pages of the lessons app: list and search, the guided write form, drafts, the lesson page with
endorsements and comments (htmx), following, and the digest's unsubscribe link."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from alliance.errors import DomainError
from alliance.ledger import record_consumption
from alliance.paging import CappedPaginator
from alliance.params import parse_id, parse_token
from alliance.permissions import acting_operator, can_contribute, member_required
from alliance.refusals import add_to_form
from deals.models import Deal, Stage
from lessons import digest, services
from lessons.filters import LessonFilter
from lessons.forms import CommentForm, FollowForm, FollowOneForm, LessonForm
from lessons.models import DigestSubscription, Lesson
from lessons.search import SEARCH_LIMIT, attach_highlights

PAGE_SIZE = 20
INVALID_STATUS = 422  # htmx is configured (lessons/_htmx_config.html) to swap these answers too
PUBLISHED_MESSAGE = "Your lesson is published: every member can now find it."
PUBLISHED_IN_BLOC = "Your lesson is published: the members of {bloc} can now find it."


def published_message(lesson: Lesson) -> str:
    if lesson.bloc_id:
        return PUBLISHED_IN_BLOC.format(bloc=lesson.bloc.name)
    return PUBLISHED_MESSAGE


@member_required
def lesson_list(request: HttpRequest) -> HttpResponse:
    lessons = Lesson.objects.visible_to(request.user).published().for_list()
    lesson_filter = LessonFilter(request.GET, queryset=lessons, request=request)
    page = CappedPaginator(lesson_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    if lesson_filter.search_text:
        attach_highlights(page.object_list, lesson_filter.search_text)
    return render(
        request,
        "lessons/list.html",
        {
            "filter": lesson_filter,
            "page_obj": page,
            "lessons": page.object_list,
            "search_text": lesson_filter.search_text,
            "search_limited": bool(lesson_filter.search_text)
            and page.paginator.count >= SEARCH_LIMIT,
        },
    )


@member_required
def my_drafts(request: HttpRequest) -> HttpResponse:
    drafts = (
        Lesson.objects.visible_to(request.user)
        .filter(author=request.user, status=Lesson.Status.DRAFT)
        .for_list()
        .order_by("-updated_at")
    )
    page = CappedPaginator(drafts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "lessons/drafts.html", {"page_obj": page, "lessons": page.object_list})


def _deal_for_lesson(request: HttpRequest) -> Deal | None:
    """The deal of `?deal=<pk>`, among those the member may see, else 404. Whether a lesson may
    be about it is the service's rule (one of the author's operator's deals)."""
    raw = request.GET.get("deal", "")
    if not raw:
        return None
    deals = Deal.objects.visible_to(request.user).select_related("partner")
    return get_object_or_404(deals, pk=parse_id(raw))


def _prefill_from_deal(deal: Deal) -> dict:
    """What a lesson written from a deal starts with; the member edits it before saving."""
    where = f"{deal.partner.name} in {deal.country.name}"
    declined = deal.stage == Stage.DECLINED
    reason = deal.get_decline_reason_display() if deal.decline_reason else ""
    return {
        "title": f"{where}: why we declined" if declined else where,
        "outcome": Lesson.Outcome.DID_NOT_WORK if declined else "",
        "category": deal.partner.category,
        "partner": deal.partner,
        "countries": [deal.country.code],
        "tried": deal.summary
        or f"A {deal.get_deal_type_display().lower()} deal with {deal.partner.name} "
        f"in {deal.country.name}.",
        "happened": f"The deal was declined: {reason.lower()}." if declined and reason else "",
        "why": deal.decline_explanation,
        "tags": deal.get_deal_type_display(),
    }


@member_required
def lesson_create(request: HttpRequest) -> HttpResponse:
    operator = acting_operator(request.user)
    deal = _deal_for_lesson(request)
    services.check_deal(deal=deal, operator=operator)
    initial = _prefill_from_deal(deal) if deal else {}
    form = LessonForm(request.POST or None, initial=initial, user=request.user)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.create_lesson(
                author=request.user,
                deal=deal,
                publish=request.POST.get("action") == "publish",
                **form.lesson_fields(),
            )
        except DomainError as error:
            add_to_form(form, error)
            refusal = error
        else:
            saved = (
                published_message(lesson)
                if lesson.is_published
                else "Draft saved; only you see it."
            )
            messages.success(request, saved)
            return redirect(lesson)
    return _form_page(request, form, refusal, deal=deal)


@member_required
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _get_visible_lesson(request, pk)
    services.check_can_edit(lesson=lesson, by=request.user)
    form = LessonForm(request.POST or None, instance=lesson, user=request.user)
    refusal = None
    if request.method == "POST" and form.is_valid():
        fields = form.lesson_fields()
        publishing = request.POST.get("action") == "publish" and not lesson.is_published
        try:
            lesson = services.update_lesson(
                lesson=lesson,
                by=request.user,
                countries=fields.pop("countries"),
                tags=fields.pop("tags"),
                publish=publishing,
                **fields,
            )
        except DomainError as error:
            add_to_form(form, error)
            refusal = error
        else:
            saved = published_message(lesson) if publishing else "Your changes are saved."
            messages.success(request, saved)
            return redirect(lesson)
    return _form_page(request, form, refusal, lesson=lesson, deal=lesson.visible_deal)


def _form_page(
    request: HttpRequest, form: LessonForm, refusal: DomainError | None, **context
) -> HttpResponse:
    """The write form, again with what was typed: with the refusal's status when the service
    refused, 422 when the input's shape was wrong."""
    status = refusal.status_code if refusal else INVALID_STATUS if form.errors else 200
    return render(request, "lessons/form.html", {"form": form, **context}, status=status)


@member_required
@require_POST
def lesson_publish(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _get_visible_lesson(request, pk)
    services.publish_lesson(lesson=lesson, by=request.user)
    messages.success(request, published_message(lesson))
    return redirect(lesson)


def _get_visible_lesson(request: HttpRequest, pk: int) -> Lesson:
    """A lesson the user may see, or 404 (whether it exists is not told)."""
    lessons = Lesson.objects.visible_to(request.user).select_related(
        "operator", "author", "partner", "bloc", "deal__partner", "deal__operator"
    )
    return get_object_or_404(lessons.prefetch_related("countries", "tags"), pk=parse_id(pk))


def _lesson_context(request: HttpRequest, lesson: Lesson, **extra) -> dict:
    endorsements = list(lesson.endorsements.select_related("user", "operator"))
    return {
        "lesson": lesson,
        "endorsements": endorsements,
        "has_endorsed": any(e.user_id == request.user.pk for e in endorsements),
        "comments": lesson.comments.select_related("author", "operator"),
        "revisions": lesson.revisions.select_related("edited_by") if lesson.is_published else [],
        "comment_form": CommentForm(),
        "can_contribute": can_contribute(request.user),
        "can_edit": services.can_edit(lesson=lesson, user=request.user),
        **extra,
    }


@member_required
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _get_visible_lesson(request, pk)
    record_consumption(user=request.user, target=lesson)
    return render(request, "lessons/detail.html", _lesson_context(request, lesson))


def _answer(request: HttpRequest, lesson: Lesson, template: str, status=200, **extra):
    """After an endorsement or comment: the fragment for htmx, else the whole page (a redirect
    to it when all went well)."""
    context = _lesson_context(request, lesson, **extra)
    if request.htmx:
        return render(request, template, context, status=status)
    if status == 200:
        return redirect(lesson)
    return render(request, "lessons/detail.html", context, status=status)


@member_required
@require_POST
def lesson_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _get_visible_lesson(request, pk)
    try:
        services.endorse_lesson(lesson=lesson, by=request.user)
    except DomainError as error:
        return _answer(
            request, lesson, "lessons/_endorsements.html", error.status_code, error=error.message
        )
    lesson.refresh_from_db(fields=["endorsement_count"])
    return _answer(request, lesson, "lessons/_endorsements.html")


@member_required
@require_POST
def lesson_comment(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _get_visible_lesson(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _answer(request, lesson, "lessons/_comments.html", INVALID_STATUS, comment_form=form)
    try:
        services.comment_on_lesson(lesson=lesson, by=request.user, body=form.cleaned_data["body"])
    except DomainError as error:
        add_to_form(form, error)
        return _answer(
            request, lesson, "lessons/_comments.html", error.status_code, comment_form=form
        )
    return _answer(request, lesson, "lessons/_comments.html")


@member_required
def following(request: HttpRequest) -> HttpResponse:
    follows = list(request.user.follows.select_related("partner").order_by("partner__name"))
    subscription = digest.subscription_for(request.user)
    initial = {
        "partners": [f.partner for f in follows if f.partner_id],
        "countries": [f.country.code for f in follows if f.country],
        "categories": [f.category for f in follows if f.category],
        "digest": subscription.is_subscribed,
    }
    form = FollowForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        digest.set_follows(
            user=request.user,
            partners=form.followed_partners(),
            countries=form.cleaned_data["countries"],
            categories=form.cleaned_data["categories"],
        )
        digest.set_digest_subscription(user=request.user, subscribed=form.cleaned_data["digest"])
        messages.success(request, "Saved. The weekly digest lists what is new in these.")
        return redirect("lessons:following")
    return render(request, "lessons/following.html", {"form": form})


@member_required
@require_POST
def follow_one(request: HttpRequest) -> HttpResponse:
    """The Follow button of a partner or country page: back to that page, with a word on it."""
    form = FollowOneForm(request.POST, user=request.user)
    if not form.is_valid():
        return HttpResponse(
            " ".join(form.errors.get("__all__", ["Not a partner or country you can follow."])),
            status=400,
        )
    partner, country = form.cleaned_data["partner"], form.cleaned_data["country"]
    following = form.cleaned_data["following"]
    digest.set_follow(user=request.user, following=following, partner=partner, country=country)
    name = partner.name if partner else dict(FollowOneForm.base_fields["country"].choices)[country]
    messages.success(
        request,
        f"You follow {name}: the weekly digest lists its new lessons."
        if following
        else f"You no longer follow {name}.",
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("lessons:following")


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The digest's unsubscribe link: no sign-in needed; GET asks, POST unsubscribes (so that
    mail scanners that open links do not unsubscribe anyone)."""
    token = parse_token(token)
    if token is None:
        raise Http404("No such digest subscription.")
    subscription = get_object_or_404(DigestSubscription.objects.select_related("user"), token=token)
    if request.method == "POST":
        digest.unsubscribe(token=token)
        subscription.refresh_from_db()
    return render(request, "lessons/unsubscribe.html", {"subscription": subscription})
