"""The opcos page types each opco's country by name (suggested by one list of country names for
the whole page), so an operator with many opcos does not get a list of 250 countries per row."""

from __future__ import annotations

import pytest
from django_countries import countries

from alliance.models import Opco
from tests.alliance.test_opcos import formset_data, url
from tests.factories import OpcoFactory


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Senegal", "SN"), ("  senegal ", "SN"), ("sn", "SN"), ("cote d'ivoire", "CI")],
)
def test_a_country_is_typed_by_its_name_or_code(client, manager, operator, typed, code):
    client.force_login(manager)
    rows = [{"country": typed, "brand_name": "Orange"}]
    assert client.post(url(operator), formset_data(rows, initial=0)).status_code == 302
    assert [str(opco.country) for opco in Opco.objects.filter(operator=operator)] == [code]


def test_a_name_no_country_has_is_refused(client, manager, operator):
    client.force_login(manager)
    rows = [{"country": "Atlantis", "brand_name": "Orange"}]
    response = client.post(url(operator), formset_data(rows, initial=0))
    assert "Select a valid choice. ATLANTIS is not one of the available choices." in (
        response.content.decode()
    )
    assert not Opco.objects.exists()


def test_an_opco_shows_its_countrys_name(client, manager, operator):
    OpcoFactory(operator=operator, country="FR", brand_name="Orange France")
    client.force_login(manager)
    assert 'value="France"' in client.get(url(operator)).content.decode()


def test_the_page_lists_the_countries_once_however_many_opcos(
    client, manager, operator, django_assert_max_num_queries
):
    for code, _ in list(countries)[:60]:
        OpcoFactory(operator=operator, country=code, brand_name=f"Orange {code}")
    client.force_login(manager)
    with django_assert_max_num_queries(10):
        page = client.get(url(operator)).content.decode()
    assert page.count("<option") == len(countries) and len(page) < 100_000
