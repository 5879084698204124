"""The foundation's user journeys, clicked and typed in a real Chromium (issue 2)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Response, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_load_only_the_portals_own_assets(page: Page, live_server):
    """No CDN: every request the home page makes goes to the portal, and its styles load."""
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    assert {urlsplit(response.url).netloc for response in responses} == {
        urlsplit(live_server.url).netloc
    }
    stylesheets = [r for r in responses if r.request.resource_type == "stylesheet"]
    assert stylesheets and all(response.ok for response in stylesheets)
