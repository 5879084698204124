"""Following partners, countries and categories, and the weekly digest of what is new in them.

The digest is idempotent per member and week: a `DigestDelivery` row (unique per user and week) is
written in the same transaction as the email is sent, so running the job twice in a week sends
nothing twice, and a failed send leaves no row behind to block the retry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alliance.emails import absolute_url, send_templated_email
from alliance.models import Membership, Operator
from lessons.models import DigestDelivery, DigestSubscription, Follow, Lesson, LessonCountry
from partners.models import Partner

DIGEST_ITEM_LIMIT = 20


def week_start(day: date) -> date:
    """The Monday of `day`'s week: the key that makes the digest once per week."""
    return day - timedelta(days=day.weekday())


# --- Following ------------------------------------------------------------------------------------
def set_follows(
    *, user, partners: Iterable[Partner], countries: Iterable[str], categories: Iterable[str]
) -> None:
    """Replace what `user` follows with the given partners, countries and categories."""
    wanted = {("partner", partner.pk) for partner in partners}
    wanted |= {("country", code) for code in countries}
    wanted |= {("category", code) for code in categories}
    with transaction.atomic():
        current = {_follow_key(follow): follow for follow in user.follows.all()}
        Follow.objects.filter(
            pk__in=[follow.pk for key, follow in current.items() if key not in wanted]
        ).delete()
        Follow.objects.bulk_create(
            Follow(user=user, **{("partner_id" if kind == "partner" else kind): value})
            for kind, value in wanted - set(current)
        )


def set_follow(*, user, following: bool, partner: Partner | None = None, country: str = "") -> None:
    """Follow (or stop following) one partner or one country; repeating it changes nothing."""
    target = {"partner": partner} if partner is not None else {"country": country}
    if not following:
        Follow.objects.filter(user=user, **target).delete()
        return
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, **target)
    except IntegrityError:
        pass  # a double click raced us to it: the follow exists, which is what was asked


def _follow_key(follow: Follow) -> tuple[str, object]:
    if follow.partner_id:
        return ("partner", follow.partner_id)
    if follow.country:
        return ("country", follow.country.code)
    return ("category", follow.category)


def subscription_for(user) -> DigestSubscription:
    subscription, _ = DigestSubscription.objects.get_or_create(user=user)
    return subscription


def set_digest_subscription(*, user, subscribed: bool) -> DigestSubscription:
    subscription = subscription_for(user)
    if subscription.is_subscribed != subscribed:
        subscription.unsubscribed_at = None if subscribed else timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def unsubscribe(*, token: str) -> DigestSubscription | None:
    """The unsubscribe link's action: works without signing in; None for an unknown token."""
    subscription = DigestSubscription.objects.filter(token=token).select_related("user").first()
    if subscription is not None and subscription.is_subscribed:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


# --- The digest -----------------------------------------------------------------------------------
@dataclass
class Digest:
    lessons: list[Lesson] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lessons or self.partners)


def digest_for(user, *, since: datetime) -> Digest:
    """Lessons published and partners joined since `since` in what `user` follows; never the
    member's own lessons."""
    follows = list(user.follows.all())
    partner_ids = [f.partner_id for f in follows if f.partner_id]
    codes = [f.country.code for f in follows if f.country]
    categories = [f.category for f in follows if f.category]
    if not follows:
        return Digest()
    in_country = LessonCountry.objects.filter(country__in=codes).values("lesson_id")
    lessons = (
        Lesson.objects.visible_to(user)
        .published()
        .filter(published_at__gte=since)
        .exclude(author=user)
        .filter(Q(partner_id__in=partner_ids) | Q(category__in=categories) | Q(pk__in=in_country))
        .for_list()
        .order_by("-published_at")[:DIGEST_ITEM_LIMIT]
    )
    partners = (
        Partner.objects.visible_to(user)
        .active()
        .filter(created_at__gte=since)
        .filter(Q(category__in=categories) | Q(countries__country__in=codes))
        .distinct()
        .order_by("name")[:DIGEST_ITEM_LIMIT]
    )
    return Digest(lessons=list(lessons), partners=list(partners))


def digest_recipients(week: date):
    """Members who follow something, still want the digest and have not had this week's."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            membership__status=Membership.Status.ACTIVE,
            follows__isnull=False,
        )
        .exclude(membership__operator__status=Operator.Status.REMOVED)
        .exclude(digest_subscription__unsubscribed_at__isnull=False)
        .exclude(digest_deliveries__week=week)
        .distinct()
        .order_by("pk")
    )


def send_digest(*, user, today: date | None = None) -> bool:
    """Send `user` this week's digest if there is something new and it was not sent yet."""
    today = today or timezone.localdate()
    week = week_start(today)
    last = user.digest_deliveries.order_by("-sent_at").values_list("sent_at", flat=True).first()
    week_ago = timezone.now() - timedelta(days=7)
    digest = digest_for(user, since=max(last, week_ago) if last else week_ago)
    if not digest:
        return False
    subscription = subscription_for(user)
    if not subscription.is_subscribed:
        return False
    try:
        with transaction.atomic():
            DigestDelivery.objects.create(
                user=user,
                week=week,
                lesson_count=len(digest.lessons),
                partner_count=len(digest.partners),
            )
            send_templated_email(
                template="digest",
                to=[user.email],
                context={
                    "user": user,
                    "week": week,
                    "lessons": [
                        (lesson, absolute_url(lesson.get_absolute_url()))
                        for lesson in digest.lessons
                    ],
                    "partners": [(p, absolute_url(p.get_absolute_url())) for p in digest.partners],
                    "following_url": absolute_url(reverse("lessons:following")),
                    "unsubscribe_url": absolute_url(subscription.get_unsubscribe_url()),
                },
            )
    except IntegrityError:
        return False  # another run sent this week's digest first
    return True


def send_weekly_digests(*, today: date | None = None) -> int:
    """Send this week's digest to every member who has something new; returns how many."""
    today = today or timezone.localdate()
    return sum(send_digest(user=user, today=today) for user in digest_recipients(week_start(today)))
