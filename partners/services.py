"""Writes of the partners app, shared by the web pages, the API, the Celery tasks and the demo data.

Every function runs in one transaction: the change, its status history row, the contribution it
earns (`alliance.ledger.record_contribution`) and the audit entry are saved together or not at all,
and mail is queued only once the transaction commits. Refusals are `alliance.errors` (NotAllowed,
Conflict, Invalid), which pages and the API answer the same way.

Contributions credit the operator that acts: sponsoring (`PARTNER_SPONSORED`), starting a review
(`APPLICATION_REVIEWED`), introducing (`PARTNER_INTRODUCED`), and every answer or follow-up of an
introduction (`INTRODUCTION_ANSWERED`). For every deal logged from an introduction the introducer is
credited once more (`PARTNER_INTRODUCED`, for that deal: `record_introduced_deal`, the only place
that rule is written), so introducers earn from every deal that results.

Applications and partners are here, with the mail about applications (who hears of them is
`partners.application_mail`'s rule); introductions are written in `partners.introductions` and
re-exported here, so that every write of the app is reached as `partners.services.<name>`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from alliance import outbox, summaries
from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.ledger import audit, record_contribution
from alliance.models import Contribution, Operator
from alliance.permissions import acting_operator
from partners import notifications
from partners.application_mail import digest_readers
from partners.introductions import (
    answer_introduction,
    introduce_partner,
    mark_introduction_met,
    record_introduced_deal,
    remind_and_expire_introductions,
    update_introduction,
)
from partners.models import (
    ApplicationDigest,
    ApplicationMail,
    ApplicationMailPreference,
    Partner,
    PartnerCountry,
    PartnerStatusChange,
    Sponsorship,
    check_pitch_deck,
    normalise_name,
    website_domain,
)

__all__ = [
    "answer_introduction",
    "decline_application",
    "introduce_partner",
    "mark_introduction_met",
    "record_introduced_deal",
    "remind_and_expire_introductions",
    "send_application_digests",
    "set_application_mail",
    "sponsor_partner",
    "start_review",
    "submit_application",
    "update_introduction",
    "update_partner",
]

# Paths under /partners/ that a partner's slug must not take.
RESERVED_SLUGS = {"apply", "status", "review", "introductions"}


# --- Applications ---------------------------------------------------------------------------------
def find_duplicate(*, name: str, website: str) -> Partner | None:
    """The earliest partner with the same website domain or normalised name, if any."""
    conditions = Q(normalised_name=normalise_name(name))
    domain = website_domain(website)
    if domain:
        conditions |= Q(website_domain=domain)
    return Partner.objects.filter(conditions).order_by("created_at", "pk").first()


def _check_name(name: str) -> None:
    if not any(ch.isalnum() for ch in name):
        raise Invalid("Enter the company's name: it has no letter or digit.", field="name")


def unique_partner_slug(name: str) -> str:
    base = slugify(name)[:120] or "partner"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Partner.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _record_partner_status(partner: Partner, *, before: str, by, reason: str = "") -> None:
    # Who may see the partner may have changed: figures made of partners are made afresh.
    summaries.changed("partners")
    PartnerStatusChange.objects.create(
        partner=partner,
        from_status=before,
        to_status=partner.status,
        changed_by=by if by is not None and by.is_authenticated else None,
        reason=reason,
    )


def _set_countries(partner: Partner, countries: list[str]) -> None:
    partner.countries.exclude(country__in=countries).delete()
    existing = set(partner.countries.values_list("country", flat=True))
    PartnerCountry.objects.bulk_create(
        PartnerCountry(partner=partner, country=code) for code in sorted(set(countries) - existing)
    )


def submit_application(
    *,
    name: str,
    website: str,
    category: str,
    description: str,
    hq_country: str,
    countries: list[str],
    contact_name: str,
    contact_email: str,
    works_with: Operator | None = None,
    pitch_deck: UploadedFile | None = None,
    submitted_by=None,
    notify: bool = True,
) -> Partner:
    """Create an `applied` partner from the onboarding form (no account) or the API (a member
    who may write, on the startup's behalf). A second application with the same website domain or
    normalised name is linked to the first (`duplicate_of`) so reviewers see it flagged. The
    applicant gets their status link and the members a notice, on commit (`notify=False` is for
    loading demo data, where nobody should be written to)."""
    if submitted_by is not None and submitted_by.is_authenticated:
        acting_operator(submitted_by)
    _check_name(name)
    if pitch_deck is not None:
        check_pitch_deck(pitch_deck)
    with transaction.atomic():
        partner = Partner(
            name=name,
            slug=unique_partner_slug(name),
            website=website,
            category=category,
            description=description,
            hq_country=hq_country,
            contact_name=contact_name,
            contact_email=contact_email,
            works_with=works_with,
            duplicate_of=find_duplicate(name=name, website=website),
        )
        partner.save()
        if pitch_deck is not None:
            partner.pitch_deck.save("deck.pdf", pitch_deck, save=True)
        _set_countries(partner, countries)
        _record_partner_status(partner, before="", by=submitted_by)
        audit(
            actor=submitted_by,
            action="partner.applied",
            target=partner,
            changes={"duplicate_of": partner.duplicate_of_id} if partner.duplicate_of_id else None,
        )
        if notify:
            outbox.enqueue(notifications.send_application_received, partner.pk)
            outbox.enqueue(notifications.notify_members_of_application, partner.pk)
    return partner


def _locked(partner: Partner) -> Partner:
    return Partner.objects.select_for_update().get(pk=partner.pk)


def start_review(*, partner: Partner, by) -> Partner:
    """A member takes an application up: `applied` → `under_review`, shown on the status link."""
    operator = acting_operator(by)
    with transaction.atomic():
        partner = _locked(partner)
        if not partner.awaits_review:
            raise Conflict(
                f"{partner.name} is {partner.get_status_display().lower()}, not a new application."
            )
        partner.status = Partner.Status.UNDER_REVIEW
        partner.save(update_fields=["status", "updated_at"])
        _record_partner_status(partner, before=Partner.Status.APPLIED, by=by)
        record_contribution(
            operator=operator, user=by, kind=Contribution.Kind.APPLICATION_REVIEWED, target=partner
        )
        audit(actor=by, action="partner.review_started", target=partner, operator=operator)
    return partner


def sponsor_partner(
    *, partner: Partner, by, pitch: str, suggested_countries: list[str]
) -> Sponsorship:
    """The user's operator sponsors `partner`. An application becomes `active` (and the applicant is
    told); an active partner gains a co-sponsor."""
    operator = acting_operator(by)
    with transaction.atomic():
        partner = _locked(partner)
        if not partner.can_be_sponsored:
            raise Conflict(
                f"{partner.name} is {partner.get_status_display().lower()} and cannot be sponsored."
            )
        if partner.is_sponsored_by(operator):
            raise Conflict(f"{operator.name} already sponsors {partner.name}.")
        sponsorship = Sponsorship.objects.create(
            partner=partner,
            operator=operator,
            sponsored_by=by,
            pitch=pitch,
            suggested_countries=sorted(set(suggested_countries)),
        )
        before = partner.status
        if partner.is_open_application:
            partner.status = Partner.Status.ACTIVE
            partner.reviewed_by, partner.reviewed_at = by, timezone.now()
            partner.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
            _record_partner_status(partner, before=before, by=by, reason=f"Sponsored by {operator}")
            outbox.enqueue(notifications.send_partner_sponsored, partner.pk)
        record_contribution(
            operator=operator, user=by, kind=Contribution.Kind.PARTNER_SPONSORED, target=sponsorship
        )
        audit(actor=by, action="partner.sponsored", target=partner, operator=operator)
    return sponsorship


def decline_application(*, partner: Partner, by, reason: str) -> Partner:
    """An admin declines an open application with a reason; the applicant is told by email."""
    if not (by.is_authenticated and by.is_staff):
        raise NotAllowed("Only alliance admins may decline an application.")
    if not reason.strip():
        raise Invalid("Give the applicant a reason.", field="reason")
    with transaction.atomic():
        partner = _locked(partner)
        if not partner.is_open_application:
            raise Conflict(
                f"{partner.name} is {partner.get_status_display().lower()}, "
                "not an open application."
            )
        before = partner.status
        partner.status = Partner.Status.DECLINED
        partner.decision_reason = reason
        partner.reviewed_by, partner.reviewed_at = by, timezone.now()
        partner.save()
        _record_partner_status(partner, before=before, by=by, reason=reason)
        audit(actor=by, action="partner.declined", target=partner, reason=reason)
        outbox.enqueue(notifications.send_application_declined, partner.pk)
    return partner


def update_partner(
    *, partner: Partner, by, changes: dict[str, Any], countries: list[str] | None = None
) -> Partner:
    """Edit a partner's profile (sponsors and staff); the change is audited field by field."""
    partner.check_editable_by(by)
    unknown = set(changes) - set(Partner.PROFILE_FIELDS)
    if unknown:
        raise Invalid(
            f"These fields are set only when applying: {', '.join(sorted(unknown))}.",
            field=min(unknown),
        )
    if "name" in changes:
        _check_name(changes["name"])
    with transaction.atomic():
        partner = _locked(partner)
        before = {name: str(getattr(partner, name)) for name in changes}
        for name, value in changes.items():
            setattr(partner, name, value)
        partner.save()
        after = {name: str(getattr(partner, name)) for name in changes}
        diff = {n: [before[n], after[n]] for n in changes if before[n] != after[n]}
        if countries is not None:
            old = sorted(partner.country_codes)
            _set_countries(partner, countries)
            if old != sorted(set(countries)):
                diff["countries"] = [old, sorted(set(countries))]
        operator = by.active_membership.operator if not by.is_staff else None
        audit(actor=by, action="partner.updated", target=partner, operator=operator, changes=diff)
    return partner


