"""Mail about new partner applications (issue 11, point 9): the reviewers — staff and the members
who chose it — hear of each application; the other members get a daily digest, recorded so that a
second run the same day sends nothing; each member chooses on a page linked from the review queue
and the dashboard."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliance import demo as alliance_demo
from partners import demo, services
from partners.application_mail import application_mail_of, digest_readers, reviewer_emails
from partners.models import ApplicationDigest, ApplicationMailPreference
from partners.tasks import send_application_digests
from tests.factories import (
    MembershipFactory,
    OperatorFactory,
    PartnerApplicationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGE = "/partners/review/mail/"


@pytest.fixture
def run_digests(committed):
    """Run the beat task as Celery beat would, with the mail it queues sent."""

    def run(now=None):
        with committed():
            result = (
                services.send_application_digests(now=now) if now else send_application_digests()
            )
        return result

    return run


def digests():
    return [m for m in mail.outbox if "to review" in m.subject]


# --- Who hears of each application ----------------------------------------------------------------
def test_staff_and_members_who_chose_it_are_the_reviewers(member, other_member, admin_user):
    services.set_application_mail(user=other_member, choice="each")
    UserFactory(email="retired-admin@alliance.example", is_staff=True, is_active=False)
    assert reviewer_emails() == sorted([admin_user.email, other_member.email])


def test_the_other_members_read_the_digest_unless_they_chose_no_mail(
    member, manager, other_member, admin_user
):
    services.set_application_mail(user=other_member, choice="each")
    services.set_application_mail(user=manager, choice="none")
    suspended = OperatorFactory(slug="suspended-op", status="suspended")
    MembershipFactory(operator=suspended)
    assert list(digest_readers()) == [member]


# --- The page where a member chooses --------------------------------------------------------------
def test_a_member_switches_each_application_on_and_off(client, member):
    client.force_login(member)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert page.context["form"]["choice"].value() == "daily"  # the default
    response = client.post(PAGE, {"choice": "each"}, follow=True)
    assert "Saved: you will be mailed about each new application." in response.content.decode()
    assert application_mail_of(member) == "each"
    assert member.email in reviewer_emails()
    client.post(PAGE, {"choice": "none"})
    assert application_mail_of(member) == "none"
    assert member.email not in reviewer_emails()
    assert member not in digest_readers()


def test_a_choice_that_does_not_exist_is_refused_beside_the_field(client, member):
    client.force_login(member)
    response = client.post(PAGE, {"choice": "hourly"})
    assert response.status_code == 400
    assert not ApplicationMailPreference.objects.exists()


def test_staff_are_told_they_hear_of_each_application_and_have_nothing_to_choose(
    client, admin_user
):
    client.force_login(admin_user)
    response = client.get(PAGE)
    assert "you are mailed about each one" in response.content.decode()
    assert client.post(PAGE, {"choice": "none"}).status_code == 403
    assert not ApplicationMailPreference.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_review_queue_and_the_dashboard_link_to_the_choice(client, member):
    client.force_login(member)
    queue = client.get(reverse("partners:review_queue")).content.decode()
    assert f'href="{PAGE}"' in queue and "a daily digest" in queue
    assert f'href="{PAGE}"' in client.get(reverse("alliance:dashboard")).content.decode()


# --- The daily digest -----------------------------------------------------------------------------
def test_the_digest_lists_the_days_applications_in_one_message_per_reader(
    run_digests, member, manager, other_member, admin_user
):
    services.set_application_mail(user=other_member, choice="each")
    PartnerApplicationFactory(name="Streamly", created_at=timezone.now() - timedelta(hours=3))
    PartnerApplicationFactory(name="Old News", created_at=timezone.now() - timedelta(days=3))
    assert run_digests() == {"recorded": 2, "mailed": 2}
    assert sorted(m.to for m in digests()) == [[manager.email], [member.email]]
    message = digests()[0]
    assert message.subject == "[Alliance] 1 new partner application to review"
    assert "Streamly" in message.body and "Old News" not in message.body
    assert PAGE in message.body  # where to switch it off


def test_a_second_run_the_same_day_sends_nothing(run_digests, member):
    PartnerApplicationFactory(created_at=timezone.now() - timedelta(hours=3))
    run_digests()
    PartnerApplicationFactory(created_at=timezone.now())
    mail.outbox.clear()
    assert run_digests() == {"recorded": 0, "mailed": 0}
    assert digests() == []
    assert ApplicationDigest.objects.count() == 1


def test_the_next_digest_starts_where_the_last_one_ended(run_digests, member):
    now = timezone.now()
    PartnerApplicationFactory(name="Yesterday's", created_at=now - timedelta(hours=2))
    run_digests(now - timedelta(hours=1))
    PartnerApplicationFactory(name="Today's", created_at=now - timedelta(minutes=30))
    mail.outbox.clear()
    run_digests(now + timedelta(days=1))
    [message] = digests()
    assert "Today's" in message.body and "Yesterday's" not in message.body


def test_no_digest_is_mailed_on_a_day_without_new_applications(run_digests, member):
    PartnerApplicationFactory(status="active", created_at=timezone.now() - timedelta(hours=1))
    assert run_digests() == {"recorded": 1, "mailed": 0}
    assert digests() == []


def test_the_digest_is_a_daily_beat_task_with_catch_up_runs():
    hours = [
        entry["schedule"].hour
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "partners.tasks.send_application_digests"
    ]
    assert hours == [{7}, set(range(8, 24))]  # idempotent: a run lost to an outage comes later


def test_the_demo_has_a_couple_of_members_who_hear_of_each_application():
    alliance_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    chosen = ApplicationMailPreference.objects.filter(choice="each")
    assert sorted(chosen.values_list("user__email", flat=True)) == sorted(
        demo.APPLICATION_REVIEWERS
    )
