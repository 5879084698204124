"""The public onboarding form, its protections, the thank-you page and the private status link."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from alliance.models import AuditLogEntry
from partners.models import Partner
from partners.views.public import APPLY_LIMIT
from tests.factories import MembershipFactory, OperatorFactory
from tests.partners.conftest import PNG_BYTES, pdf

pytestmark = pytest.mark.django_db

APPLY_URL = "/partners/apply/"


def test_the_form_is_public_and_asks_for_everything_the_alliance_needs(client):
    response = client.get(APPLY_URL)
    assert response.status_code == 200
    for label in ["Company name", "Website", "Countries where you already operate", "Pitch deck"]:
        assert label in response.content.decode()


def test_applying_creates_an_applied_partner_and_shows_the_thank_you_page(
    apply, client, application_form
):
    response = apply(application_form, follow=True)
    partner = Partner.objects.get()
    assert partner.status == Partner.Status.APPLIED
    assert sorted(partner.country_codes) == ["NO", "SE"]
    assert response.redirect_chain[-1][0] == reverse("partners:apply_thanks")
    assert "Streamly has applied" in response.content.decode()
    assert "ines@streamly.example" in response.content.decode()
    assert partner.history.get().to_status == "applied"


def test_the_applicant_is_emailed_a_private_status_link(apply, client, application_form):
    apply(application_form)
    partner = Partner.objects.get()
    [message] = [m for m in mail.outbox if m.to == ["ines@streamly.example"]]
    assert partner.get_status_url() in message.body
    assert partner.status_token in message.body


def test_every_member_is_notified_of_the_new_application_in_a_mail_of_their_own(
    apply, client, application_form, member, other_member
):
    suspended = OperatorFactory(slug="suspended-op", status="suspended")
    MembershipFactory(operator=suspended, user__email="member@suspended.example")
    apply(application_form)
    notices = [m for m in mail.outbox if "New partner application" in m.subject]
    assert sorted(m.to[0] for m in notices) == sorted([member.email, other_member.email])
    assert all(len(m.to) == 1 for m in notices)  # nobody sees another operator's addresses


def test_a_pdf_pitch_deck_is_kept_for_members(apply, client, application_form, member):
    apply({**application_form, "pitch_deck": pdf()})
    partner = Partner.objects.get()
    assert partner.pitch_deck.name.endswith(".pdf")
    client.force_login(member)
    response = client.get(reverse("partners:deck", args=[partner.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_deck_is_not_served_to_anonymous_visitors(apply, client, application_form):
    apply({**application_form, "pitch_deck": pdf()})
    response = client.get(reverse("partners:deck", args=[Partner.objects.get().slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _errors(response) -> dict:
    return response.context["form"].errors


@pytest.mark.parametrize(
    "missing",
    [
        "name",
        "website",
        "category",
        "hq_country",
        "countries",
        "description",
        "contact_name",
        "contact_email",
    ],
)
def test_a_missing_field_is_reported_beside_it_and_nothing_is_saved(
    apply, client, application_form, missing
):
    data = {k: v for k, v in application_form.items() if k != missing}
    response = apply(data)
    assert response.status_code == 400
    assert list(_errors(response)) == [missing]
    assert not Partner.objects.exists()
    assert not mail.outbox


def test_what_was_typed_is_kept_when_the_form_has_an_error(apply, client, application_form):
    response = apply({**application_form, "website": "not a website"})
    html = response.content.decode()
    assert 'value="Streamly"' in html
    assert "Music streaming that operators bundle with data plans." in html
    assert "Enter a valid URL." in html


def test_a_deck_over_ten_megabytes_is_refused(apply, client, application_form):
    big = pdf(content=b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    response = apply({**application_form, "pitch_deck": big})
    assert response.status_code == 413  # refused as it streams in (alliance.uploads)
    assert "at most 10 MB" in response.content.decode()
    assert not Partner.objects.exists()


def test_a_png_renamed_to_pdf_is_refused_by_its_content(apply, client, application_form):
    fake = pdf(name="deck.pdf", content=PNG_BYTES)
    response = apply({**application_form, "pitch_deck": fake})
    assert response.status_code == 400
    assert _errors(response)["pitch_deck"] == [
        "The pitch deck must be a PDF file; this file is not a PDF."
    ]
    assert not Partner.objects.exists()


def test_a_ten_thousand_character_name_is_refused(apply, client, application_form):
    response = apply({**application_form, "name": "A" * 10_000})
    assert response.status_code == 400
    assert "at most 120 characters" in _errors(response)["name"][0]
    assert not Partner.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("countries", ["SE", "XX"]), ("hq_country", "ZZ")])
def test_an_invalid_country_code_is_refused(apply, client, application_form, field, value):
    response = apply({**application_form, field: value})
    assert response.status_code == 400
    assert field in _errors(response)
    assert not Partner.objects.exists()


def test_html_typed_into_the_form_is_shown_escaped(apply, client, application_form, member):
    script = "<script>alert('x')</script>"
    apply({**application_form, "name": f"Evil {script}", "description": script})
    partner = Partner.objects.get()
    client.force_login(member)
    html = client.get(partner.get_absolute_url()).content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_a_filled_honeypot_saves_nothing_but_looks_like_success(apply, client, application_form):
    response = apply({**application_form, "nickname": "bot"})
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:apply_thanks")
    assert not Partner.objects.exists()
    assert not mail.outbox


def test_a_flood_of_submissions_from_one_address_is_stopped(apply, client, application_form):
    for n in range(APPLY_LIMIT):
        data = {**application_form, "name": f"Startup {n}", "website": f"https://s{n}.example"}
        assert apply(data).status_code == 302
    response = apply({**application_form, "name": "One too many"})
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert Partner.objects.count() == APPLY_LIMIT
    # Another address is not affected.
    other = apply({**application_form, "name": "Elsewhere"}, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_the_status_link_shows_that_application_only(apply, client, application_form):
    apply(application_form)
    apply({**application_form, "name": "Other Co", "website": "https://o.example"})
    mine = Partner.objects.order_by("pk").first()
    html = client.get(mine.get_status_url()).content.decode()
    assert "Streamly" in html and "Applied" in html
    assert "Other Co" not in html


def test_a_wrong_status_token_is_not_found(client, application):
    assert client.get(reverse("partners:status", args=["not-the-token"])).status_code == 404


def test_the_status_page_is_not_cached_nor_indexed(client, application):
    response = client.get(application.get_status_url())
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert 'name="robots" content="noindex"' in response.content.decode()


def test_a_second_application_from_the_same_domain_is_linked_and_flagged(
    apply, client, application_form, member
):
    apply(application_form)
    again = {**application_form, "name": "Streamly Music", "website": "http://streamly.example/x"}
    apply(again)
    first, second = Partner.objects.order_by("pk")
    assert second.duplicate_of == first
    assert first.duplicate_of is None
    client.force_login(member)
    queue = client.get(reverse("partners:review_queue")).content.decode()
    assert "Possible duplicate" in queue
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Possible duplicate" in page and first.name in page
    audit = AuditLogEntry.objects.get(action="partner.applied", object_id=second.pk)
    assert audit.changes == {"duplicate_of": first.pk}


def test_a_second_application_with_the_same_normalised_name_is_flagged(
    apply, client, application_form
):
    apply(application_form)
    apply(
        {**application_form, "name": "STREAMLY Ltd.", "website": "https://streamly-music.example"}
    )
    first, second = Partner.objects.order_by("pk")
    assert second.duplicate_of == first
    assert first.slug != second.slug


def test_a_startup_named_like_a_page_does_not_take_its_address(apply, client, application_form):
    apply({**application_form, "name": "Review"})
    assert Partner.objects.get().slug == "review-2"
