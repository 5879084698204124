"""Following and the weekly digest: the right members get the right items, once a week; the
unsubscribe link works without signing in and cannot be guessed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lessons import digest
from lessons.models import DigestDelivery, DigestSubscription, Follow
from lessons.tasks import send_weekly_digests
from tests.factories import LessonFactory


@pytest.fixture
def follows(member, other_member, partner):
    """`member` (Orange) follows Colombia; `other_member` (Millicom) follows entertainment."""
    digest.set_follows(user=member, partners=[], countries=["CO"], categories=[])
    digest.set_follows(
        user=other_member, partners=[partner], countries=[], categories=["entertainment"]
    )


def digest_for(email: str):
    return [message for message in mail.outbox if message.to == [email]]


def test_each_member_gets_the_new_lessons_in_what_they_follow(
    follows, member, other_member, manager
):
    LessonFactory(
        author=other_member, title="Music in Colombia", category="other", countries=["CO"]
    )
    LessonFactory(
        author=manager, title="Video bundles in France", category="entertainment", countries=["FR"]
    )
    LessonFactory(
        author=manager,
        title="An old lesson",
        countries=["CO"],
        published_at=timezone.now() - timedelta(days=20),
    )
    LessonFactory(author=manager, title="A draft", countries=["CO"], draft=True)

    assert send_weekly_digests.delay().get() == 2

    (to_member,) = digest_for(member.email)
    assert "Music in Colombia" in to_member.body
    assert "Video bundles in France" not in to_member.body and "An old lesson" not in to_member.body
    assert "A draft" not in to_member.body
    (to_other,) = digest_for(other_member.email)
    assert "Video bundles in France" in to_other.body
    assert "Music in Colombia" not in to_other.body  # their own lesson
    html = to_other.alternatives[0][0]
    assert "Video bundles in France" in html and "Unsubscribe" in html


def test_new_partners_in_followed_categories_are_listed(follows, other_member, partner):
    send_weekly_digests()
    (message,) = digest_for(other_member.email)
    assert partner.name in message.body


def test_members_with_nothing_new_get_no_digest(follows, member):
    assert digest.send_weekly_digests() == 1  # only other_member: the partner is new to them
    assert digest_for(member.email) == []
    assert not DigestDelivery.objects.filter(user=member).exists()


def test_running_the_digest_twice_in_a_week_sends_nothing_twice(follows, member, other_member):
    LessonFactory(author=other_member, countries=["CO"])
    assert digest.send_weekly_digests() == 2
    LessonFactory(author=other_member, title="Another one", countries=["CO"])
    assert digest.send_weekly_digests() == 0
    assert len(mail.outbox) == 2
    assert DigestDelivery.objects.count() == 2

    next_week = timezone.localdate() + timedelta(days=7)
    assert digest.send_weekly_digests(today=next_week) == 1  # only the new lesson is new
    assert "Another one" in mail.outbox[-1].body


def test_the_unsubscribe_link_works_without_signing_in(follows, member, other_member, client):
    LessonFactory(author=other_member, countries=["CO"])
    digest.send_weekly_digests()
    subscription = DigestSubscription.objects.get(user=member)
    link = reverse("lessons:unsubscribe", args=[subscription.token])
    (message,) = digest_for(member.email)
    assert link in message.body

    page = client.get(link)
    assert page.status_code == 200 and "Stop sending" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_subscribed  # opening the link (a mail scanner) changes nothing

    done = client.post(link)
    assert "You are unsubscribed" in done.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_subscribed

    LessonFactory(author=other_member, title="More news", countries=["CO"])
    digest.send_weekly_digests(today=timezone.localdate() + timedelta(days=7))
    assert len(digest_for(member.email)) == 1


def test_unsubscribe_tokens_are_long_random_and_unknown_ones_404(member, manager, client):
    tokens = {digest.subscription_for(user).token for user in (member, manager)}
    assert len(tokens) == 2 and all(len(token) >= 40 for token in tokens)
    assert client.get(reverse("lessons:unsubscribe", args=["guess"])).status_code == 404
    assert client.post(reverse("lessons:unsubscribe", args=["a" * 43])).status_code == 404


def test_members_choose_what_they_follow_on_the_following_page(client, member, partner):
    client.force_login(member)
    response = client.post(
        reverse("lessons:following"),
        {
            "partners": [partner.pk],
            "countries": ["CO", "IN"],
            "categories": ["iot_m2m"],
            "digest": "on",
        },
    )
    assert response.status_code == 302
    assert Follow.objects.filter(user=member).count() == 4
    client.post(reverse("lessons:following"), {"countries": ["IN"]})
    assert [str(f.country.code) for f in Follow.objects.filter(user=member)] == ["IN"]
    assert not DigestSubscription.objects.get(user=member).is_subscribed
    bad = client.post(reverse("lessons:following"), {"countries": ["XX"], "categories": ["nope"]})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
