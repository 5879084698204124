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
from alliance.demo_m2m import PLATFORMS
from alliance.models import (
    Bloc,
    BlocMembership,
    Consumption,
    Contribution,
    InactivityPolicy,
    M2MService,
    Membership,
    Opco,
    OpcoPlatform,
    OpcoService,
    Operator,
    OperatorEmailDomain,
    Platform,
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


def seed_blocs(run: ScaleRun) -> None:
    with Step(run, "platforms, and the platforms and services of opcos"):
        _seed_platforms(run)
    with Step(run, "blocs and their members"):
        _seed_blocs(run)


def active_blocs(run: ScaleRun) -> list[tuple[int, list[int]]]:
    """The seeded active blocs as (bloc id, ids of its active member operators)."""
    return run.state["blocs"]


def vendor_platforms(run: ScaleRun) -> list[int]:
    return run.state["platforms"]


def _seed_platforms(run: ScaleRun) -> None:
    """The vendor platforms of the demo's catalogue; about half of the opcos of operators that
    contribute run one (mostly their operator's usual one) and offer a few M2M services."""
    rng = run.rng
    vendors = [(slug, spec) for slug, spec in PLATFORMS.items() if spec[2] is None]
    rows = [
        (pk, name, slug, vendor, description, run.now, run.now)
        for pk, (slug, (name, vendor, _, description)) in enumerate(vendors, start=1)
    ]
    fields = ("id", "name", "slug", "vendor", "description", "created_at", "updated_at")
    run.wrote(Platform, copy_rows(Platform, fields, rows))
    platform_ids = [row[0] for row in rows]
    links, services = [], []
    for operator in operators(run):
        if not operator.contributes:
            continue
        usual = rng.choice(platform_ids)
        for opco_id, _ in operator.opcos:
            if rng.random() < 0.5:
                links.append((opco_id, usual if rng.random() < 0.8 else rng.choice(platform_ids)))
            services.extend((opco_id, service) for service in M2MService.values
                            if rng.random() < 0.3)  # fmt: skip
    run.wrote(OpcoPlatform, copy_rows(OpcoPlatform, ("opco", "platform"), set(links)))
    run.wrote(OpcoService, copy_rows(OpcoService, ("opco", "service"), services))
    run.state["platforms"] = platform_ids


def _seed_blocs(run: ScaleRun) -> None:
    """One bloc per ten operators, of three to six large contributing operators each, with an
    open invitation and a departure here and there; the last one dissolved."""
    rng, count = run.rng, max(3, run.size("operators") // 10)
    blocs, members, active = [], [], []
    for pk in range(1, count + 1):
        chosen: list[SeededOperator] = []
        size = rng.randint(3, 6)
        while len(chosen) < size:
            operator = pick_operator(run)
            if operator not in chosen:
                chosen.append(operator)
        proposer = chosen[0]
        created = run.days_ago(rng.uniform(60, 700))
        dissolved = pk == count
        blocs.append((pk, f"{proposer.name} M2M bloc {pk}", f"m2m-bloc-{pk}",
                      run.writer.paragraph(2), [Category.IOT_M2M], proposer.id,
                      pick_person(run, proposer), Bloc.Status.DISSOLVED if dissolved
                      else Bloc.Status.ACTIVE, created, run.now if dissolved else None,
                      "Superseded by a wider bloc." if dissolved else ""))  # fmt: skip
        accepted = []
        for position, operator in enumerate(chosen):
            status = BlocMembership.Status.ACTIVE
            if position == len(chosen) - 1 and position > 2:
                status = rng.choice((BlocMembership.Status.INVITED, BlocMembership.Status.LEFT))
            answered = created + timedelta(days=rng.uniform(0, 20))
            open_invitation = status == BlocMembership.Status.INVITED
            members.append((pk, operator.id, status, pick_person(run, proposer), created,
                            None if open_invitation else pick_person(run, operator),
                            None if open_invitation else answered,
                            run.now if status == BlocMembership.Status.LEFT else None))  # fmt: skip
            if status == BlocMembership.Status.ACTIVE:
                accepted.append(operator.id)
        if not dissolved:
            active.append((pk, accepted))
    fields = ("id", "name", "slug", "purpose", "focus_categories", "proposed_by_operator",
              "proposed_by", "status", "created_at", "dissolved_at",
              "dissolution_reason")  # fmt: skip
    run.wrote(Bloc, copy_rows(Bloc, fields, blocs))
    member_fields = ("bloc", "operator", "status", "invited_by", "invited_at", "responded_by",
                     "responded_at", "left_at")  # fmt: skip
    run.wrote(BlocMembership, copy_rows(BlocMembership, member_fields, members))
    run.state["blocs"] = active


def share_with_blocs(run: ScaleRun, model: type[models.Model], *, one_in: int) -> None:
    """Give one in `one_in` of the rows of `model` (deals or lessons) of each active bloc's members
    bloc visibility in that bloc (a member of two blocs shares with the first)."""
    bloc_visibility = "bloc"
    for bloc_id, member_ids in active_blocs(run):
        if not member_ids:
            continue
        sql = (
            f"UPDATE {table(model)} SET {col(model, 'visibility')} = %s, {col(model, 'bloc')} = %s "
            f"WHERE {col(model, 'operator')} IN %s AND {col(model, 'visibility')} <> %s "
            f"AND {col(model, 'id')} %% %s = 0"
        )
        execute(sql, [bloc_visibility, bloc_id, tuple(member_ids), bloc_visibility, one_in])


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
