"""The membership app's part of `manage.py seed_scale`: operators, opcos, people and standing.

A few large operators (the nine demo ones first, Orange the largest) have dozens of opcos and
hundreds of people; most have a handful. Every operator's people have verified email addresses
(allauth) and memberships; the demo accounts (`member@orange.example`, ...) exist with the demo
password and an API token, so the benchmark can sign in as a member of Orange.

Other apps call `operators()`, `pick_operator()` and `seed_consumption()` from here.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.contenttypes.models import ContentType
from django.db import models
from rest_framework.authtoken.models import Token

from alliance.choices import Category
from alliance.demo import ADMIN_EMAIL, DEMO_PASSWORD, OPERATORS
from alliance.models import (
    Consumption,
    Contribution,
    InactivityPolicy,
    Membership,
    Opco,
    Operator,
    OperatorEmailDomain,
    StandingFlag,
    User,
)
from alliance.scale_kit import (
    ScaleRun,
    Step,
    all_country_codes,
    check_fields,
    col,
    copy_rows,
    execute,
    table,
    words,
    zipf_count,
    zipf_index,
)

# The benchmark signs in as this member of Orange (the largest operator).
BENCH_PERSONA = "member@orange.example"
BENCH_PASSWORD = DEMO_PASSWORD
# Orange first: the benchmark's persona belongs to the largest operator.
NAMED_ORDER = ("orange", "deutsche-telekom", "millicom", "teliasonera", "bt", "telecom-italia",
               "mts", "reliance-jio", "rogers")  # fmt: skip

_PREFIXES = words(
    "Nord Sud Alto Atlas Baltic Celtic Andes Sahel Pacific Boreal Aurora Delta Meridian Orion "
    "Cedar Lagoon Savanna Summit Harbor Coral Terra Nimbus Vega Zenith Polar Kestrel Falcon Lynx "
    "Sierra Tundra Mesa Azure Ember Granite Horizon Island Jade Karoo Lumen Monsoon"
)
_SUFFIXES = ("Mobile", "Telecom", "Tel", "Connect", "Wireless", "Networks", "Communications",
             "Cellular")  # fmt: skip
_FIRST = words(
    "Ana Ben Chloe David Elif Farid Grace Hugo Ines Jonas Kaito Lena Marco Nadia Omar Priya "
    "Quentin Rosa Samir Tara Umar Vera Wei Ximena Yusuf Zoe Amara Bruno Carmen Dmitri Eva "
    "Felix Giulia Hana Ivan Julia Kofi Laila Mateo Nora"
)
_LAST = words(
    "Silva Novak Martin Okafor Rossi Kim Schmidt Haddad Larsen Moreau Tanaka Costa Ivanova "
    "Mensah Dubois Kowalski Nguyen Fischer Ortiz Sato Petrov Ali Jensen Romano Garcia Wang "
    "Mueller Eriksen Kaya Lopez Banda Reyes Patel Weber Hansen Conti Singh Mwangi Bauer Sousa"
)


@dataclass
class SeededOperator:
    id: int
    slug: str
    name: str
    status: str
    hq_country: str
    opcos: list[tuple[int, str]] = field(default_factory=list)  # (opco id, country code)
    people: list[int] = field(default_factory=list)  # user ids with an active membership

    @property
    def countries(self) -> list[str]:
        return [country for _, country in self.opcos]

    @property
    def contributes(self) -> bool:
        return self.status in Operator.CONTRIBUTING_STATUSES


def operators(run: ScaleRun) -> list[SeededOperator]:
    """The seeded operators, largest first."""
    return run.state["operators"]


def pick_operator(run: ScaleRun, *, contributing: bool = True) -> SeededOperator:
    """An operator drawn by size (its number of opcos): large operators act more."""
    pool, weights = run.state["active_pool" if contributing else "all_pool"]
    return run.rng.choices(pool, cum_weights=weights)[0]


def pick_person(run: ScaleRun, operator: SeededOperator) -> int | None:
    return run.rng.choice(operator.people) if operator.people else None


def seed_members(run: ScaleRun) -> None:
    with Step(run, "operators, opcos and email domains"):
        _seed_operators(run)
    with Step(run, "people, memberships, email addresses and tokens"):
        _seed_people(run)
    InactivityPolicy.current()


def _opco_targets(n: int, total: int) -> list[int]:
    """How many opcos each operator has, largest first: ∝ rank^-0.5, summing to `total`."""
    weights = [(rank + 1) ** -0.5 for rank in range(n)]
    scale = total / sum(weights)
    targets = [max(1, round(w * scale)) for w in weights]
    targets[0] += total - sum(targets)
    return [max(1, min(t, 200)) for t in targets]


def _seed_operators(run: ScaleRun) -> None:
    rng, n = run.rng, run.size("operators")
    codes = all_country_codes(rng)
    named = {demo.slug: demo for demo in OPERATORS}
    names = [f"{p} {s}" for p in _PREFIXES for s in _SUFFIXES]
    rng.shuffle(names)
    rows, seeded = [], []
    for index, target in enumerate(_opco_targets(n, run.size("opcos"))):
        pk = index + 1
        demo = named.get(NAMED_ORDER[index]) if index < len(NAMED_ORDER) else None
        if demo:
            name, slug, hq, website = demo.name, demo.slug, demo.hq_country, demo.website
            objectives, focus = demo.objectives, [str(c) for c in demo.focus]
            countries = [code for code, _ in demo.opcos]
            status = Operator.Status.ACTIVE
        else:
            name = names.pop() if names else f"Operator {pk}"
            slug = name.lower().replace(" ", "-")
            hq = codes[zipf_index(rng, len(codes), q=8)]
            website = f"https://www.{slug}.example"
            objectives = run.writer.paragraph(2)
            focus = rng.sample(Category.values, rng.randint(1, 3))
            countries = [hq]
            status = rng.choices(
                Operator.Status.values, weights=(92, 4, 2, 2) if index > 20 else (1, 0, 0, 0)
            )[0]
        while len(countries) < target:
            code = codes[zipf_index(rng, len(codes), q=10)]
            if code not in countries:
                countries.append(code)
        joined = run.today - timedelta(days=rng.randint(120, 1_460) if index else 1_460)
        rows.append((pk, name, slug, hq, website, objectives, focus, status, joined, run.now,
                     run.now))  # fmt: skip
        seeded.append(SeededOperator(pk, slug, name, status, hq, [(0, c) for c in countries]))
    fields = ("id", "name", "slug", "hq_country", "website", "objectives", "focus_categories",
              "status", "joined_on", "created_at", "updated_at")  # fmt: skip
    run.wrote(Operator, copy_rows(Operator, fields, rows))

    opco_rows, opco_id = [], 0
    for operator in seeded:
        demo_brands = dict(named[operator.slug].opcos) if operator.slug in named else {}
        short = operator.name.split()[0]
        for position, (_, country) in enumerate(operator.opcos):
            opco_id += 1
            brand = demo_brands.get(country) or f"{short} {country}"
            opco_rows.append((opco_id, operator.id, country, brand))
            operator.opcos[position] = (opco_id, country)
    run.wrote(Opco, copy_rows(Opco, ("id", "operator", "country", "brand_name"), opco_rows))
    domains = [(op.id, op.id, f"{op.slug}.example") for op in seeded]
    run.wrote(
        OperatorEmailDomain,
        copy_rows(OperatorEmailDomain, ("id", "operator", "domain"), domains),
    )
    run.state["operators"] = seeded
    _set_pools(run)


def _set_pools(run: ScaleRun) -> None:
    def pool(ops: list[SeededOperator]) -> tuple[list, list]:
        weights, total = [], 0.0
        for op in ops:
            total += len(op.opcos) ** 1.1
            weights.append(total)
        return ops, weights

    seeded = operators(run)
    run.state["all_pool"] = pool(seeded)
    run.state["active_pool"] = pool([op for op in seeded if op.contributes])


def _seed_people(run: ScaleRun) -> None:
    rng = run.rng
    # Django's default hasher, named: the portal checks it whatever PASSWORD_HASHERS the seeding
    # process runs with (the tests' fast MD5 hasher would not sign anyone in on the real server).
    hasher = PBKDF2PasswordHasher()
    bench_hash = hasher.encode(BENCH_PASSWORD, hasher.salt())
    users, memberships, emails = [], [], []
    pk = 0

    def add(operator, email, first, last, role, status, password, joined) -> int:
        nonlocal pk
        pk += 1
        users.append((pk, password, False, first, last, False, True, joined, email))
        emails.append((pk, pk, email, True, True))
        if operator is not None:
            memberships.append((pk, pk, operator.id, role, status, joined))
            if status == Membership.Status.ACTIVE and operator.status != Operator.Status.REMOVED:
                operator.people.append(pk)
        return pk

    personas = []
    for operator in operators(run):
        joined = run.now - timedelta(days=rng.randint(90, 1_400))
        removed = operator.status == Operator.Status.REMOVED
        if operator.slug in NAMED_ORDER:
            for role in Membership.Role.values:
                email = f"{role}@{operator.slug}.example"
                personas.append(add(operator, email, "Bench", role.title(), role,
                                    Membership.Status.ACTIVE, bench_hash, joined))  # fmt: skip
        for number in range(3 + 8 * len(operator.opcos)):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            email = f"{first}.{last}.{number}@{operator.slug}.example".lower()
            role = Membership.Role.MANAGER if number < 2 else Membership.Role.MEMBER
            status = rng.choices(Membership.Status.values, weights=(3, 95, 2))[0]
            if removed:
                status = Membership.Status.INACTIVE
            unusable = "!" + secrets.token_urlsafe(20)
            add(operator, email, first, last, role, status, unusable,
                joined + timedelta(days=rng.randint(0, 300)))  # fmt: skip
    staff = add(None, ADMIN_EMAIL, "Alliance", "Admin", "", "", bench_hash, run.now)
    user_fields = ("id", "password", "is_superuser", "first_name", "last_name", "is_staff",
                   "is_active", "date_joined", "email")  # fmt: skip
    run.wrote(User, copy_rows(User, user_fields, users))
    staff_sql = f"UPDATE {table(User)} SET is_staff = true, is_superuser = true WHERE id = %s"
    execute(staff_sql, [staff])
    run.wrote(
        Membership,
        copy_rows(
            Membership,
            ("id", "user", "operator", "role", "status", "created_at"),
            memberships,
        ),
    )
    run.wrote(
        EmailAddress,
        copy_rows(EmailAddress, ("id", "user", "email", "verified", "primary"), emails),
    )
    tokens = [(secrets.token_hex(20), user_id, run.now) for user_id in personas]
    run.wrote(Token, copy_rows(Token, ("key", "user", "created"), tokens))
    run.state["personas"] = personas


def seed_consumption(run: ScaleRun, kind: str, rows: int) -> None:
    """Up to `rows` daily view counters of other operators' deals or lessons (`kind`) over the
    last year: large operators read more, and are read more."""
    rng, seen, data = run.rng, set(), []
    for _ in range(rows):
        viewer, owner = pick_operator(run), pick_operator(run, contributing=False)
        day = run.today - timedelta(days=zipf_index(rng, 365, q=20))
        key = (viewer.id, owner.id, day)
        if viewer.id == owner.id or key in seen:
            continue
        seen.add(key)
        data.append((viewer.id, owner.id, kind, day, zipf_count(rng, 1, 60)))
    fields = ("viewer", "owner", "kind", "day", "views")
    run.wrote(Consumption, copy_rows(Consumption, fields, data))


def seed_standing(run: ScaleRun) -> None:
    """An unresolved flag for each flagged operator, as the inactivity job would have left."""
    policy = InactivityPolicy.current()
    rows = []
    for operator in operators(run):
        if operator.status == Operator.Status.FLAGGED:
            flagged = run.today - timedelta(days=run.rng.randint(1, policy.grace_days - 1))
            rows.append((operator.id, StandingFlag.Status.IN_GRACE, flagged,
                         flagged + timedelta(days=policy.grace_days), 0, 0,
                         policy.minimum_contributions, policy.window_days, ""))  # fmt: skip
    fields = ("operator", "status", "flagged_on", "grace_until", "score", "contribution_count",
              "required", "window_days", "resolution")  # fmt: skip
    run.wrote(StandingFlag, copy_rows(StandingFlag, fields, rows))


def record_contributions(
    run: ScaleRun,
    *,
    kind: str,
    source: type[models.Model],
    operator: str,
    user: str,
    at: str,
    join: str = "",
    where: str = "TRUE",
    target: type[models.Model] | None = None,
    target_id: str = "",
) -> None:
    """One ledger row of `kind` per row of `source` (aliased `src`) matching `where`, credited to
    the SQL expressions `operator` and `user` at `at`, about `target` (the row itself unless
    given, e.g. the lesson of an endorsement) as the services write them: the ledger of a seeded
    database is derived from the acts it records."""
    fields = check_fields(Contribution, ("operator", "user", "kind", "content_type",
                                         "object_id", "created_at"))  # fmt: skip
    content_type = ContentType.objects.get_for_model(target or source).pk
    target_id = target_id or f"src.{col(source, 'id')}"
    sql = (
        f"INSERT INTO {table(Contribution)} ({', '.join(fields)}) "
        f"SELECT {operator}, {user}, %s, %s, {target_id}, {at} "
        f"FROM {table(source)} src {join} WHERE {where}"
    )
    run.wrote(Contribution, execute(sql, [kind, content_type]))
