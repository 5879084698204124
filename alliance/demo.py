"""Demo data of the membership app: the nine operators of the alliance, their opcos, objectives and
registered email domains, the demo accounts of PRODUCT.md and two pending operator applications.

Idempotent: every row is looked up by its natural key and written only when it differs, so a second
run changes nothing. Used by `manage.py seed_demo` (never by production code paths).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO, TypeVar

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models

from alliance.choices import Category
from alliance.models import (
    Membership,
    Opco,
    Operator,
    OperatorApplication,
    OperatorEmailDomain,
    User,
)

DEMO_PASSWORD = "alliance-demo"  # noqa: S105 - published demo credential, never used in production
ADMIN_EMAIL = "admin@alliance.example"

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class DemoOperator:
    name: str
    slug: str
    hq_country: str
    website: str
    joined_on: date
    objectives: str
    focus: tuple[Category, ...]
    opcos: tuple[tuple[str, str], ...]  # (ISO country code, brand name)
    people: tuple[str, str]  # full names of the demo manager and member


OPERATORS: tuple[DemoOperator, ...] = (
    DemoOperator(
        name="BT",
        slug="bt",
        hq_country="GB",
        website="https://www.bt.com",
        joined_on=date(2024, 1, 15),
        objectives=(
            "Bring partners that lift EE's consumer bundles (entertainment, cloud storage, "
            "security) and find enterprise IoT partners we can take to multinational customers."
        ),
        focus=(Category.ENTERTAINMENT, Category.PRODUCTIVITY_CLOUD, Category.IOT_M2M),
        opcos=(("GB", "EE"), ("IE", "BT Ireland")),
        people=("Oliver Bennett", "Priya Shah"),
    ),
    DemoOperator(
        name="Deutsche Telekom",
        slug="deutsche-telekom",
        hq_country="DE",
        website="https://www.telekom.com",
        joined_on=date(2024, 1, 15),
        objectives=(
            "Scale proven partner products across our European footprint in months, not years; "
            "share what we learned launching music and video bundles; build a connected-car bloc "
            "for cross-border deals."
        ),
        focus=(Category.ENTERTAINMENT, Category.IOT_M2M, Category.SECURITY_PRIVACY),
        opcos=(
            ("DE", "Telekom Deutschland"),
            ("PL", "T-Mobile Polska"),
            ("HU", "Magyar Telekom"),
            ("CZ", "T-Mobile Czech Republic"),
            ("AT", "Magenta Telekom"),
            ("HR", "Hrvatski Telekom"),
            ("SK", "Slovak Telekom"),
            ("NL", "T-Mobile Netherlands"),
            ("GR", "Cosmote"),
            ("RO", "Telekom Romania Mobile"),
            ("MK", "Makedonski Telekom"),
            ("ME", "Crnogorski Telekom"),
            ("US", "T-Mobile US"),
        ),
        people=("Katrin Weber", "Jonas Becker"),
    ),
    DemoOperator(
        name="Reliance Jio",
        slug="reliance-jio",
        hq_country="IN",
        website="https://www.jio.com",
        joined_on=date(2024, 3, 1),
        objectives=(
            "Find apps that work at Indian scale and price points — vernacular content, payments "
            "and education — and learn which bundling models worked for other members."
        ),
        focus=(Category.ENTERTAINMENT, Category.PAYMENTS_FINTECH, Category.COMMUNICATION),
        opcos=(("IN", "Jio"),),
        people=("Ananya Iyer", "Rahul Mehta"),
    ),
    DemoOperator(
        name="Millicom",
        slug="millicom",
        hq_country="LU",
        website="https://www.millicom.com",
        joined_on=date(2024, 1, 15),
        objectives=(
            "Take the music and mobile-money services that worked for Tigo in Colombia to the rest "
            "of Latin America, and bring Latin American start-ups to the other members."
        ),
        focus=(Category.ENTERTAINMENT, Category.PAYMENTS_FINTECH, Category.ADVERTISING_DATA),
        opcos=(
            ("CO", "Tigo Colombia"),
            ("GT", "Tigo Guatemala"),
            ("HN", "Tigo Honduras"),
            ("SV", "Tigo El Salvador"),
            ("PA", "Tigo Panamá"),
            ("BO", "Tigo Bolivia"),
            ("PY", "Tigo Paraguay"),
            ("NI", "Tigo Nicaragua"),
            ("CR", "Tigo Costa Rica"),
        ),
        people=("Camila Restrepo", "Diego Morales"),
    ),
    DemoOperator(
        name="MTS",
        slug="mts",
        hq_country="RU",
        website="https://www.mts.ru",
        joined_on=date(2024, 5, 6),
        objectives=(
            "Add digital services to our subscriptions (cloud, security, entertainment) and share "
            "what we learned from selling security apps to consumers."
        ),
        focus=(Category.SECURITY_PRIVACY, Category.PRODUCTIVITY_CLOUD),
        opcos=(
            ("RU", "MTS"),
            ("BY", "MTS Belarus"),
            ("AM", "Viva-MTS"),
            ("UA", "MTS Ukraine"),
        ),
        people=("Irina Volkova", "Dmitri Sokolov"),
    ),
    DemoOperator(
        name="Orange",
        slug="orange",
        hq_country="FR",
        website="https://www.orange.com",
        joined_on=date(2024, 1, 15),
        objectives=(
            "Bring partners to our African and Middle-East opcos as well as Europe; we look for "
            "mobile-money, messaging and travel partners and will sponsor French start-ups."
        ),
        focus=(Category.PAYMENTS_FINTECH, Category.COMMUNICATION, Category.TRAVEL_LIFESTYLE),
        opcos=(
            ("FR", "Orange France"),
            ("ES", "Orange Espagne"),
            ("PL", "Orange Polska"),
            ("BE", "Orange Belgium"),
            ("RO", "Orange Romania"),
            ("SK", "Orange Slovensko"),
            ("MD", "Orange Moldova"),
            ("MA", "Orange Maroc"),
            ("SN", "Orange Sénégal"),
            ("EG", "Orange Egypt"),
            ("CI", "Orange Côte d'Ivoire"),
            ("CM", "Orange Cameroun"),
            ("JO", "Orange Jordan"),
        ),
        people=("Claire Martin", "Moussa Diop"),
    ),
    DemoOperator(
        name="Rogers",
        slug="rogers",
        hq_country="CA",
        website="https://www.rogers.com",
        joined_on=date(2024, 6, 3),
        objectives=(
            "Find connected-car and connected-home partners proven in Europe, and launch them in "
            "Canada with a partner who has done it before."
        ),
        focus=(Category.IOT_M2M, Category.ENTERTAINMENT),
        opcos=(("CA", "Rogers Wireless"),),
        people=("Emily Tremblay", "Liam Chen"),
    ),
    DemoOperator(
        name="TeliaSonera",
        slug="teliasonera",
        hq_country="SE",
        website="https://www.teliacompany.com",
        joined_on=date(2024, 2, 12),
        objectives=(
            "Share Nordic experience with music streaming bundles and find productivity and "
            "family-safety services for our Nordic, Baltic and Eurasian opcos."
        ),
        focus=(Category.ENTERTAINMENT, Category.PRODUCTIVITY_CLOUD, Category.SECURITY_PRIVACY),
        opcos=(
            ("SE", "Telia Sverige"),
            ("FI", "Sonera"),
            ("NO", "Telia Norge"),
            ("DK", "Telia Danmark"),
            ("EE", "Telia Eesti"),
            ("LT", "Telia Lietuva"),
            ("LV", "LMT"),
            ("KZ", "Kcell"),
            ("AZ", "Azercell"),
            ("GE", "Geocell"),
            ("UZ", "Ucell"),
            ("NP", "Ncell"),
        ),
        people=("Sofia Lindqvist", "Mikko Virtanen"),
    ),
    DemoOperator(
        name="Telecom Italia",
        slug="telecom-italia",
        hq_country="IT",
        website="https://www.gruppotim.it",
        joined_on=date(2024, 4, 8),
        objectives=(
            "Bring video and advertising partners to TIM in Italy and Brazil, and learn from other "
            "members which carrier-billing models worked."
        ),
        focus=(Category.ENTERTAINMENT, Category.ADVERTISING_DATA),
        opcos=(("IT", "TIM"), ("BR", "TIM Brasil")),
        people=("Giulia Rossi", "Marco Bianchi"),
    ),
)

PENDING_APPLICATIONS: tuple[dict[str, Any], ...] = (
    {
        "name": "Axiata",
        "website": "https://www.axiata.com",
        "hq_country": "MY",
        "footprint": ["MY", "ID", "LK", "BD", "KH"],
        "objectives": "Bring Asian digital services to the alliance and find payments partners.",
        "contact_name": "Nur Aisyah Rahman",
        "contact_email": "partnerships@axiata.example",
        "contact_role": "Head of digital partnerships",
    },
    {
        "name": "Ooredoo",
        "website": "https://www.ooredoo.com",
        "hq_country": "QA",
        "footprint": ["QA", "OM", "KW", "DZ", "TN", "MV"],
        "objectives": "Launch entertainment and messaging partners across the Middle East.",
        "contact_name": "Khalid Al-Thani",
        "contact_email": "bd@ooredoo.example",
        "contact_role": "Business development director",
    },
)


def demo_accounts() -> list[tuple[str, str]]:
    """(email, what the account is) for every demo account, in the order `make run` prints them."""
    accounts = [(ADMIN_EMAIL, "staff (admin pages)")]
    for operator in OPERATORS:
        accounts.append((f"manager@{operator.slug}.example", f"manager of {operator.name}"))
        accounts.append((f"member@{operator.slug}.example", f"member of {operator.name}"))
    return accounts


def _upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """Get or create the row matching `lookup` and save only the fields of `values` that differ."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def _demo_user(email: str, password_hash: str, **flags: Any) -> User:
    """A demo user with the demo password (set once, at creation) and a verified email."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, password=password_hash, **flags)
    else:
        _upsert(User, {"pk": user.pk}, flags)
    _upsert(EmailAddress, {"user": user, "email": email}, {"primary": True, "verified": True})
    return user


def _seed_operator(demo: DemoOperator, password_hash: str) -> None:
    operator = _upsert(
        Operator,
        {"slug": demo.slug},
        {
            "name": demo.name,
            "hq_country": demo.hq_country,
            "website": demo.website,
            "objectives": demo.objectives,
            "focus_categories": [category.value for category in demo.focus],
            "joined_on": demo.joined_on,
        },
    )
    for country, brand_name in demo.opcos:
        _upsert(Opco, {"operator": operator, "country": country}, {"brand_name": brand_name})
    _upsert(OperatorEmailDomain, {"domain": f"{demo.slug}.example"}, {"operator": operator})
    for role, full_name in zip(
        (Membership.Role.MANAGER, Membership.Role.MEMBER), demo.people, strict=True
    ):
        first_name, last_name = full_name.split(" ", 1)
        user = _demo_user(
            f"{role.value}@{demo.slug}.example",
            password_hash,
            first_name=first_name,
            last_name=last_name,
        )
        _upsert(
            Membership,
            {"user": user},
            {"operator": operator, "role": role, "status": Membership.Status.ACTIVE},
        )


def seed(*, stdout: TextIO) -> None:
    """Create or bring up to date the membership app's demo data."""
    # One hash for every demo account: hashing is deliberately slow, and the password is shared.
    password_hash = make_password(DEMO_PASSWORD)
    _demo_user(
        ADMIN_EMAIL,
        password_hash,
        is_staff=True,
        is_superuser=True,
        first_name="Alliance",
        last_name="Admin",
    )
    for demo in OPERATORS:
        _seed_operator(demo, password_hash)
    for application in PENDING_APPLICATIONS:
        # Created once and then left alone: a reviewer's decision in the demo is not undone.
        OperatorApplication.objects.get_or_create(name=application["name"], defaults=application)
    stdout.write(
        f"Membership: {len(OPERATORS)} operators, "
        f"{sum(len(demo.opcos) for demo in OPERATORS)} opcos, "
        f"{len(PENDING_APPLICATIONS)} pending operator applications.\n"
    )
