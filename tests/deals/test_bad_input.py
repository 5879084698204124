"""Bad input gets a form error or a 4xx, never a server error."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from deals.models import Deal
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


@pytest.mark.parametrize(
    "query",
    [
        "partner=%00",
        "partner=%C2%B2",
        "partner=99999999999999999999999",
        "country=%C2%B2",
        "country=%00",
        "introduction=%C2%B2",
        "introduction=%00",
        "introduction=-1",
    ],
)
def test_the_deal_form_reads_bad_query_values_as_not_given(client_for, member, opco, query):
    response = client_for(member).get(f"{reverse('deals:create')}?{query}")
    assert response.status_code == 200
    assert response.context["form"].initial == {"stage": "exploring"}


@pytest.mark.parametrize("path", ["/deals/countries/%C2%B2/", "/deals/countries/%00/"])
def test_a_country_page_for_no_country_is_a_404(client_for, member, path):
    assert client_for(member).get(path).status_code == 404


def test_the_deal_form_is_prefilled_from_the_partner_and_country_it_is_opened_with(
    client_for, member, partner, opco
):
    client = client_for(member)
    for value in ("spotify", str(partner.pk)):
        response = client.get(reverse("deals:create"), {"partner": value, "country": "fr"})
        initial = response.context["form"].initial
        assert (initial["partner"], initial["country"]) == (partner, "FR")


def upload_rows(client, *lines: str):
    header = "partner,country,stage,deal_type,summary"
    content = "\n".join([header, *lines]).encode()
    upload = SimpleUploadedFile("deals.csv", content, "text/csv")
    return client.post(reverse("deals:import"), {"file": upload})


def test_a_csv_row_with_more_cells_than_the_header_is_that_rows_error(
    client_for, member, partner, opco
):
    response = upload_rows(client_for(member), "spotify,FR,exploring,bundling,Fine.,extra,cells")
    assert response.status_code == 400
    assert response.context["report"].errors == [
        (2, "The row has 7 cells but the header only 5 columns.")
    ]


def test_a_csv_cell_over_the_csv_limit_is_that_rows_error_and_the_rest_is_read(
    client_for, member, partner, opco
):
    long = "x" * 131_073
    response = upload_rows(
        client_for(member),
        f"spotify,FR,exploring,bundling,{long}",
        "spotify,XX,exploring,bundling,Fine.",
    )
    assert response.status_code == 400
    assert response.context["report"].errors == [
        (2, "A cell is longer than 131,072 characters."),
        (3, "“XX” is not an ISO country code."),
    ]


def test_a_csv_cell_longer_than_its_field_is_an_error_not_cut_short(
    client_for, member, partner, opco
):
    response = upload_rows(client_for(member), f"spotify,FR,exploring,bundling,{'x' * 2001}")
    assert response.context["report"].errors == [(2, "summary is longer than 2,000 characters.")]


def test_a_csv_cell_holding_a_nul_character_is_that_rows_error(client_for, member, partner, opco):
    response = upload_rows(client_for(member), "spotify,FR,exploring,bundling,nul\x00here")
    assert response.status_code == 400
    assert response.context["report"].errors == [
        (2, "The row holds a NUL character, which no text may contain.")
    ]
    assert not Deal.objects.exists()
