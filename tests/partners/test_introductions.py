"""Introductions between members: making one, answering it, following it up, and the beat task
that reminds recipients and expires unanswered introductions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.models import Contribution
from partners import services
from partners.models import Introduction
from partners.tasks import remind_and_expire_introductions
from tests.factories import IntroductionFactory, OpcoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def footprints(operator, other_operator):
    OpcoFactory(operator=operator, country="FR")
    OpcoFactory(operator=operator, country="ES")
    OpcoFactory(operator=other_operator, country="CO")


@pytest.fixture
def introduction(active_partner, other_member, operator, footprints):
    """Millicom introduces its partner Tunely to Orange for France."""
    return services.introduce_partner(
        partner=active_partner,
        by=other_member,
        to_operator=operator,
        countries=["FR"],
        pitch="Carrier-billed music kept our prepaid customers.",
    )


def test_a_member_introduces_a_partner_and_the_recipients_people_are_notified(
    client, other_member, active_partner, operator, member, manager, footprints, committed
):
    client.force_login(other_member)
    with committed():
        response = client.post(
            reverse("partners:introduce", args=[active_partner.slug]),
            {
                "to_operator": operator.pk,
                "countries": ["FR", "ES"],
                "pitch": "Carrier billing worked for us.",
                "response_due_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
            },
            follow=True,
        )
    introduction = Introduction.objects.get()
    assert (introduction.from_operator.slug, introduction.to_operator, introduction.status) == (
        "millicom",
        operator,
        "proposed",
    )
    assert introduction.countries == ["ES", "FR"]
    assert "Tunely is introduced to Orange" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, manager.email])
    assert "Millicom introduces Tunely to you" in mail.outbox[0].subject
    assert Contribution.objects.get().kind == Contribution.Kind.PARTNER_INTRODUCED


def test_an_introduction_for_a_country_outside_the_recipients_footprint_is_refused(
    client, other_member, active_partner, operator, footprints
):
    client.force_login(other_member)
    response = client.post(
        reverse("partners:introduce", args=[active_partner.slug]),
        {
            "to_operator": operator.pk,
            "countries": ["BR"],
            "pitch": "Try it.",
            "response_due_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Orange has no opco in Brazil." in response.content.decode()
    assert not Introduction.objects.exists()


def test_a_member_cannot_introduce_a_partner_to_their_own_operator(
    client, other_member, active_partner, other_operator
):
    client.force_login(other_member)
    response = client.get(reverse("partners:introduce", args=[active_partner.slug]))
    choices = list(response.context["form"].fields["to_operator"].queryset)
    assert other_operator not in choices
    with pytest.raises(Invalid, match="another member"):
        services.introduce_partner(
            partner=active_partner,
            by=other_member,
            to_operator=other_operator,
            countries=["CO"],
            pitch="Self.",
        )


def test_only_active_partners_can_be_introduced(other_member, application, operator, footprints):
    with pytest.raises(Conflict, match="Only active partners"):
        services.introduce_partner(
            partner=application, by=other_member, to_operator=operator, countries=["FR"], pitch="x"
        )


def test_a_second_open_introduction_of_the_same_partner_to_the_same_member_is_refused(
    introduction, other_member, operator
):
    with pytest.raises(Conflict, match="already has an open introduction"):
        services.introduce_partner(
            partner=introduction.partner,
            by=other_member,
            to_operator=operator,
            countries=["FR"],
            pitch="Again.",
        )
    assert Introduction.objects.count() == 1


def test_the_recipient_accepts_and_the_introducer_is_told(
    client, member, other_member, introduction, committed
):
    client.force_login(member)
    with committed():
        client.post(
            reverse("partners:introduction_answer", args=[introduction.pk]),
            {"decision": "accept", "reason": "Let's meet in Paris."},
        )
    introduction.refresh_from_db()
    assert (introduction.status, introduction.answered_by) == ("accepted", member)
    [message] = mail.outbox
    assert message.to == [other_member.email]
    assert "Orange accepted your introduction of Tunely" in message.subject
    assert list(
        Contribution.objects.filter(kind=Contribution.Kind.INTRODUCTION_ANSWERED).values_list(
            "operator__slug", flat=True
        )
    ) == ["orange"]


def test_declining_needs_a_reason_which_the_introducer_reads(
    client, member, introduction, committed
):
    client.force_login(member)
    url = reverse("partners:introduction_answer", args=[introduction.pk])
    response = client.post(url, {"decision": "decline", "reason": ""})
    assert response.status_code == 400
    assert "Say why you decline: the introducer learns from it." in response.content.decode()
    with committed():
        client.post(url, {"decision": "decline", "reason": "Music is saturated in France."})
    introduction.refresh_from_db()
    assert introduction.status == "declined"
    assert "Music is saturated in France." in mail.outbox[0].body


def test_only_the_recipient_operator_may_answer(client, other_member, introduction):
    client.force_login(other_member)
    response = client.post(
        reverse("partners:introduction_answer", args=[introduction.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert "Only the operator it was made to may answer" in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == "proposed"


def test_an_overdue_introduction_cannot_be_answered_any_more(member, introduction):
    Introduction.objects.filter(pk=introduction.pk).update(
        response_due_on=timezone.localdate() - timedelta(days=1)
    )
    introduction.refresh_from_db()
    with pytest.raises(Conflict, match="was due for an answer"):
        services.answer_introduction(introduction=introduction, by=member, accept=True)


def test_met_follows_acceptance(client, member, introduction):
    services.answer_introduction(introduction=introduction, by=member, accept=True)
    client.force_login(member)
    client.post(reverse("partners:introduction_progress", args=[introduction.pk]), {"step": "met"})
    introduction.refresh_from_db()
    assert introduction.status == "met"
    assert [h.to_status for h in introduction.history.all()] == ["proposed", "accepted", "met"]


def test_a_deal_is_not_recorded_on_the_introduction_without_logging_it(
    client, member, introduction
):
    services.answer_introduction(introduction=introduction, by=member, accept=True)
    client.force_login(member)
    response = client.post(
        reverse("partners:introduction_progress", args=[introduction.pk]), {"step": "deal"}
    )
    assert response.status_code == 400
    assert "a deal is recorded by logging it" in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == "accepted"
    introducer_credits = Contribution.objects.filter(
        operator__slug="millicom", kind=Contribution.Kind.PARTNER_INTRODUCED
    )
    assert introducer_credits.count() == 1  # for introducing, not for a deal


def test_met_cannot_be_recorded_before_the_introduction_is_accepted(client, member, introduction):
    client.force_login(member)
    response = client.post(
        reverse("partners:introduction_progress", args=[introduction.pk]),
        {"step": "met"},
        follow=True,
    )
    assert (
        "This introduction is still waiting for an answer; it cannot be marked as met now."
        in response.content.decode()
    )
    introduction.refresh_from_db()
    assert introduction.status == "proposed"


def test_an_unknown_progress_step_is_a_clear_400(client, member, introduction):
    client.force_login(member)
    response = client.post(
        reverse("partners:introduction_progress", args=[introduction.pk]), {"step": "teleport"}
    )
    assert response.status_code == 400


def test_an_operator_outside_the_introduction_cannot_record_progress(introduction, member):
    from tests.factories import MembershipFactory

    services.answer_introduction(introduction=introduction, by=member, accept=True)
    outsider = MembershipFactory(operator__slug="outsider").user
    with pytest.raises(NotAllowed):
        services.mark_introduction_met(introduction=introduction, by=outsider)


def test_the_inbox_lists_received_introductions_and_the_outbox_sent_ones(
    client, member, other_member, introduction
):
    client.force_login(member)
    inbox = client.get(reverse("partners:introductions")).content.decode()
    assert "Tunely" in inbox and "Millicom" in inbox
    assert (
        "Tunely" not in client.get(reverse("partners:introductions") + "?box=sent").content.decode()
    )
    client.force_login(other_member)
    sent = client.get(reverse("partners:introductions") + "?box=sent").content.decode()
    assert "Tunely" in sent


def test_the_dashboard_panel_shows_introductions_waiting_for_an_answer(
    client, member, introduction
):
    client.force_login(member)
    html = client.get(reverse("alliance:dashboard")).content.decode()
    assert "introduction to answer" in html
    assert introduction.get_absolute_url() in html


def test_the_beat_task_reminds_once_before_expiry_and_expires_overdue_introductions(
    member, manager, other_member, introduction, committed
):
    today = timezone.localdate()
    due_soon = introduction
    Introduction.objects.filter(pk=due_soon.pk).update(response_due_on=today + timedelta(days=2))
    overdue = IntroductionFactory(
        from_operator=due_soon.from_operator,
        to_operator=due_soon.to_operator,
        response_due_on=today - timedelta(days=1),
    )
    later = IntroductionFactory(
        from_operator=due_soon.from_operator,
        to_operator=due_soon.to_operator,
        response_due_on=today + timedelta(days=10),
    )
    with committed():
        assert remind_and_expire_introductions() == {"expired": 1, "reminded": 1}
    overdue.refresh_from_db()
    due_soon.refresh_from_db()
    later.refresh_from_db()
    assert overdue.status == "expired"
    assert overdue.history.last().to_status == "expired"
    assert due_soon.status == "proposed" and due_soon.reminded_at is not None
    assert later.reminded_at is None
    reminders = [m for m in mail.outbox if m.subject.startswith("[Alliance] Reminder")]
    assert sorted(m.to[0] for m in reminders) == sorted([member.email, manager.email])
    expired = [m for m in mail.outbox if "expired" in m.subject]
    assert {m.to[0] for m in expired} == {member.email, manager.email, other_member.email}

    mail.outbox.clear()
    with committed():
        assert remind_and_expire_introductions() == {"expired": 0, "reminded": 0}
    assert not mail.outbox


def test_the_beat_task_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "partners.tasks.remind_and_expire_introductions" in tasks


def test_the_introduction_page_lists_the_deals_it_led_to_that_the_user_may_see(
    client, member, other_member, introduction, operator
):
    from deals.models import Deal

    for country, visibility in [("FR", "alliance"), ("ES", "private")]:
        Deal.objects.create(
            partner=introduction.partner,
            operator=operator,
            country=country,
            deal_type="distribution",
            introduction=introduction,
            visibility=visibility,
        )
    client.force_login(other_member)
    html = client.get(introduction.get_absolute_url()).content.decode()
    assert "Deal it led to" in html
    assert "Orange in France" in html
    assert "Orange in Spain" not in html  # a private deal stays with its operator
    client.force_login(member)
    assert "Orange in Spain" in client.get(introduction.get_absolute_url()).content.decode()
