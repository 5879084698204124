"""A crawl of the seeded demo as each persona, on a phone-sized screen (issue 11, points 5 and 6).

From the pages a persona starts on (the dashboard, or the home page when signed out), the crawl
follows every same-origin link and GET-form target the pages offer, breadth first, 3 clicks deep.
Each page a link leads to must answer without 403, 404 or 5xx: a page offers only what its viewer
may use; and the actions a persona may take must still be offered somewhere on its way. Every page
visited must fit a 390 px wide screen: `scrollWidth` ≤ 390 (wide tables scroll inside their card
instead). The crawl is bounded: at most `PAGES` pages per persona, and at most `SAME_VIEW` pages
per URL pattern (so ten tag filters of the lessons list count as a few visits).

The pages visited, their status and width are written to test-artifacts/crawl/<persona>.tsv, and
a screenshot of each page too wide for the screen is saved beside it.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from alliance.models import Operator

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "crawl"
PHONE = {"width": 390, "height": 844}
DEPTH = 3
PAGES = 60
SAME_VIEW = 2
PASSWORD = "alliance-demo"  # the demo accounts' password (seed_demo, README)
PERSONAS = {
    "anonymous": None,
    "member": "member@orange.example",
    "manager": "manager@deutsche-telekom.example",
    "staff": "admin@alliance.example",
    # A member whose operator is suspended reads everything but may change nothing: every action
    # link it is offered would answer 403.
    "suspended-member": "member@rogers.example",
}
# Hiding an action from those who may take it is a bug too: what each persona must be offered.
MUST_BE_OFFERED = {
    "member": {"lessons:create", "deals:create"},
    "manager": {"lessons:create", "deals:create", "alliance:team", "alliance:operator_edit"},
    "staff": {"alliance:standing_pruning", "alliance:staff_applications"},
    "suspended-member": {"deals:pipeline", "lessons:drafts"},
}
# Never followed: signing out ends the crawl's session; an unsubscribe link changes what it names.
NEVER = re.compile(r"^/(accounts/logout|lessons/digest/unsubscribe)/")
# Visited (their status counts) but not crawled further, and not held to our layout: pages drawn
# by Django's admin and by Swagger UI, not by our templates and stylesheet.
FOREIGN = re.compile(r"^/(admin|api)/")


@dataclass
class Visit:
    path: str
    status: int | None
    width: int | None
    offered_on: str


def crawl(page: Page, base_url: str, start: str, screenshots: Path) -> list[Visit]:
    """Visit `start` and the targets of the links it offers, breadth first."""
    visits: list[Visit] = []
    seen: set[str] = {start}
    per_view: Counter[str] = Counter()
    queue: deque[tuple[str, int, str]] = deque([(start, 0, "(start)")])
    while queue and len(visits) < PAGES:
        path, depth, offered_on = queue.popleft()
        try:
            response = page.goto(base_url + path)
        except PlaywrightError as error:  # a file download (CSV export, pitch deck) is no page
            if "Download is starting" not in str(error):
                raise
            status = page.request.get(base_url + path).status
            visits.append(Visit(path, status, None, offered_on))
            continue
        status = response.status if response else None
        foreign = bool(FOREIGN.match(urlsplit(page.url).path))
        width = None if foreign else page.evaluate("document.documentElement.scrollWidth")
        visits.append(Visit(path, status, width, offered_on))
        if width and width > PHONE["width"]:
            name = re.sub(r"[^\w]+", "_", path).strip("_") or "home"
            page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
        if depth >= DEPTH or foreign or status is None or status >= 400:
            continue
        for target in offered_targets(page, base_url):
            key = view_key(target)
            if target in seen or key is None or per_view[key] >= SAME_VIEW:
                continue
            seen.add(target)
            per_view[key] += 1
            queue.append((target, depth + 1, path))
    return visits


def offered_targets(page: Page, base_url: str) -> list[str]:
    """Same-origin paths (with their query) of the page's links and GET forms."""
    here = page.url
    hrefs = page.eval_on_selector_all(
        "a[href], form[method=get][action], form[method=GET][action]",
        "els => els.map(e => e.getAttribute('href') ?? e.getAttribute('action'))",
    )
    origin = urlsplit(base_url).netloc
    targets = []
    for href in hrefs:
        url = urlsplit(urljoin(here, href))
        if url.scheme not in {"http", "https"} or url.netloc != origin or NEVER.match(url.path):
            continue
        targets.append(url.path + (f"?{url.query}" if url.query else ""))
    return targets


def view_key(target: str) -> str | None:
    """The URL pattern a target resolves to, with its query's parameter names."""
    path, _, query = target.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        return f"unresolved:{path}"  # still visited: a link to nowhere is what we look for
    names = sorted({pair.split("=")[0] for pair in query.split("&") if pair})
    return f"{match.view_name}?{','.join(names)}"


def report(persona: str, visits: list[Visit]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lines = ["status\twidth\tpath\toffered on"]
    lines += [f"{v.status}\t{v.width or ''}\t{v.path}\t{v.offered_on}" for v in visits]
    (ARTIFACTS / f"{persona}.tsv").write_text("\n".join(lines) + "\n")


@pytest.fixture
def demo(settings) -> None:
    """The demo of `make run`: its data, and its admin signing in without two-factor."""
    settings.STAFF_REQUIRE_TWO_FACTOR = False
    call_command("seed_demo", stdout=StringIO())
    Operator.objects.filter(slug="rogers").update(status=Operator.Status.SUSPENDED)


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_link_a_page_offers_works_and_every_page_fits_a_phone(
    page: Page, base_url: str, login, demo, persona: str
):
    email = PERSONAS[persona]
    if email:
        login(email, PASSWORD)
        assert "/accounts/login/" not in page.url, f"{email} could not sign in"
    page.set_viewport_size(PHONE)
    screenshots = ARTIFACTS / persona
    screenshots.mkdir(parents=True, exist_ok=True)

    visits = crawl(page, base_url, "/dashboard/" if email else "/", screenshots)
    report(persona, visits)

    assert len(visits) > 5, f"the crawl as {persona} found almost nothing: {visits}"
    broken = [v for v in visits if v.status is None or v.status >= 400]
    assert not broken, f"links offered to {persona} that fail:\n" + "\n".join(
        f"  {v.status} {v.path}  (offered on {v.offered_on})" for v in broken
    )
    reached = {view_key(v.path).split("?")[0] for v in visits}
    missing = MUST_BE_OFFERED.get(persona, set()) - reached
    assert not missing, f"{persona} was never offered: {sorted(missing)}"
    too_wide = [v for v in visits if v.width and v.width > PHONE["width"]]
    assert not too_wide, f"pages wider than the {PHONE['width']} px screen, as {persona}:\n" + (
        "\n".join(f"  {v.width} px {v.path}" for v in too_wide)
    )
