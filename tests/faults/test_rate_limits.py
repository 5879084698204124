"""One rate limiter for both public forms (alliance.ratelimit): five accepted applications per
address per hour; a submission refused as invalid never counts (issue 11, point 9)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance.models import OperatorApplication
from partners.models import Partner
from tests.alliance.test_applications import APPLY as JOIN
from tests.alliance.test_applications import application_data
from tests.partners.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

APPLY = "/partners/apply/"


def partner_application(n: int, **overrides) -> dict:
    return {
        "name": f"Startup {n}",
        "website": f"https://startup{n}.example",
        "category": "entertainment",
        "hq_country": "SE",
        "countries": ["SE", "NO"],
        "description": "Music streaming that operators bundle with data plans.",
        "contact_name": "Ines Lund",
        "contact_email": f"ines@startup{n}.example",
        "works_with": "",
        **overrides,
    }


def test_invalid_partner_applications_do_not_use_up_the_hourly_allowance(client):
    for n in range(5):
        assert client.post(APPLY, partner_application(n, website="not a url")).status_code == 400

    sixth = client.post(APPLY, partner_application(6))

    assert sixth.status_code == 302
    assert Partner.objects.get().name == "Startup 6"


def test_the_sixth_accepted_partner_application_in_an_hour_is_refused_and_nothing_is_saved(client):
    for n in range(5):
        deck = SimpleUploadedFile("d.pdf", PDF_BYTES, content_type="application/pdf")
        assert client.post(APPLY, partner_application(n, pitch_deck=deck)).status_code == 302

    sixth = client.post(APPLY, partner_application(6))

    assert sixth.status_code == 429
    assert 'value="Startup 6"' in sixth.content.decode()  # what was typed is kept
    assert Partner.objects.count() == 5


def test_invalid_operator_applications_do_not_use_up_the_hourly_allowance(client):
    for n in range(5):
        no_country = application_data(name=f"Telco {n}", footprint=[])
        assert client.post(JOIN, no_country).status_code == 400

    assert client.post(JOIN, application_data(name="Telco 6")).status_code == 302
    assert OperatorApplication.objects.get().name == "Telco 6"


def test_an_address_that_used_up_its_allowance_on_one_form_may_still_use_the_other(client):
    for n in range(5):
        assert client.post(JOIN, application_data(name=f"Telco {n}")).status_code == 302

    assert client.post(JOIN, application_data(name="Telco 6")).status_code == 429
    assert client.post(APPLY, partner_application(1)).status_code == 302
