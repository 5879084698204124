"""The API's pages in a browser (DRF's browsable API) show the raw JSON form, not an HTML form with
a list of every partner and introduction a related field accepts."""

from __future__ import annotations

from tests.factories import DealFactory, PartnerFactory


def test_the_browsable_deals_api_lists_no_partner_and_keeps_its_queries(
    client_for, member, operator, django_assert_max_num_queries
):
    PartnerFactory.create_batch(300, countries=[])
    DealFactory(operator=operator)
    client = client_for(member)
    with django_assert_max_num_queries(12):
        page = client.get("/api/v1/deals/", HTTP_ACCEPT="text/html")
    html = page.content.decode()
    assert page.status_code == 200 and 'name="_content"' in html
    assert "Partner Startup 150" not in html and len(page.content) < 100_000


def test_the_api_still_answers_json_by_default(client_for, member):
    response = client_for(member).get("/api/v1/deals/")
    assert response["Content-Type"] == "application/json"
