"""Browser tests: pytest-playwright drives Debian's Chromium against pytest-django's `live_server`.

Use the `page` fixture (its base URL is the live server, so `page.goto("/join/")` works) in tests
marked `@pytest.mark.django_db(transaction=True)`: the server thread must see committed rows.
Every test here is marked `browser` automatically. A failing test leaves a full-page screenshot in
test-artifacts/. Without /usr/bin/chromium the tests skip, and under CI that skip is a failure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Without the background-networking flags Chromium floods this machine's closed network (STACK.md).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture
def page(page: Page, request: pytest.FixtureRequest) -> Iterator[Page]:
    """The plugin's page, failing fast, with a screenshot saved when the test fails."""
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-180:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def login(page: Page):
    """Sign in through the real login form as `email` with `password`."""

    def _login(email: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
        page.wait_for_load_state()

    return _login


def link_in_last_mail(to: str) -> str:
    """The path of the first link in the newest mail sent to `to` (from the in-memory outbox).
    Mails link to SITE_URL; the path is opened on the live server instead."""
    messages = [message for message in mail.outbox if to in message.to]
    assert messages, f"no mail was sent to {to}; outbox: {[m.to for m in mail.outbox]}"
    match = re.search(r"https?://\S+", messages[-1].body)
    assert match, f"no link in the mail to {to}: {messages[-1].body}"
    url = urlsplit(match.group(0))
    return f"{url.path}?{url.query}" if url.query else url.path


def pick_countries(page: Page, label: str, *names: str) -> None:
    """Choose countries in a country picker (alliance.widgets.CountryPicker) as a person does:
    type the start of each name into the box, then click the country in the list."""
    box = page.get_by_role("combobox", name=label)
    for name in names:
        box.fill(name)
        listbox = page.get_by_role("listbox", name="Countries to choose from")
        listbox.get_by_role("option", name=re.compile(f"^{re.escape(name)}")).first.click()
    box.press("Escape")


def pick_suggestion(page: Page, label: str, typed: str, name: str) -> None:
    """Choose a row in a type-ahead field (alliance.typeahead) as a person does: type a few
    letters, then click the row named `name` in the list of suggestions under the field."""
    field = page.get_by_role("combobox", name=re.compile(f"^{re.escape(label)}( \\(optional\\))?$"))
    field.press_sequentially(typed)
    suggestions = page.locator(f"#{field.get_attribute('aria-controls')}")
    suggestions.get_by_role("option", name=re.compile(f"^{re.escape(name)}")).click()
    expect(suggestions).to_be_hidden()
