"""Fixtures of the partners tests: uploads in a temporary folder, a valid application, PDFs."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PartnerApplicationFactory, PartnerFactory, SponsorshipFactory

# The smallest file that starts like a real PDF (the check reads the content, not the name).
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name: str = "deck.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# What a startup types into the onboarding form.
APPLICATION_FORM = {
    "name": "Streamly",
    "website": "https://www.streamly.example",
    "category": "entertainment",
    "hq_country": "SE",
    "countries": ["SE", "NO"],
    "description": "Music streaming that operators bundle with data plans.",
    "contact_name": "Ines Lund",
    "contact_email": "ines@streamly.example",
    "works_with": "",
}


@pytest.fixture
def application_form() -> dict:
    """What a startup types into the onboarding form (a copy each test may change)."""
    return {**APPLICATION_FORM, "countries": list(APPLICATION_FORM["countries"])}


@pytest.fixture
def application(db):
    """An open application nobody has reviewed yet."""
    return PartnerApplicationFactory(
        name="Streamly", slug="streamly", contact_email="ines@streamly.example"
    )


@pytest.fixture
def active_partner(other_operator):
    """An active partner sponsored by Millicom (`other_operator`)."""
    partner = PartnerFactory(name="Tunely", slug="tunely", countries=["SE", "CO"])
    SponsorshipFactory(partner=partner, operator=other_operator)
    return partner


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the code queued with transaction.on_commit (mail tasks) at the
    end of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def apply(client, committed):
    """Post the onboarding form as a browser would, with its on-commit mail sent."""

    def _apply(data: dict, **extra):
        with committed():
            return client.post("/partners/apply/", data, **extra)

    return _apply
