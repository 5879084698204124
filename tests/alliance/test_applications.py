"""Operators apply to join (public form); admins approve or decline, and mail goes out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from alliance.models import AuditLogEntry, Invitation, Membership, Operator, OperatorApplication
from tests.factories import OperatorApplicationFactory

APPLY = reverse("alliance:apply")
QUEUE = reverse("alliance:staff_applications")


def review_url(application: OperatorApplication) -> str:
    return reverse("alliance:staff_application", args=[application.pk])


def application_data(**overrides) -> dict:
    data = {
        "name": "Vodacom",
        "website": "https://www.vodacom.com",
        "hq_country": "ZA",
        "footprint": ["ZA", "TZ", "MZ"],
        "objectives": "Bring proven fintech partners to our African markets.",
        "contact_name": "Thandi Nkosi",
        "contact_email": "Thandi@Vodacom.example",
        "contact_role": "Head of partnerships",
        "fax_number": "",
    }
    data.update(overrides)
    return data


def test_visitors_see_the_application_form(client, db):
    response = client.get(APPLY)
    assert response.status_code == 200
    assert "Apply for your operator to join" in response.content.decode()


def test_an_application_is_saved_and_acknowledged_and_admins_are_told(
    client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY, application_data())
    assert response.status_code == 302 and response.url == reverse("alliance:apply_thanks")
    application = OperatorApplication.objects.get()
    assert application.status == OperatorApplication.Status.PENDING
    assert application.footprint == ["ZA", "TZ", "MZ"]
    assert application.contact_email == "thandi@vodacom.example"
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "Your application for Vodacom" in by_recipient["thandi@vodacom.example"].subject
    to_review = by_recipient["admin@alliance.example"]
    assert "New operator application to review: Vodacom" in to_review.subject
    assert QUEUE in to_review.body
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter your operator&#x27;s name."),
        ("name", "V" * 10_000, "at most 120 characters"),
        ("website", "not a url", "Enter the full address of your website"),
        ("website", "", "Enter your operator&#x27;s website."),
        ("hq_country", "XX", "Select a valid choice"),
        ("footprint", ["ZA", "QQ"], "Select a valid choice. QQ is not one of the available"),
        ("footprint", [], "Choose at least one country where you operate."),
        ("objectives", "", "Tell the members what your operator wants"),
        ("objectives", "Short", "at least 20 characters"),
        ("contact_email", "not-an-email", "Enter an email address like name@operator.com."),
        ("contact_email", "", "Enter your work email"),
        ("contact_name", "", "Enter your name"),
        ("contact_role", "R" * 10_000, "at most 120 characters"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_typed_is_lost(
    client, db, field, value, message
):
    response = client.post(APPLY, application_data(**{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Please correct the 1 field marked below." in page
    if field != "objectives":
        assert "Bring proven fintech partners" in page
    if field != "contact_name":
        assert 'value="Thandi Nkosi"' in page
    assert not OperatorApplication.objects.exists()
    assert mail.outbox == []


def test_an_operator_already_in_the_alliance_cannot_apply_again(client, operator):
    response = client.post(APPLY, application_data(name="orange"))
    assert "orange is already a member of the alliance." in response.content.decode()


def test_a_second_application_while_the_first_is_pending_is_refused(client, db):
    OperatorApplicationFactory(name="Vodacom")
    response = client.post(APPLY, application_data(name="  VODACOM "))
    assert "An application for VODACOM is already being reviewed." in response.content.decode()
    assert OperatorApplication.objects.count() == 1


def test_a_bot_filling_the_hidden_field_is_thanked_but_nothing_is_saved(client, db):
    response = client.post(APPLY, application_data(fax_number="+44 20 7946 0000"))
    assert response.status_code == 302
    assert not OperatorApplication.objects.exists()
    assert mail.outbox == []


def test_applications_are_rate_limited_per_address(client, db):
    for n in range(5):
        assert client.post(APPLY, application_data(name=f"Telco {n}")).status_code == 302
    response = client.post(APPLY, application_data(name="Telco 6"))
    assert response.status_code == 429
    assert "Too many applications from your network" in response.content.decode()
    assert 'value="Telco 6"' in response.content.decode()
    assert OperatorApplication.objects.count() == 5
    other = client.post(APPLY, application_data(name="Telco 7"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_the_queue_lists_pending_applications_first(client, admin_user):
    OperatorApplicationFactory(name="Old pending")
    OperatorApplicationFactory(name="Declined one", status=OperatorApplication.Status.DECLINED)
    OperatorApplicationFactory(name="New pending")
    client.force_login(admin_user)
    response = client.get(QUEUE)
    names = [a.name for a in response.context["applications"]]
    assert names == ["New pending", "Old pending", "Declined one"]
    assert "2 waiting for review" in response.content.decode()


def test_the_review_page_shows_the_application(client, admin_user):
    application = OperatorApplicationFactory(name="Vodacom", footprint=["ZA", "TZ"])
    client.force_login(admin_user)
    page = client.get(review_url(application)).content.decode()
    assert "Vodacom" in page and "South Africa" in page and "Tanzania" in page
    assert application.contact_email in page


def test_approving_creates_the_operator_its_opcos_and_invites_its_first_manager(
    client, admin_user, django_capture_on_commit_callbacks
):
    application = OperatorApplicationFactory(name="Vodacom", footprint=["ZA", "TZ"])
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(application), {"action": "approve"})
    assert response.status_code == 302
    operator = Operator.objects.get(name="Vodacom")
    assert sorted(str(o.country) for o in operator.opcos.all()) == ["TZ", "ZA"]
    invitation = Invitation.objects.get(operator=operator)
    assert invitation.email == application.contact_email
    assert invitation.role == Membership.Role.MANAGER
    (message,) = mail.outbox
    assert message.to == [application.contact_email]
    assert invitation.get_absolute_url() in message.body
    application.refresh_from_db()
    assert application.status == OperatorApplication.Status.APPROVED
    assert application.reviewed_by == admin_user
    assert AuditLogEntry.objects.filter(action="operator_application.approved").exists()
    assert "is now a member" in client.get(response.url).content.decode()


def test_an_application_cannot_be_approved_twice(client, admin_user):
    application = OperatorApplicationFactory(status=OperatorApplication.Status.DECLINED)
    client.force_login(admin_user)
    response = client.post(review_url(application), {"action": "approve"}, follow=True)
    assert "This application has already been reviewed." in response.content.decode()
    assert not Operator.objects.exists()


def test_approving_an_application_for_an_existing_name_is_refused(client, admin_user, operator):
    application = OperatorApplicationFactory(name="Orange")
    client.force_login(admin_user)
    response = client.post(review_url(application), {"action": "approve"})
    assert response.status_code == 409
    assert "An operator named Orange already exists." in response.content.decode()
    assert mail.outbox == []


def test_declining_needs_a_reason_and_mails_it_to_the_applicant(
    client, admin_user, django_capture_on_commit_callbacks
):
    application = OperatorApplicationFactory(name="Vodacom")
    client.force_login(admin_user)
    response = client.post(review_url(application), {"action": "decline", "reason": ""})
    assert response.status_code == 400
    assert "Give the applicant a reason" in response.content.decode()
    reason = "We only admit operators with opcos in two or more regions for now."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(application), {"action": "decline", "reason": reason})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == OperatorApplication.Status.DECLINED
    assert application.decision_reason == reason
    (message,) = mail.outbox
    assert message.to == [application.contact_email]
    assert "was declined" in message.subject and reason in message.body
    assert reason in message.alternatives[0][0]


@pytest.mark.parametrize(
    "data",
    [{"action": "decline", "reason": "R" * 10_000}, {"action": "explode"}, {}],
)
def test_bad_review_input_is_refused_without_deciding(client, admin_user, data):
    application = OperatorApplicationFactory()
    client.force_login(admin_user)
    response = client.post(review_url(application), data)
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == OperatorApplication.Status.PENDING


def test_unknown_application_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/staff/applications/999999/").status_code == 404


def test_staff_without_two_factor_are_sent_to_set_it_up(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