# --- Mail about applications ----------------------------------------------------------------------
def set_application_mail(*, user, choice: str) -> ApplicationMailPreference:
    """A member chooses how they hear of new applications: each one, a daily digest, or none.
    (Staff review applications and hear of each one; they have no choice to make.)"""
    if not user.is_authenticated or user.active_membership is None:
        raise NotAllowed(
            "Members of an operator choose how they hear of new applications; "
            "alliance admins hear of each one."
        )
    if choice not in ApplicationMail.values:
        raise Invalid("Choose each application, a daily digest or no mail.", field="choice")
    preference, _ = ApplicationMailPreference.objects.update_or_create(
        user=user, defaults={"choice": choice}
    )
    return preference


def send_application_digests(*, now: datetime | None = None) -> dict[str, int]:
    """The daily beat task's work: record today's digest for each digest reader who has none yet,
    covering the applications since their previous digest (the last day for a first one), and
    mail those with new applications, one message each, once this commits. A second run the same
    day finds every digest recorded and sends nothing."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    readers = list(
        digest_readers().exclude(application_digests__day=day).values_list("pk", flat=True)
    )
    previous = dict(
        ApplicationDigest.objects.filter(user_id__in=readers)
        .values("user_id")
        .annotate(until=Max("until"))
        .values_list("user_id", "until")
    )
    counts: dict[datetime, int] = {}  # readers mostly share a period: count each period once
    recorded = mailed = 0
    with transaction.atomic():
        for user_id in readers:
            since = previous.get(user_id) or now - timedelta(days=1)
            digest = ApplicationDigest(user_id=user_id, day=day, since=since, until=now)
            if digest.since not in counts:
                counts[digest.since] = digest.open_applications().count()
            digest.applications = counts[digest.since]
            try:
                with transaction.atomic():
                    digest.save()
            except IntegrityError:
                continue  # a run at the same time recorded it first
            recorded += 1
            if digest.applications:
                outbox.enqueue(notifications.send_application_digest, digest.pk)
                mailed += 1
    return {"recorded": recorded, "mailed": mailed}
