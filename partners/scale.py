"""The partners app's part of `manage.py seed_scale`: partners, their countries, sponsorships,
status history and introductions, with the ledger rows those acts write.

Most partners are small (a country or two, one sponsor); a few (the demo's, then a Zipf-like
head) operate widely, have many sponsors and attract most introductions and deals. About 70% are
active, the rest open applications, declined or archived; a few applications duplicate earlier
ones (same website), as the onboarding form flags them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.utils.text import slugify

from alliance.choices import Category
from alliance.models import Contribution, Membership
from alliance.scale import pick_operator, pick_person, record_contributions
from alliance.scale_kit import (
    ScaleRun,
    Step,
    all_country_codes,
    col,
    copy_rows,
    table,
    words,
    zipf_count,
    zipf_index,
)
from partners.demo import PARTNERS
from partners.models import (
    Introduction,
    IntroductionStatusChange,
    Partner,
    PartnerCountry,
    PartnerStatusChange,
    Sponsorship,
    normalise_name,
    website_domain,
)

_SYLLABLES = words(
    "zeo tap mo vi celt ick ido moo tes sar fam ly nex ora vix lum pay byt qui ro tel kin sta ven "
    "ka lo mi ra su te do fa ne zo bri clo dra fli gro pla tri"
)
_SUFFIXES = ("", "", "", " Labs", " AI", " Pay", " Cloud", " Play", " Health", " Go", " IoT",
             " Secure", " Media", " Mobility")  # fmt: skip
# Status of the generated partners (the demo's are active).
_STATUS_WEIGHTS = {
    Partner.Status.ACTIVE: 70,
    Partner.Status.APPLIED: 8,
    Partner.Status.UNDER_REVIEW: 5,
    Partner.Status.DECLINED: 12,
    Partner.Status.ARCHIVED: 5,
}
_INTRODUCTION_WEIGHTS = {
    Introduction.Status.PROPOSED: 8,
    Introduction.Status.ACCEPTED: 12,
    Introduction.Status.DECLINED: 20,
    Introduction.Status.MET: 10,
    Introduction.Status.DEAL: 25,
    Introduction.Status.EXPIRED: 25,
}
_OPEN_INTRODUCTIONS = {"proposed", "accepted", "met"}


@dataclass
class SeededPartner:
    id: int
    category: str
    countries: list[str]


def by_popularity(run: ScaleRun) -> list[SeededPartner]:
    """The partners deals may be logged for (active, not duplicates), most popular first."""
    return run.state["partners_by_rank"]


def pick_partner(run: ScaleRun) -> SeededPartner:
    """A partner drawn by popularity (Zipf–Mandelbrot: the top one gets a fraction of a percent
    of the activity, the top 1% about a quarter)."""
    ranked = by_popularity(run)
    return ranked[zipf_index(run.rng, len(ranked), q=100)]


def seed(run: ScaleRun) -> None:
    with Step(run, "partners, their countries and history"):
        _seed_partners(run)
    with Step(run, "sponsorships"):
        _seed_sponsorships(run)
    with Step(run, "introductions"):
        _seed_introductions(run)
    with Step(run, "partners' ledger rows"):
        _seed_ledger(run)


def _names(run: ScaleRun, count: int) -> list[str]:
    rng, names, seen = run.rng, [demo.name for demo in PARTNERS], set()
    seen.update(normalise_name(name) for name in names)
    while len(names) < count:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        name = word.capitalize() + rng.choice(_SUFFIXES)
        if normalise_name(name) not in seen:
            seen.add(normalise_name(name))
            names.append(name)
    return names


def _seed_partners(run: ScaleRun) -> None:
    rng, writer = run.rng, run.writer
    codes = all_country_codes(rng)
    demos = {demo.name: demo for demo in PARTNERS}
    partners, countries, history, active = [], [], [], []
    slugs: set[str] = set()
    statuses, weights = list(_STATUS_WEIGHTS), list(_STATUS_WEIGHTS.values())
    for index, name in enumerate(_names(run, run.size("partners"))):
        pk, demo = index + 1, demos.get(name)
        status = Partner.Status.ACTIVE if demo else rng.choices(statuses, weights)[0]
        category = str(demo.category) if demo else rng.choice(Category.values)
        hq = demo.hq_country if demo else codes[zipf_index(rng, len(codes), q=10)]
        website = demo.website if demo else f"https://{slugify(name)}.example"
        duplicate_of = None
        if status == Partner.Status.APPLIED and index > 100 and rng.random() < 0.1:
            duplicate_of = rng.randint(1, index)  # same website as an earlier application
            website = partners[duplicate_of - 1][4]
        slug = slugify(name)[:120]
        if slug in slugs:
            slug = f"{slug}-{pk}"
        slugs.add(slug)
        created = run.days_ago(run.recent_age(1_400) + 30)
        reviewer = None
        reviewed_at = None
        if status != Partner.Status.APPLIED:
            reviewer = pick_person(run, pick_operator(run))
            reviewed_at = created + timedelta(days=rng.randint(1, 20))
        reason = writer.sentence() if status == Partner.Status.DECLINED else ""
        description = demo.description if demo else writer.paragraph(rng.randint(1, 3))
        partners.append((pk, name, slug, normalise_name(name), website, website_domain(website),
                         category, description, hq, "Partnerships team",
                         f"partners@{website_domain(website)}",
                         pick_operator(run).id if rng.random() < 0.2 else None, "", status,
                         secrets.token_urlsafe(32), duplicate_of, reason, reviewer, reviewed_at,
                         created, reviewed_at or created))  # fmt: skip
        wide = 25 if demo else zipf_count(rng, 1, 30)
        where = list(demo.countries) if demo else [hq]
        while len(where) < wide:
            code = codes[zipf_index(rng, len(codes), q=10)]
            if code not in where:
                where.append(code)
        countries.extend((pk, code) for code in where)
        history.append((pk, "", Partner.Status.APPLIED, None, "", created))
        if reviewed_at:
            history.append((pk, Partner.Status.APPLIED, Partner.Status.UNDER_REVIEW, reviewer,
                            "", reviewed_at))  # fmt: skip
        if status in (Partner.Status.ACTIVE, Partner.Status.DECLINED, Partner.Status.ARCHIVED):
            to = Partner.Status.DECLINED if status == Partner.Status.DECLINED else "active"
            history.append((pk, Partner.Status.UNDER_REVIEW, to, reviewer, reason,
                            reviewed_at + timedelta(days=rng.randint(1, 10))))  # fmt: skip
        if status == Partner.Status.ARCHIVED:
            history.append((pk, Partner.Status.ACTIVE, status, None, "", run.days_ago(10)))
        if status == Partner.Status.ACTIVE and duplicate_of is None:
            active.append(SeededPartner(pk, category, where))
    fields = ("id", "name", "slug", "normalised_name", "website", "website_domain", "category",
              "description", "hq_country", "contact_name", "contact_email", "works_with",
              "pitch_deck", "status", "status_token", "duplicate_of", "decision_reason",
              "reviewed_by", "reviewed_at", "created_at", "updated_at")  # fmt: skip
    run.wrote(Partner, copy_rows(Partner, fields, partners))
    run.wrote(PartnerCountry, copy_rows(PartnerCountry, ("partner", "country"), countries))
    history_fields = ("partner", "from_status", "to_status", "changed_by", "reason", "changed_at")
    run.wrote(PartnerStatusChange, copy_rows(PartnerStatusChange, history_fields, history))
    # Popularity: the demo partners first, then the others in a random order.
    head = [p for p in active if p.id <= len(PARTNERS)]
    tail = [p for p in active if p.id > len(PARTNERS)]
    rng.shuffle(tail)
    run.state["partners_by_rank"] = head + tail
    run.state["partner_created"] = {row[0]: row[19] for row in partners}


def _seed_sponsorships(run: ScaleRun) -> None:
    rng, rows = run.rng, []
    created = run.state["partner_created"]
    for rank, partner in enumerate(by_popularity(run)):
        wanted = 1 + (zipf_count(rng, 1, 12) - 1 if rng.random() < 0.35 else 0)
        wanted += 6 if rank < 50 else 0
        sponsors: dict[int, object] = {}
        for _ in range(wanted * 3):
            operator = pick_operator(run)
            sponsors.setdefault(operator.id, operator)
            if len(sponsors) == wanted:
                break
        for operator in sponsors.values():
            countries = rng.sample(operator.countries, min(3, len(operator.countries)))
            rows.append((partner.id, operator.id, pick_person(run, operator),
                         run.writer.paragraph(2), countries,
                         created[partner.id] + timedelta(days=rng.randint(2, 40))))  # fmt: skip
    fields = ("partner", "operator", "sponsored_by", "pitch", "suggested_countries", "created_at")
    run.wrote(Sponsorship, copy_rows(Sponsorship, fields, rows))


def _seed_introductions(run: ScaleRun) -> None:
    rng, rows, history, open_pairs = run.rng, [], [], set()
    statuses, weights = list(_INTRODUCTION_WEIGHTS), list(_INTRODUCTION_WEIGHTS.values())
    for pk in range(1, run.size("introductions") + 1):
        partner, source, recipient = pick_partner(run), pick_operator(run), pick_operator(run)
        if source.id == recipient.id:
            recipient = pick_operator(run)
            if source.id == recipient.id:
                continue
        status = rng.choices(statuses, weights)[0]
        if status in _OPEN_INTRODUCTIONS:
            key = (partner.id, source.id, recipient.id)
            status = Introduction.Status.EXPIRED if key in open_pairs else status
            open_pairs.add(key)
        recent = status == Introduction.Status.PROPOSED
        created = run.days_ago(rng.uniform(0, 13) if recent else run.recent_age(1_000) + 15)
        due = created.date() + timedelta(days=14)
        answerer, answered, reason = None, None, ""
        steps = [("", Introduction.Status.PROPOSED, source, created)]
        if status not in (Introduction.Status.PROPOSED, Introduction.Status.EXPIRED):
            answerer = pick_person(run, recipient)
            answered = created + timedelta(days=rng.uniform(0.1, 13))
            declined = status == Introduction.Status.DECLINED
            reason = run.writer.sentence() if declined or rng.random() < 0.3 else ""
            answer = Introduction.Status.DECLINED if declined else Introduction.Status.ACCEPTED
            steps.append((Introduction.Status.PROPOSED, answer, recipient, answered))
            later = answered
            for follow in {"met": ["met"], "deal": ["met", "deal"]}.get(status, []):
                later = later + timedelta(days=rng.randint(3, 60))
                steps.append((steps[-1][1], follow, recipient, later))
        elif status == Introduction.Status.EXPIRED:
            steps.append((Introduction.Status.PROPOSED, status, None, created + timedelta(15)))
        where = recipient.countries
        countries = rng.sample(where, min(rng.randint(1, 3), len(where)))
        introducer = pick_person(run, source)
        rows.append((pk, partner.id, source.id, recipient.id, introducer, countries,
                     run.writer.paragraph(2), status, due, answerer, answered, reason, created,
                     steps[-1][3]))  # fmt: skip
        for before, after, by, at in steps:
            person = introducer if by is source else pick_person(run, by) if by else None
            history.append((pk, before, after, person, "", at))
    fields = ("id", "partner", "from_operator", "to_operator", "introduced_by", "countries",
              "pitch", "status", "response_due_on", "answered_by", "answered_at",
              "answer_reason", "created_at", "updated_at")  # fmt: skip
    run.wrote(Introduction, copy_rows(Introduction, fields, rows))
    history_fields = ("introduction", "from_status", "to_status", "changed_by", "reason",
                      "changed_at")  # fmt: skip
    written = copy_rows(IntroductionStatusChange, history_fields, history)
    run.wrote(IntroductionStatusChange, written)


def _seed_ledger(run: ScaleRun) -> None:
    kinds = Contribution.Kind
    reviewer = (
        f"JOIN {table(Membership)} m ON m.{col(Membership, 'user')} = "
        f"src.{col(Partner, 'reviewed_by')}"
    )
    record_contributions(run, kind=kinds.APPLICATION_REVIEWED, source=Partner,
                         operator=f"m.{col(Membership, 'operator')}",
                         user=f"src.{col(Partner, 'reviewed_by')}",
                         at=f"src.{col(Partner, 'reviewed_at')}", join=reviewer)  # fmt: skip
    record_contributions(run, kind=kinds.PARTNER_SPONSORED, source=Sponsorship,
                         operator=f"src.{col(Sponsorship, 'operator')}",
                         user=f"src.{col(Sponsorship, 'sponsored_by')}",
                         at=f"src.{col(Sponsorship, 'created_at')}")  # fmt: skip
    record_contributions(run, kind=kinds.PARTNER_INTRODUCED, source=Introduction,
                         operator=f"src.{col(Introduction, 'from_operator')}",
                         user=f"src.{col(Introduction, 'introduced_by')}",
                         at=f"src.{col(Introduction, 'created_at')}")  # fmt: skip
    record_contributions(run, kind=kinds.INTRODUCTION_ANSWERED, source=Introduction,
                         operator=f"src.{col(Introduction, 'to_operator')}",
                         user=f"src.{col(Introduction, 'answered_by')}",
                         at=f"src.{col(Introduction, 'answered_at')}",
                         where=f"src.{col(Introduction, 'answered_at')} IS NOT NULL")  # fmt: skip
