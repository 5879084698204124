"""The admin pages of the tables that grow with the alliance: their change lists count with the
capped paginator (never the whole table, never twice) and take the same queries however many
rows there are; their change forms list no rows of another large table."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_countries import countries

from alliance.paging import CappedPaginator
from partners import services as partner_services
from partners.models import PartnerCountry
from tests.factories import (
    ContributionFactory,
    DealFactory,
    LessonFactory,
    OpcoFactory,
    PartnerFactory,
    UserFactory,
)


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


def add_rows(kind: str, count: int, *, member, other_member, operator) -> None:
    """`count` partners, each with a row of `kind` (a deal, lesson, ledger row, introduction)."""
    for _ in range(count):
        partner = PartnerFactory(countries=[])
        if kind == "deal":
            DealFactory(partner=partner, operator=operator)
        elif kind == "lesson":
            LessonFactory(author=member, partner=partner)
        elif kind == "contribution":
            ContributionFactory(operator=operator, user=member, target=partner)
        elif kind == "introduction":
            partner_services.introduce_partner(
                partner=partner,
                by=other_member,
                to_operator=operator,
                countries=["FR"],
                pitch="It worked for us.",
            )


@pytest.mark.parametrize(
    "kind, url_name",
    [
        ("deal", "admin:deals_deal_changelist"),
        ("lesson", "admin:lessons_lesson_changelist"),
        ("contribution", "admin:alliance_contribution_changelist"),
        ("introduction", "admin:partners_introduction_changelist"),
        ("partner", "admin:partners_partner_changelist"),
    ],
)
def test_a_change_list_takes_the_same_queries_for_3_rows_as_for_30(
    staff, kind, url_name, member, other_member, operator, django_assert_max_num_queries
):
    OpcoFactory(operator=operator, country="FR")
    rows = {"member": member, "other_member": other_member, "operator": operator}
    add_rows(kind, 3, **rows)
    with django_assert_max_num_queries(12) as few:
        assert staff.get(reverse(url_name)).status_code == 200
    add_rows(kind, 27, **rows)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff.get(reverse(url_name)).status_code == 200


def test_a_change_list_past_the_cap_says_there_are_more(
    staff, member, other_member, operator, monkeypatch
):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    add_rows("deal", 5, member=member, other_member=other_member, operator=operator)
    page = staff.get(reverse("admin:deals_deal_changelist")).content.decode()
    assert "3+ deals" in page


def test_a_change_list_under_the_cap_gives_the_exact_count(staff, member, other_member, operator):
    add_rows("deal", 2, member=member, other_member=other_member, operator=operator)
    assert "2 deals" in staff.get(reverse("admin:deals_deal_changelist")).content.decode()


def test_a_lessons_change_form_lists_no_partner_with_300_partners(
    staff, member, django_assert_max_num_queries
):
    PartnerFactory.create_batch(300, countries=[])
    lesson = LessonFactory(author=member)
    with django_assert_max_num_queries(20):
        page = staff.get(reverse("admin:lessons_lesson_change", args=[lesson.pk]))
    assert page.status_code == 200 and "Partner Startup 150" not in page.content.decode()


def test_the_api_token_form_takes_the_user_by_id_not_from_a_list(staff):
    UserFactory.create_batch(30)
    page = staff.get(reverse("admin:authtoken_tokenproxy_add")).content.decode()
    assert 'class="vForeignKeyRawIdAdminField"' in page and "<option" not in page


def test_a_partners_change_form_takes_the_same_queries_for_1_country_as_for_20(
    staff, django_assert_max_num_queries
):
    partner = PartnerFactory(countries=["FR"])
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    with django_assert_max_num_queries(15) as one:
        assert staff.get(url).status_code == 200
    for code, _ in list(countries)[:20]:
        PartnerCountry.objects.get_or_create(partner=partner, country=code)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = staff.get(url).content.decode()
    assert page.count("<option") < 2 * len(countries)  # the HQ country only, not one per row
