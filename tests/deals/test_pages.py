"""Logging, editing, moving and declining deals through the pages; the deal page, the pipeline
board, the country page and exclusivity conflicts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.errors import Conflict
from alliance.models import Contribution, Operator
from deals.models import Deal, StageChange
from deals.services import log_deal, move_deal
from deals.views.board import BOARD_COLUMN_SIZE
from tests.factories import DealFactory, MembershipFactory, OpcoFactory


def log_form(partner, **extra):
    return {
        "partner": partner.pk,
        "country": "FR",
        "stage": "exploring",
        "deal_type": "bundling",
        "started_on": timezone.localdate().isoformat(),
        "summary": "Premium bundle pilot.",
        "confidential_notes": "Price floor 2 EUR.",
        "visibility": "alliance",
        **extra,
    }


def test_logging_a_deal_offers_the_operators_countries_and_credits_the_operator(
    client_for, member, partner, opco
):
    client = client_for(member)
    form = client.get(reverse("deals:create"), {"partner": "spotify"})
    assert [c for c, _ in form.context["form"].fields["country"].widget.choices if c] == ["FR"]
    response = client.post(reverse("deals:create"), log_form(partner))
    deal = Deal.objects.get()
    assert response.status_code == 302 and response["Location"] == deal.get_absolute_url()
    assert deal.operator == member.membership.operator and deal.opco == opco
    assert deal.created_by == member
    assert list(deal.history.values_list("from_stage", "to_stage")) == [("", "exploring")]
    assert Contribution.objects.get().kind == Contribution.Kind.DEAL_LOGGED


def test_advancing_a_deal_keeps_its_history_sets_the_date_and_credits_the_operator(
    client_for, member, partner, opco
):
    deal = log_deal(
        by=member, values={"partner": partner, "country": "FR", "deal_type": "bundling"}
    )
    client = client_for(member)
    for stage in ("negotiating", "signed", "launched"):
        client.post(reverse("deals:move", args=[deal.pk]), {"to_stage": stage})
    deal.refresh_from_db()
    assert deal.stage == "launched" and deal.signed_on and deal.launched_on
    assert list(deal.history.values_list("to_stage", flat=True)) == [
        "exploring",
        "negotiating",
        "signed",
        "launched",
    ]
    assert Contribution.objects.filter(kind="deal_advanced").count() == 3
    page = client.get(deal.get_absolute_url()).content.decode()
    assert "Time in each stage" in page and "(so far)" in page


def test_a_move_the_stage_does_not_allow_is_refused_with_a_message(
    client_for, member, operator, partner
):
    deal = DealFactory(operator=operator, partner=partner, stage="exploring")
    response = client_for(member).post(
        reverse("deals:move", args=[deal.pk]), {"to_stage": "launched"}, follow=True
    )
    assert "Choose a stage this deal can move to." in response.content.decode()
    deal.refresh_from_db()
    assert deal.stage == "exploring"


def test_declining_needs_a_reason_and_then_prompts_for_a_lesson(
    client_for, member, operator, partner
):
    deal = DealFactory(operator=operator, partner=partner)
    client = client_for(member)
    empty = client.post(reverse("deals:decline", args=[deal.pk]), {})
    assert empty.status_code == 200 and "This field is required." in empty.content.decode()
    response = client.post(
        reverse("deals:decline", args=[deal.pk]),
        {"decline_reason": "competing_deal", "decline_explanation": "A rival signed first."},
        follow=True,
    )
    page = response.content.decode()
    deal.refresh_from_db()
    assert deal.stage == "declined" and deal.get_decline_reason_display() == (
        "Competing deal in place"
    )
    assert "Write a lesson about it" in page
    assert f"/lessons/new/?deal={deal.pk}" in page
    assert StageChange.objects.filter(deal=deal, to_stage="declined").exists()


def test_other_operators_cannot_edit_move_or_decline_a_deal(
    client_for, other_member, operator, partner
):
    deal = DealFactory(operator=operator, partner=partner)
    client = client_for(other_member)
    for name in ("deals:edit", "deals:decline"):
        response = client.get(reverse(name, args=[deal.pk]))
        assert response.status_code == 403
        assert (
            "Only people of the operator that owns the deal may change it."
            in response.content.decode()
        )
    moved = client.post(reverse("deals:move", args=[deal.pk]), {"to_stage": "negotiating"})
    assert moved.status_code == 403
    deal.refresh_from_db()
    assert deal.stage == "exploring"


def test_a_suspended_operator_reads_deals_but_cannot_log_one(client_for, member, partner):
    Operator.objects.filter(pk=member.membership.operator_id).update(status="suspended")
    client = client_for(member)
    assert client.get(reverse("deals:list")).status_code == 200
    response = client.post(reverse("deals:create"), log_form(partner))
    assert response.status_code == 403
    assert "suspended" in response.content.decode()
    assert not Deal.objects.exists()


def test_editing_a_deal_saves_it_and_leaves_an_audit_entry(client_for, member, operator, partner):
    deal = DealFactory(operator=operator, partner=partner, visibility="alliance")
    response = client_for(member).post(
        reverse("deals:edit", args=[deal.pk]),
        {
            "deal_type": "zero_rating",
            "started_on": deal.started_on.isoformat(),
            "summary": "Zero-rated streaming.",
            "confidential_notes": "",
            "visibility": "summary",
        },
    )
    assert response.status_code == 302
    deal.refresh_from_db()
    assert deal.visibility == "summary" and deal.deal_type == "zero_rating"
    from alliance.models import AuditLogEntry

    entry = AuditLogEntry.objects.get(action="deal.edited")
    assert entry.changes == {"fields": ["confidential_notes", "deal_type", "summary", "visibility"]}


def test_deal_page_counts_a_view_by_another_operator_as_consumption(
    client_for, other_member, operator, partner
):
    from alliance.models import Consumption

    deal = DealFactory(operator=operator, partner=partner)
    client_for(other_member).get(deal.get_absolute_url())
    assert Consumption.objects.get().views == 1


def test_time_in_each_stage_adds_up_the_history(operator, partner, member):
    deal = DealFactory(operator=operator, partner=partner, stage="negotiating")
    start = timezone.now() - timedelta(days=10)
    StageChange.objects.create(deal=deal, to_stage="exploring", changed_at=start)
    StageChange.objects.create(
        deal=deal,
        from_stage="exploring",
        to_stage="negotiating",
        changed_at=start + timedelta(days=4),
    )
    spans = deal.time_in_stages()
    assert [(s["stage"], s["duration"].days, s["current"]) for s in spans] == [
        ("exploring", 4, False),
        ("negotiating", 6, True),
    ]


@pytest.fixture
def exclusive_conflict(operator, other_operator, partner):
    """Orange holds an exclusive deal for Spotify in Poland; Millicom has an open one there too."""
    mine = DealFactory(operator=operator, partner=partner, country="PL", exclusive=True)
    theirs = DealFactory(operator=other_operator, partner=partner, country="PL", stage="signed")
    return mine, theirs


def test_an_exclusive_conflict_is_shown_to_both_sides(
    client_for, member, other_member, exclusive_conflict
):
    mine, theirs = exclusive_conflict
    page = client_for(member).get(mine.get_absolute_url()).content.decode()
    assert "Exclusivity conflict to resolve" in page and "Millicom" in page
    other_page = client_for(other_member).get(theirs.get_absolute_url()).content.decode()
    assert "Exclusivity conflict to resolve" in other_page and "Orange" in other_page
    board = client_for(other_member).get(reverse("deals:pipeline")).content.decode()
    assert "Exclusivity conflicts to resolve" in board


def test_a_private_deal_never_shows_up_as_a_conflict_to_others(
    client_for, other_member, operator, other_operator, partner
):
    DealFactory(operator=operator, partner=partner, country="PL", visibility="private")
    theirs = DealFactory(operator=other_operator, partner=partner, country="PL", exclusive=True)
    page = client_for(other_member).get(theirs.get_absolute_url()).content.decode()
    assert "Exclusivity conflict" not in page


def test_logging_a_deal_against_an_exclusive_one_warns_the_user(
    client_for, other_member, operator, partner
):
    DealFactory(operator=operator, partner=partner, country="FR", exclusive=True)
    OpcoFactory(operator=other_member.membership.operator, country="FR")
    response = client_for(other_member).post(
        reverse("deals:create"), log_form(partner), follow=True
    )
    assert "conflicts with another member" in response.content.decode()


def test_pipeline_shows_the_operators_deals_by_stage_and_no_one_elses(
    client_for, member, operator, other_operator, partner
):
    DealFactory(operator=operator, partner=partner, country="FR", stage="signed")
    DealFactory(operator=other_operator, partner=partner, country="CO", stage="launched")
    columns = client_for(member).get(reverse("deals:pipeline")).context["columns"]
    counts = {c["stage"].value: c["count"] for c in columns}
    assert counts == {
        "exploring": 0,
        "negotiating": 0,
        "signed": 1,
        "launched": 0,
        "ended": 0,
        "declined": 0,
    }


def test_a_full_pipeline_column_shows_its_latest_cards_and_links_to_all_of_them(
    client_for, member, operator
):
    extra = 3
    for _ in range(BOARD_COLUMN_SIZE + extra):
        DealFactory(operator=operator, stage="exploring")
    response = client_for(member).get(reverse("deals:pipeline"))
    exploring = next(c for c in response.context["columns"] if c["stage"] == "exploring")
    assert len(exploring["cards"]) == BOARD_COLUMN_SIZE
    assert f"All {BOARD_COLUMN_SIZE + extra} →" in response.content.decode()


def test_country_page_lists_the_operators_present_there(client_for, member, operator, opco):
    MembershipFactory(operator=operator)
    page = client_for(member).get(reverse("deals:country", args=["fr"])).content.decode()
    assert "Orange France" in page and "France" in page


def test_an_unknown_country_code_is_a_404(client_for, member):
    assert client_for(member).get(reverse("deals:country", args=["QQ"])).status_code == 404


def test_moving_a_deal_twice_from_the_same_stage_is_refused_the_second_time(
    member, operator, partner
):
    deal = DealFactory(operator=operator, partner=partner, stage="signed")
    stale = Deal.objects.get(pk=deal.pk)
    move_deal(deal=deal, by=member, to_stage="launched")
    with pytest.raises(Conflict, match="A launched deal cannot move to declined"):
        move_deal(deal=stale, by=member, to_stage="declined", decline_reason="other")


def test_logging_an_exclusive_deal_mails_the_managers_of_the_clashing_operator(
    member,
    operator,
    other_operator,
    partner,
    other_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    OpcoFactory(operator=operator, country="CO")
    DealFactory(operator=other_operator, partner=partner, country="CO", stage="signed")
    with django_capture_on_commit_callbacks(execute=True):
        log_deal(
            by=member,
            values={
                "partner": partner,
                "country": "CO",
                "deal_type": "bundling",
                "exclusive": True,
            },
        )
    [mail] = mailoutbox
    assert mail.to == [other_manager.email]
    assert mail.subject.endswith("Exclusivity conflict: Spotify in Colombia")
    assert "Orange has an open deal with Spotify in Colombia" in mail.body


def test_a_private_exclusive_deal_mails_no_one(
    member,
    operator,
    other_operator,
    partner,
    other_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    OpcoFactory(operator=operator, country="CO")
    DealFactory(operator=other_operator, partner=partner, country="CO", stage="signed")
    with django_capture_on_commit_callbacks(execute=True):
        log_deal(
            by=member,
            values={
                "partner": partner,
                "country": "CO",
                "deal_type": "bundling",
                "exclusive": True,
                "visibility": "private",
            },
        )
    assert mailoutbox == []
