"""Review of applications: the queue, taking one up, sponsoring by members, declining by admins."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from alliance.models import AuditLogEntry, Contribution
from partners.models import Partner, Sponsorship
from tests.factories import PartnerApplicationFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_members_see_open_applications_oldest_first_in_the_queue(client, member, application):
    PartnerApplicationFactory(name="Newer Co", status="under_review")
    PartnerFactory(name="Already Active Co")
    client.force_login(member)
    html = client.get(reverse("partners:review_queue")).content.decode()
    assert html.index("Streamly") < html.index("Newer Co")
    assert "Already Active Co" not in html


def test_a_member_takes_an_application_up_for_review(client, member, operator, application):
    client.force_login(member)
    response = client.post(reverse("partners:start_review", args=[application.slug]), follow=True)
    application.refresh_from_db()
    assert application.status == Partner.Status.UNDER_REVIEW
    assert "You are reviewing Streamly" in response.content.decode()
    contribution = Contribution.objects.get()
    assert (contribution.operator, contribution.kind) == (
        operator,
        Contribution.Kind.APPLICATION_REVIEWED,
    )
    assert "Under review" in client.get(application.get_status_url()).content.decode()


def test_sponsoring_makes_the_applicant_active_credits_the_operator_and_emails_the_applicant(
    client, member, operator, application, committed
):
    client.force_login(member)
    with committed():
        response = client.post(
            reverse("partners:sponsor", args=[application.slug]),
            {"pitch": "Bundled with our music tariffs, churn fell.", "suggested_countries": ["FR"]},
            follow=True,
        )
    application.refresh_from_db()
    assert application.status == Partner.Status.ACTIVE
    assert application.reviewed_by == member
    assert "Orange now sponsors Streamly" in response.content.decode()
    sponsorship = Sponsorship.objects.get()
    assert (sponsorship.operator, sponsorship.suggested_countries) == (operator, ["FR"])
    kinds = list(Contribution.objects.values_list("operator__slug", "kind"))
    assert kinds == [("orange", Contribution.Kind.PARTNER_SPONSORED)]
    [message] = [m for m in mail.outbox if m.to == ["ines@streamly.example"]]
    assert "now a partner of the alliance" in message.subject
    assert "Orange" in message.body
    assert application.history.last().to_status == "active"
    assert AuditLogEntry.objects.filter(action="partner.sponsored").exists()


def test_another_member_co_sponsors_an_active_partner_without_emailing_the_applicant(
    client, member, other_member, application, committed
):
    from partners import services

    services.sponsor_partner(
        partner=application, by=other_member, pitch="Works.", suggested_countries=[]
    )
    mail.outbox.clear()
    client.force_login(member)
    with committed():
        client.post(reverse("partners:sponsor", args=[application.slug]), {"pitch": "Us too."})
    assert sorted(application.sponsorships.values_list("operator__slug", flat=True)) == [
        "millicom",
        "orange",
    ]
    assert not mail.outbox


def test_an_operator_cannot_sponsor_the_same_partner_twice(client, member, application):
    client.force_login(member)
    url = reverse("partners:sponsor", args=[application.slug])
    client.post(url, {"pitch": "Yes."})
    response = client.post(url, {"pitch": "Again."}, follow=True)
    assert "Orange already sponsors Streamly" in response.content.decode()
    assert Sponsorship.objects.count() == 1
    assert Contribution.objects.count() == 1


def test_sponsoring_needs_a_pitch(client, member, application):
    client.force_login(member)
    response = client.post(reverse("partners:sponsor", args=[application.slug]), {"pitch": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Partner.Status.APPLIED


def test_a_suspended_operators_member_is_told_they_cannot_sponsor(
    client, member, operator, application
):
    operator.status = "suspended"
    operator.save()
    client.force_login(member)
    response = client.post(
        reverse("partners:sponsor", args=[application.slug]), {"pitch": "Please."}
    )
    assert response.status_code == 403
    assert "Orange is suspended" in response.content.decode()
    assert not Sponsorship.objects.exists()


def test_an_admin_declines_an_application_with_a_reason_the_applicant_reads(
    client, admin_user, application, committed
):
    client.force_login(admin_user)
    with committed():
        client.post(
            reverse("partners:decline", args=[application.slug]),
            {"reason": "We only take startups with an operator customer."},
        )
    application.refresh_from_db()
    assert application.status == Partner.Status.DECLINED
    [message] = mail.outbox
    assert message.to == ["ines@streamly.example"]
    assert "We only take startups with an operator customer." in message.body
    status_page = client.get(application.get_status_url()).content.decode()
    assert "Declined" in status_page and "only take startups" in status_page
    assert AuditLogEntry.objects.get(action="partner.declined").reason.startswith("We only")


def test_declining_without_a_reason_is_refused(client, admin_user, application):
    client.force_login(admin_user)
    response = client.post(reverse("partners:decline", args=[application.slug]), {"reason": ""})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == Partner.Status.APPLIED


def test_members_cannot_decline_applications(client, manager, application):
    client.force_login(manager)
    response = client.post(reverse("partners:decline", args=[application.slug]), {"reason": "No"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Partner.Status.APPLIED


def test_an_active_partner_cannot_be_declined(client, admin_user, active_partner):
    client.force_login(admin_user)
    response = client.post(
        reverse("partners:decline", args=[active_partner.slug]), {"reason": "No"}, follow=True
    )
    assert "not an open application" in response.content.decode()
    active_partner.refresh_from_db()
    assert active_partner.status == Partner.Status.ACTIVE


def test_a_sponsor_edits_the_partners_profile_and_the_change_is_audited(
    client, other_member, active_partner
):
    client.force_login(other_member)
    response = client.post(
        reverse("partners:edit", args=[active_partner.slug]),
        {
            "name": "Tunely Music",
            "website": active_partner.website,
            "category": "entertainment",
            "hq_country": "SE",
            "countries": ["SE", "CO", "PA"],
            "description": "Now in Panama too.",
            "contact_name": "Sam",
            "contact_email": "sam@tunely.example",
        },
    )
    assert response.status_code == 302
    active_partner.refresh_from_db()
    assert active_partner.name == "Tunely Music"
    assert sorted(active_partner.country_codes) == ["CO", "PA", "SE"]
    audit = AuditLogEntry.objects.get(action="partner.updated")
    assert audit.changes["name"] == ["Tunely", "Tunely Music"]


def test_a_member_whose_operator_does_not_sponsor_it_cannot_edit_it(client, member, active_partner):
    client.force_login(member)
    response = client.get(reverse("partners:edit", args=[active_partner.slug]))
    assert response.status_code == 403
