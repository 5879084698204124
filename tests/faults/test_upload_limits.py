"""Upload limits enforced while the body streams in (alliance.uploads): a body over its page's
limit is refused before it is read, a file over it as soon as it grows past it (issue 12, case 6).
"""

from __future__ import annotations

import socket
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from deals.models import Deal
from partners.models import Partner
from tests.faults.conftest import record
from tests.faults.test_rate_limits import APPLY, partner_application
from tests.partners.conftest import PDF_BYTES

IMPORT = "/deals/import/"
HUNDRED_MB = 100 * 1024 * 1024


@pytest.fixture
def small_limits(settings):
    """Limits of 100 KB, so the tests send small files; the mechanism is the same at 10 MB."""
    settings.UPLOAD_MAX_BYTES_BY_PAGE = {"partners:apply": 100_000, "deals:import": 100_000}


def test_a_body_claiming_to_be_larger_than_the_page_takes_is_refused_before_it_is_read(client, db):
    response = client.post(
        APPLY, b"--x--", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=HUNDRED_MB
    )

    assert response.status_code == 413
    assert "at most 10 MB" in response.content.decode()


def test_a_pitch_deck_growing_past_the_limit_stops_the_upload(client, db, small_limits):
    deck = SimpleUploadedFile("deck.pdf", PDF_BYTES + b"0" * 150_000, "application/pdf")

    response = client.post(APPLY, partner_application(1, pitch_deck=deck))

    assert response.status_code == 413
    assert "at most 97 KB" in response.content.decode()
    assert not Partner.objects.exists()


def test_a_deals_csv_growing_past_the_limit_stops_the_upload(client, member, small_limits):
    client.force_login(member)
    csv = SimpleUploadedFile("deals.csv", b"partner,country\n" + b"x,FR\n" * 30_000, "text/csv")

    response = client.post(IMPORT, {"file": csv})

    assert response.status_code == 413
    assert not Deal.objects.exists()


def test_a_file_within_the_limit_is_taken(client, db, small_limits):
    deck = SimpleUploadedFile("deck.pdf", PDF_BYTES, "application/pdf")

    assert client.post(APPLY, partner_application(1, pitch_deck=deck)).status_code == 302
    assert Partner.objects.get().pitch_deck


@pytest.mark.faults
def test_gunicorn_refuses_a_100_mb_upload_at_once_without_reading_it(stack):
    """Nothing reaches the database: the refusal comes first."""
    for path in [APPLY, IMPORT]:
        with socket.create_connection(("127.0.0.1", stack.web_port), timeout=10) as connection:
            started = time.monotonic()
            connection.sendall(
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {HUNDRED_MB}\r\n\r\n".encode()
            )
            status_line = connection.makefile("rb").readline().decode()
            seconds = time.monotonic() - started

        assert status_line.split()[1] == "413"
        assert seconds < 1
        record(f"100 MB upload to {path}", f"refused with 413 in {seconds:.2f} s, body never read")
