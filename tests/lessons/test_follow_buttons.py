"""Following a partner or a country from its own page, for the weekly digest."""

import pytest
from django.urls import reverse

from lessons.models import Follow
from tests.factories import PartnerFactory

FOLLOW = reverse("lessons:follow")


def test_a_member_follows_a_partner_from_its_page_and_is_sent_back(client, member, partner):
    client.force_login(member)
    page = client.get(partner.get_absolute_url()).content.decode()
    assert ">Follow</button>" in page

    response = client.post(
        FOLLOW,
        {"partner": partner.slug, "following": "on", "next": partner.get_absolute_url()},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == partner.get_absolute_url()
    assert f"You follow {partner.name}" in response.content.decode()
    assert "✓ Following" in response.content.decode()
    assert Follow.objects.filter(user=member, partner=partner).count() == 1


def test_following_twice_keeps_one_follow(client, member, partner):
    client.force_login(member)
    for _ in range(2):
        client.post(FOLLOW, {"partner": partner.slug, "following": "on"})
    assert Follow.objects.filter(user=member, partner=partner).count() == 1


def test_the_button_unfollows_a_followed_partner(client, member, partner):
    Follow.objects.create(user=member, partner=partner)
    client.force_login(member)

    client.post(FOLLOW, {"partner": partner.slug})

    assert not Follow.objects.filter(user=member).exists()


def test_a_member_follows_a_country_from_its_page(client, member):
    client.force_login(member)
    assert ">Follow</button>" in client.get("/deals/countries/CO/").content.decode()

    response = client.post(
        FOLLOW, {"country": "CO", "following": "on", "next": "/deals/countries/CO/"}, follow=True
    )

    assert "You follow Colombia" in response.content.decode()
    assert Follow.objects.get(user=member).country.code == "CO"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"partner": "no-such-partner", "following": "on"},
        {"country": "XX", "following": "on"},
        {"partner": "PARTNER", "country": "CO", "following": "on"},
        {"country": "C" * 10_000},
    ],
    ids=["nothing", "unknown-partner", "bad-country", "both", "oversize"],
)
def test_bad_follow_requests_are_refused_with_a_400(client, member, partner, data):
    client.force_login(member)
    data = {k: (partner.slug if v == "PARTNER" else v) for k, v in data.items()}

    response = client.post(FOLLOW, data)

    assert response.status_code == 400
    assert not Follow.objects.exists()


def test_a_partner_the_member_may_not_see_cannot_be_followed(client, member):
    hidden = PartnerFactory(status="declined", decision_reason="Not for us")
    client.force_login(member)

    assert client.post(FOLLOW, {"partner": hidden.slug, "following": "on"}).status_code == 400
    assert not Follow.objects.exists()


def test_an_outside_next_address_is_not_followed(client, member, partner):
    client.force_login(member)

    response = client.post(
        FOLLOW, {"partner": partner.slug, "following": "on", "next": "https://evil.example/"}
    )

    assert response.url == reverse("lessons:following")


def test_anonymous_visitors_are_sent_to_sign_in(client, partner):
    response = client.post(FOLLOW, {"partner": partner.slug, "following": "on"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
