"""The demo lessons: the specification's two, a dozen more across categories and outcomes, with
endorsements and comments, written through the services (ledger) and never by `rogers`."""

from __future__ import annotations

import io

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from alliance.models import Contribution, User
from deals.models import Deal
from lessons import demo
from lessons.models import Comment, Endorsement, Lesson


def test_the_demo_has_the_specifications_lessons_and_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Lesson.objects.count(), Endorsement.objects.count(), Comment.objects.count())

    security = Lesson.objects.get(title="Pushing security apps to customers did not work")
    assert security.outcome == "did_not_work" and security.category == "security_privacy"
    music = Lesson.objects.get(title__contains="learned from Millicom in Colombia")
    assert music.operator.slug == "millicom" and "CO" in music.country_codes
    assert counts[0] >= 14 and counts[1] >= 14 and counts[2] >= 5
    assert len(set(Lesson.objects.values_list("outcome", flat=True))) == 3
    assert len(set(Lesson.objects.values_list("category", flat=True))) >= 7
    assert Lesson.objects.filter(deal__stage="declined").exists()
    assert Lesson.objects.filter(status="draft").count() == 0

    rogers = demo.INACTIVE_DEMO_OPERATOR
    assert not Lesson.objects.filter(operator__slug=rogers).exists()
    assert not Endorsement.objects.filter(operator__slug=rogers).exists()
    assert not Comment.objects.filter(operator__slug=rogers).exists()
    # Every demo lesson is in the ledger, credited to its operator (through the services).
    lesson_type = ContentType.objects.get_for_model(Lesson)
    published = Contribution.objects.filter(
        kind=Contribution.Kind.LESSON_PUBLISHED, content_type=lesson_type
    )
    assert set(published.values_list("object_id", flat=True)) == set(
        Lesson.objects.values_list("pk", flat=True)
    )

    demo.seed(stdout=io.StringIO())
    assert (Lesson.objects.count(), Endorsement.objects.count(), Comment.objects.count()) == counts


def test_the_demo_deal_of_spotify_and_millicom_in_colombia_shows_the_music_lesson(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    deal = Deal.objects.get(partner__name="Spotify", operator__slug="millicom", country="CO")
    client.force_login(User.objects.get(email="member@orange.example"))
    html = client.get(deal.get_absolute_url()).content.decode()
    panel = html[html.index("Related lessons") :]
    assert "Selling music services: what we learned from Millicom in Colombia" in panel
