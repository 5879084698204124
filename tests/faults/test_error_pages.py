"""The page for an error no view handled says what happened (alliance/views/errors.py): 503 with
Retry-After when the database is unreachable, 413 for an upload over its limit, and a 500 that
does not claim that nothing was saved. (tests/faults/test_postgres_outage.py shows the 503 with
PostgreSQL really down.)"""

from __future__ import annotations

import json

import pytest
from django.db import InterfaceError, OperationalError

from alliance.uploads import UploadTooLarge
from alliance.views.errors import server_error


def answer_to(request, error: Exception):
    try:
        raise error
    except Exception:  # noqa: BLE001 - handler500 runs while the error is being handled
        return server_error(request)


@pytest.mark.parametrize("error", [OperationalError("refused"), InterfaceError("closed")])
def test_a_page_that_cannot_reach_the_database_answers_503_and_when_to_retry(rf, error):
    response = answer_to(rf.get("/dashboard/"), error)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = " ".join(response.content.decode().split())
    assert "cannot reach its database" in page
    assert "check afterwards whether it was saved" in page


def test_the_api_says_the_same_in_json(rf):
    response = answer_to(rf.get("/api/v1/deals/"), OperationalError("refused"))

    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert json.loads(response.content) == {
        "detail": "The portal cannot reach its database at the moment. Try again shortly.",
        "code": "unavailable",
    }


def test_the_500_page_does_not_claim_that_nothing_was_saved(rf):
    response = answer_to(rf.post("/members/orange/team/"), RuntimeError("bug"))

    page = " ".join(response.content.decode().split())
    assert response.status_code == 500
    assert "Nothing you typed was saved" not in page
    assert "may have been saved" in page


def test_an_upload_over_its_limit_met_while_parsing_answers_413(rf):
    response = answer_to(rf.post("/partners/apply/"), UploadTooLarge(10 * 1024 * 1024))

    assert response.status_code == 413
    assert "at most 10 MB" in response.content.decode()
