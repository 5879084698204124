"""`manage.py seed_demo`: the nine operators and exactly the demo accounts of PRODUCT.md."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.forms.models import model_to_dict

from alliance import demo as alliance_demo
from alliance.models import (
    Membership,
    Opco,
    Operator,
    OperatorApplication,
    OperatorEmailDomain,
    User,
)

SLUGS = [
    "bt",
    "deutsche-telekom",
    "reliance-jio",
    "millicom",
    "mts",
    "orange",
    "rogers",
    "teliasonera",
    "telecom-italia",
]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    """Every field of every row the demo writes, to compare two runs (`model_to_dict` leaves out
    non-editable fields, so `updated_at` is added on its own)."""
    models = [
        User,
        EmailAddress,
        Operator,
        Opco,
        OperatorEmailDomain,
        Membership,
        OperatorApplication,
    ]
    return {
        model.__name__: [
            model_to_dict(obj) | {"pk": obj.pk} for obj in model.objects.order_by("pk")
        ]
        for model in models
    } | {
        "updated_at": list(Operator.objects.order_by("pk").values_list("updated_at", flat=True)),
        "passwords": list(User.objects.order_by("pk").values_list("password", flat=True)),
    }


@pytest.fixture
def seeded(db) -> str:
    """The whole command, with every app's demo module: what `make run` loads."""
    return seed()


@pytest.fixture
def membership_demo(db) -> None:
    """Only the membership app's demo module: quicker, for what that module alone makes."""
    alliance_demo.seed(stdout=StringIO())


def test_seed_demo_creates_the_nine_operators_of_the_alliance(membership_demo):
    assert sorted(Operator.objects.values_list("slug", flat=True)) == sorted(SLUGS)
    for operator in Operator.objects.all():
        assert operator.objectives, f"{operator} states no objectives"
        assert operator.focus_categories, f"{operator} has no focus categories"
        assert operator.opcos.exists(), f"{operator} has no opcos"
        assert operator.email_domains.filter(domain=f"{operator.slug}.example").exists()


def test_seed_demo_gives_operators_their_real_footprints(membership_demo):
    telekom = Operator.objects.get(slug="deutsche-telekom")
    assert {"DE", "PL", "HU", "CZ", "AT", "HR", "SK", "GR", "RO"} <= {
        opco.country.code for opco in telekom.opcos.all()
    }
    millicom = Operator.objects.get(slug="millicom")
    assert {opco.country.code for opco in millicom.opcos.all()} == {
        "CO", "GT", "HN", "SV", "PA", "BO", "PY", "NI", "CR"
    }  # fmt: skip
    assert millicom.opcos.get(country="CO").brand_name == "Tigo Colombia"
    assert Operator.objects.get(slug="orange").opcos.filter(country="SN").exists()


def test_seed_demo_makes_exactly_the_demo_accounts_with_verified_emails(seeded):
    expected = {"admin@alliance.example"} | {
        f"{role}@{slug}.example" for slug in SLUGS for role in ("manager", "member")
    }
    assert set(User.objects.values_list("email", flat=True)) == expected
    for user in User.objects.all():
        assert user.check_password("alliance-demo"), f"{user.email} has another password"
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists(), f"{user.email} is not verified"


def test_seed_demo_gives_each_operator_a_manager_and_a_member(membership_demo):
    for slug in SLUGS:
        manager = User.objects.get(email=f"manager@{slug}.example")
        member = User.objects.get(email=f"member@{slug}.example")
        assert manager.active_membership.operator.slug == slug
        assert manager.active_membership.role == Membership.Role.MANAGER
        assert member.active_membership.operator.slug == slug
        assert member.active_membership.role == Membership.Role.MEMBER


def test_seed_demo_admin_is_staff_without_an_operator(membership_demo):
    admin = User.objects.get(email="admin@alliance.example")
    assert admin.is_staff and admin.is_superuser
    assert not Membership.objects.filter(user=admin).exists()


def test_seed_demo_leaves_operator_applications_to_review(membership_demo):
    assert (
        OperatorApplication.objects.filter(status=OperatorApplication.Status.PENDING).count() >= 1
    )


def test_seed_demo_prints_every_demo_account_and_the_password(seeded):
    assert "alliance-demo" in seeded
    for email in User.objects.values_list("email", flat=True):
        assert email in seeded


def test_running_seed_demo_twice_changes_nothing(seeded):
    before = snapshot()
    seed()
    assert snapshot() == before


def test_seed_demo_repairs_demo_data_changed_since_the_last_run(membership_demo):
    orange = Operator.objects.get(slug="orange")
    orange.opcos.filter(country="FR").delete()
    Membership.objects.filter(user__email="manager@orange.example").update(
        role=Membership.Role.MEMBER
    )
    alliance_demo.seed(stdout=StringIO())
    assert orange.opcos.filter(country="FR", brand_name="Orange France").exists()
    assert Membership.objects.get(user__email="manager@orange.example").is_manager


def test_seed_demo_sends_no_mail_to_the_fake_addresses(seeded, mailoutbox):
    seed()
    assert mailoutbox == []
