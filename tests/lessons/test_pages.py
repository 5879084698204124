"""The lessons pages: the guided write form (bad input, prefill from a deal), publishing, the
lesson page with htmx endorsements and comments, the list with search, and related lessons."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from alliance.models import Consumption, Contribution
from lessons.models import Comment, Endorsement, Lesson
from tests.factories import DealFactory, LessonFactory

FORM = {
    "title": "Selling music services: learned from Millicom in Colombia",
    "outcome": "worked",
    "tried": "A music streaming bundle on prepaid, billed to the phone bill.",
    "happened": "Take-up tripled once it was sold in store.",
    "why": "Carrier billing removed the need for a credit card.",
    "recommendation": "Lead with carrier billing and in-store demos.",
    "category": "entertainment",
    "countries": ["CO"],
    "tags": "music, carrier billing",
}


def test_a_member_publishes_a_lesson_from_the_guided_form(client, member, operator):
    client.force_login(member)
    page = client.get(reverse("lessons:create"))
    assert page.status_code == 200
    for question in (
        "What did you try?",
        "What happened?",
        "Why? (the root cause)",
        "What would you do differently?",
    ):
        assert question in page.content.decode()

    response = client.post(reverse("lessons:create"), {**FORM, "action": "publish"})

    lesson = Lesson.objects.get()
    assert response.status_code == 302 and response.url == lesson.get_absolute_url()
    assert lesson.is_published and lesson.author == member and lesson.country_codes == ["CO"]
    assert Contribution.objects.filter(operator=operator, kind="lesson_published").count() == 1


def test_save_as_draft_keeps_it_private_until_published(client, member):
    client.force_login(member)
    client.post(reverse("lessons:create"), {**FORM, "action": "draft"})
    lesson = Lesson.objects.get()
    assert lesson.status == Lesson.Status.DRAFT
    assert lesson.title in client.get(reverse("lessons:drafts")).content.decode()
    assert lesson.title not in client.get(reverse("lessons:list")).content.decode()

    client.post(reverse("lessons:publish", args=[lesson.pk]))
    lesson.refresh_from_db()
    assert lesson.is_published


@pytest.mark.parametrize(
    "missing", ["title", "outcome", "tried", "happened", "why", "recommendation", "category"]
)
def test_every_answer_is_required_with_a_message_beside_it(client, member, missing):
    client.force_login(member)
    response = client.post(reverse("lessons:create"), {**FORM, missing: "", "action": "publish"})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Lesson.objects.exists()


def test_a_100_kb_answer_is_refused_with_a_clear_error(client, member):
    client.force_login(member)
    response = client.post(reverse("lessons:create"), {**FORM, "tried": "x" * 100_000})
    assert response.status_code == 422
    assert "Ensure this value has at most 10000 characters" in response.content.decode()
    assert not Lesson.objects.exists()


def test_unknown_countries_and_outcomes_are_form_errors(client, member):
    client.force_login(member)
    response = client.post(
        reverse("lessons:create"), {**FORM, "countries": ["XX"], "outcome": "great"}
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()


def test_script_tags_are_shown_as_text_never_run(client, member, other_member):
    lesson = LessonFactory(
        author=member,
        title="<script>alert('t')</script> in the title",
        why="<img src=x onerror=alert(1)>",
    )
    client.force_login(other_member)
    client.post(
        reverse("lessons:comment", args=[lesson.pk]), {"body": "<script>alert('c')</script>"}
    )
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;c&#x27;)&lt;/script&gt;" in html
    search = client.get(reverse("lessons:list"), {"q": "script"}).content.decode()
    assert "<script>alert" not in search


def test_a_lesson_written_from_a_declined_deal_is_prefilled_and_linked(
    client, member, declined_deal
):
    client.force_login(member)
    page = client.get(reverse("lessons:create"), {"deal": declined_deal.pk})
    form = page.context["form"]
    assert form.initial["title"] == "Idomoo in France: why we declined"
    assert form.initial["outcome"] == "did_not_work"
    assert form.initial["partner"] == declined_deal.partner
    assert form.initial["countries"] == ["FR"]
    assert form.initial["why"] == declined_deal.decline_explanation
    assert "commercial terms" in form.initial["happened"]

    data = {**FORM, "partner": declined_deal.partner.pk, "countries": ["FR"], "action": "publish"}
    client.post(reverse("lessons:create") + f"?deal={declined_deal.pk}", data)
    lesson = Lesson.objects.get()
    assert lesson.deal == declined_deal and lesson.partner == declined_deal.partner


def test_a_lesson_cannot_be_written_from_another_operators_deal(
    client, other_member, declined_deal
):
    client.force_login(other_member)
    refused = client.get(reverse("lessons:create"), {"deal": declined_deal.pk})
    assert refused.status_code == 400
    assert "one of your operator&#x27;s deals" in refused.content.decode()
    declined_deal.visibility = "private"
    declined_deal.save()
    assert client.get(reverse("lessons:create"), {"deal": declined_deal.pk}).status_code == 404
    assert client.get(reverse("lessons:create"), {"deal": "abc"}).status_code == 404


def test_endorsing_with_htmx_returns_the_updated_fragment(client, published_lesson, other_member):
    client.force_login(other_member)
    url = reverse("lessons:endorse", args=[published_lesson.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section class="card" id="endorsements"') and "<html" not in html
    assert "You endorsed this lesson." in html and "Millicom" in html

    again = client.post(url, HTTP_HX_REQUEST="true")
    assert again.status_code == 409 and "already endorsed" in again.content.decode()
    assert again.content.decode().startswith('<section class="card" id="endorsements"')
    assert Endorsement.objects.count() == 1


def test_endorsing_without_javascript_redirects_back_to_the_lesson(
    client, published_lesson, other_member
):
    client.force_login(other_member)
    response = client.post(reverse("lessons:endorse", args=[published_lesson.pk]))
    assert response.status_code == 302 and response.url == published_lesson.get_absolute_url()
    twice = client.post(reverse("lessons:endorse", args=[published_lesson.pk]))
    assert twice.status_code == 409 and "already endorsed" in twice.content.decode()


def test_commenting_with_htmx_adds_the_comment_without_a_full_page(
    client, published_lesson, other_member
):
    client.force_login(other_member)
    url = reverse("lessons:comment", args=[published_lesson.pk])
    response = client.post(url, {"body": "Same result in Colombia."}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Same result in Colombia." in html and "Comments (1)" in html

    empty = client.post(url, {"body": "   "}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 422 and "Write something" in empty.content.decode()
    long = client.post(url, {"body": "x" * 6000}, HTTP_HX_REQUEST="true")
    assert long.status_code == 422 and "at most 5000 characters" in long.content.decode()
    assert Comment.objects.count() == 1


def test_commenting_on_a_draft_is_refused(client, draft_lesson, member):
    client.force_login(member)
    response = client.post(
        reverse("lessons:comment", args=[draft_lesson.pk]), {"body": "Note to self"}
    )
    assert response.status_code == 409
    assert "Comments are open once a lesson is published." in response.content.decode()
    assert not Comment.objects.exists()


def test_the_lesson_page_shows_the_history_of_edits_after_publication(
    client, published_lesson, member
):
    client.force_login(member)
    data = {
        **FORM,
        "title": published_lesson.title,
        "category": "security_privacy",
        "why": "A free alternative was already on every phone.",
        "action": "save",
    }
    client.post(reverse("lessons:edit", args=[published_lesson.pk]), data)
    html = client.get(published_lesson.get_absolute_url()).content.decode()
    assert "History of edits" in html and "A free alternative was already on every phone." in html


def test_the_list_shows_search_results_with_highlights(client, member, other_member):
    LessonFactory(author=member, title="Music bundles in Colombia")
    client.force_login(other_member)
    html = client.get(reverse("lessons:list"), {"q": "music"}).content.decode()
    assert "1 lesson matches" in html and "<mark>Music</mark>" in html


def test_invalid_filters_are_shown_as_errors_not_failures(client, member):
    client.force_login(member)
    response = client.get(
        reverse("lessons:list"), {"outcome": "nonsense", "country": "ZZ", "page": "x"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_list_and_search_take_a_constant_number_of_queries(
    client, member, other_member, django_assert_max_num_queries
):
    for number in range(25):
        LessonFactory(
            author=member,
            title=f"Music lesson {number}",
            countries=["FR", "CO"],
            tags=["music", f"t{number}"],
        )
    client.force_login(other_member)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("lessons:list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("lessons:list"), {"q": "music", "sort": "endorsed"}).status_code
            == 200
        )


def render_related(user, **kwargs) -> str:
    request = RequestFactory().get("/")
    request.user = user
    args = " ".join(f"{key}={key}" for key in kwargs)
    template = Template("{% load lessons_tags %}{% related_lessons " + args + " %}")
    return template.render(Context({"request": request, **kwargs}))


def test_related_lessons_put_the_same_partner_first_then_country_and_category(
    member, other_member, partner
):
    same_partner = LessonFactory(
        author=member, partner=partner, title="About the partner", category="other"
    )
    country_and_category = LessonFactory(
        author=member, title="Same country and category", countries=["FR"]
    )
    category_only = LessonFactory(author=member, title="Same category only", countries=["DE"])
    LessonFactory(author=member, title="Unrelated", category="other", countries=["DE"])
    LessonFactory(author=member, draft=True, title="A draft", partner=partner)

    html = render_related(other_member, partner=partner, country="FR", category="entertainment")

    positions = [
        html.find(lesson.title) for lesson in (same_partner, country_and_category, category_only)
    ]
    assert -1 not in positions and positions == sorted(positions)
    assert "Unrelated" not in html and "A draft" not in html
    assert f"?partner={partner.slug}" in html


def test_related_lessons_show_nothing_to_visitors_who_are_not_members(published_lesson):
    html = render_related(AnonymousUser(), category="security_privacy")
    assert published_lesson.title not in html and "No lessons yet" in html


def test_viewing_another_operators_lesson_counts_as_consumption(
    client, published_lesson, member, other_member
):
    client.force_login(member)
    client.get(published_lesson.get_absolute_url())
    assert not Consumption.objects.exists()  # one's own operator's lesson
    client.force_login(other_member)
    client.get(published_lesson.get_absolute_url())
    client.get(published_lesson.get_absolute_url())
    (counter,) = Consumption.objects.all()
    assert (
        counter.viewer.slug == "millicom" and counter.owner.slug == "orange" and counter.views == 2
    )


def test_the_dashboard_shows_the_latest_lessons_and_my_drafts(
    client, published_lesson, draft_lesson, member, other_member
):
    client.force_login(member)
    html = client.get(reverse("alliance:dashboard")).content.decode()
    assert "Latest lessons" in html and published_lesson.title in html and "1 draft" in html
    client.force_login(other_member)
    html = client.get(reverse("alliance:dashboard")).content.decode()
    assert (
        published_lesson.title in html and draft_lesson.title not in html and "1 draft" not in html
    )


def test_publishing_from_the_edit_page_says_it_is_published(client, member, draft_lesson):
    client.force_login(member)
    data = {**FORM, "title": draft_lesson.title, "action": "publish"}
    response = client.post(reverse("lessons:edit", args=[draft_lesson.pk]), data, follow=True)
    html = response.content.decode()
    assert "Your lesson is published: every member can now find it." in html
    assert "Your changes are saved." not in html
    draft_lesson.refresh_from_db()
    assert draft_lesson.is_published and draft_lesson.why == FORM["why"]


def test_saving_a_draft_from_the_edit_page_keeps_it_a_draft(client, member, draft_lesson):
    client.force_login(member)
    data = {**FORM, "title": draft_lesson.title, "action": "draft"}
    response = client.post(reverse("lessons:edit", args=[draft_lesson.pk]), data, follow=True)
    assert "Your changes are saved." in response.content.decode()
    draft_lesson.refresh_from_db()
    assert draft_lesson.status == Lesson.Status.DRAFT
    assert not Contribution.objects.exists()


def test_posting_a_lesson_about_another_operators_deal_is_refused_too(
    client, member, other_member, partner
):
    theirs = DealFactory(partner=partner, operator=other_member.membership.operator)
    client.force_login(member)
    response = client.post(
        reverse("lessons:create") + f"?deal={theirs.pk}", {**FORM, "action": "publish"}
    )
    assert response.status_code == 400 and not Lesson.objects.exists()
