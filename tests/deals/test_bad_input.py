"""Bad input gets a form error or a 4xx, never a server error."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import DealFactory


@pytest.mark.parametrize(
    "data",
    [
        {"partner": "abc", "country": "ZZ", "stage": "launched!", "deal_type": "x"},
        {"partner": "999999", "country": "FR", "started_on": "not a date", "visibility": "?"},
        {"introduction": "999", "opco": "-1"},
    ],
)
def test_logging_a_deal_with_nonsense_shows_form_errors(client_for, member, opco, data):
    response = client_for(member).post(reverse("deals:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_nonsense_moves_and_declines_are_refused_politely(client_for, member, operator, partner):
    deal = DealFactory(operator=operator, partner=partner)
    client = client_for(member)
    moved = client.post(reverse("deals:move", args=[deal.pk]), {"to_stage": "bogus"})
    assert moved.status_code == 302
    declined = client.post(reverse("deals:decline", args=[deal.pk]), {"decline_reason": "x"})
    assert declined.status_code == 200 and declined.context["form"].errors


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00garbage\x00", b"", b"partner,country,stage,deal_type\n" + b'"unclosed,FR'],
)
def test_unreadable_csv_files_are_reported(client_for, member, content):
    upload = SimpleUploadedFile("deals.csv", content, "text/csv")
    response = client_for(member).post(reverse("deals:import"), {"file": upload})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [{"country": "ZZ"}, {"stage": "nope"}, {"ordering": "confidential_notes"}, {"page": "x"}],
)
def test_api_filters_with_nonsense_answer_4xx_or_ignore_them(member, query):
    client = APIClient()
    client.force_authenticate(member)
    assert client.get("/api/v1/deals/", query).status_code in (200, 400, 404)


@pytest.mark.parametrize(
    "path",
    [
        "/deals/?page=abc&country=ZZ&stage=x",
        "/deals/coverage/?region=mars&page=-1",
        "/deals/countries/12/",
        "/deals/export.csv?deal_type=zzz",
    ],
)
def test_pages_with_nonsense_parameters_do_not_fail(client_for, member, path):
    assert client_for(member).get(path).status_code in (200, 404)
