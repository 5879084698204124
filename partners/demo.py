"""Demo data of the partners app: the partners of PRODUCT.md with their sponsors, a few open
applications (one flagged as a duplicate) and introductions at every stage.

Written through partners.services, so the contribution ledger and the history are what real use
would leave. Idempotent: a partner or an introduction that exists is left alone. The demo operator
`rogers` takes part in nothing here: it is the inactive member the inactivity job should flag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from alliance.choices import Category
from alliance.models import Operator, User
from partners import services
from partners.models import ApplicationMail, Introduction, Partner

INACTIVE_DEMO_OPERATOR = "rogers"


@dataclass(frozen=True)
class DemoPartner:
    name: str
    website: str
    category: Category
    hq_country: str
    countries: tuple[str, ...]
    description: str
    sponsors: tuple[tuple[str, str], ...] = ()  # (operator slug, pitch)
    reviewed_by: str = ""  # operator slug that took the (still open) application up
    contact: str = field(default="Partnerships team")


PARTNERS = [
    DemoPartner(
        "Airbnb",
        "https://www.airbnb.com",
        Category.TRAVEL_LIFESTYLE,
        "US",
        ("US", "DE", "FR", "GB", "ES", "IT"),
        "Homes and experiences for travellers. Operator bundles: travel credit with roaming packs.",
        (
            (
                "deutsche-telekom",
                "Travel credit bundled with our EU roaming packs lifted pack sales 8% in Germany.",
            ),
        ),
    ),
    DemoPartner(
        "Celltick",
        "https://www.celltick.com",
        Category.ADVERTISING_DATA,
        "IL",
        ("IL", "DE", "IN", "BR"),
        "Lock-screen content and advertising on Android devices, shared revenue with operators.",
        (("deutsche-telekom", "Ad revenue share on prepaid handsets; easy to launch per opco."),),
    ),
    DemoPartner(
        "Cyan",
        "https://www.cyansecurity.com",
        Category.SECURITY_PRIVACY,
        "AT",
        ("AT", "DE", "HR"),
        "Network-based security and parental control sold as an operator-branded service.",
        (("deutsche-telekom", "Network-side protection: no app to push, which is what worked."),),
    ),
    DemoPartner(
        "Spotify",
        "https://www.spotify.com",
        Category.ENTERTAINMENT,
        "SE",
        ("SE", "DE", "US", "CO", "GB"),
        "Music streaming, bundled with mobile plans and billed through the operator.",
        (
            ("deutsche-telekom", "Premium bundled in Magenta plans: our best retention lever."),
            ("millicom", "Music with carrier billing works in Colombia where cards are rare."),
        ),
    ),
    DemoPartner(
        "Idomoo",
        "https://www.idomoo.com",
        Category.COMMUNICATION,
        "IL",
        ("IL", "DE", "US"),
        "Personalised video for customer care: a first bill explained in a one-minute video.",
        (("deutsche-telekom", "Personalised first-bill videos cut care calls in our pilots."),),
    ),
    DemoPartner(
        "Mojio",
        "https://www.moj.io",
        Category.IOT_M2M,
        "CA",
        ("CA", "US", "DE"),
        "Connected-car platform: an OBD dongle and app, sold with an operator data plan.",
        (("deutsche-telekom", "Connected car for our US and German customers with one platform."),),
    ),
    DemoPartner(
        "Magisto",
        "https://www.magisto.com",
        Category.ENTERTAINMENT,
        "IL",
        ("IL", "DE", "US"),
        "Automatic video editing from phone clips; premium tier billed by the operator.",
        (("deutsche-telekom", "Cheap premium add-on with carrier billing; good for upsell."),),
    ),
    DemoPartner(
        "Tessares",
        "https://www.tessares.net",
        Category.COMMUNICATION,
        "BE",
        ("BE", "GB"),
        "Hybrid access: bonds fixed and mobile networks with MPTCP for faster home broadband.",
        (("bt", "Hybrid access got rural lines to usable speeds without new copper."),),
    ),
    DemoPartner(
        "Personali",
        "https://www.personali.com",
        Category.PAYMENTS_FINTECH,
        "IL",
        ("IL", "IT", "US"),
        "Personalised incentives in e-commerce checkouts, for operators' online shops.",
        (("telecom-italia", "Raised conversion of our online device shop in Italy."),),
    ),
    DemoPartner(
        "Zeotap",
        "https://www.zeotap.com",
        Category.ADVERTISING_DATA,
        "DE",
        ("DE", "IN", "ES", "IT"),
        "Consent-based customer data platform that monetises operator data for advertisers.",
        (("reliance-jio", "Privacy-safe data monetisation at Indian scale; ready for GDPR too."),),
    ),
    DemoPartner(
        "Family Wall",
        "https://www.familywall.com",
        Category.COMMUNICATION,
        "FR",
        ("FR", "BE", "ES"),
        "A private family organiser (calendar, lists, location), white-labelled by operators.",
        (("orange", "Family plans sell better with it; white-label in three weeks."),),
    ),
    DemoPartner(
        "GridPulse",
        "https://gridpulse.example",
        Category.IOT_M2M,
        "IN",
        ("IN",),
        "Smart electricity meters that report over NB-IoT, sold to utilities through operators.",
        (("reliance-jio", "NB-IoT smart metering for a state utility: it stays in one country."),),
    ),
    # Open applications: one taken up for review, one new, one a duplicate of Family Wall.
    DemoPartner(
        "Evernote",
        "https://evernote.com",
        Category.PRODUCTIVITY_CLOUD,
        "US",
        ("US", "DE", "SE", "FI"),
        "Notes and productivity app; premium bundled with operator plans.",
        reviewed_by="teliasonera",
    ),
    DemoPartner(
        "Parkwise",
        "https://parkwise.example",
        Category.IOT_M2M,
        "NL",
        ("NL", "BE"),
        "Parking sensors and payment over NB-IoT for cities, sold through operators' IoT units.",
    ),
    DemoPartner(
        "FamilyWall SAS",
        "https://www.familywall.com/fr",
        Category.COMMUNICATION,
        "FR",
        ("FR",),
        "Family organiser app.",
    ),
]

# (partner, from, to, countries, pitch, steps) — steps taken by the recipient (or a party).
INTRODUCTIONS = [
    (
        "Airbnb",
        "deutsche-telekom",
        "orange",
        ["FR", "ES"],
        "Bundled travel credit sold roaming packs for us; your French and Spanish travellers fit.",
        ["accept"],
    ),
    (
        "Magisto",
        "deutsche-telekom",
        "mts",
        ["RU"],
        "Premium video editing billed through the operator: easy upsell for smartphone plans.",
        ["decline"],
    ),
    (
        "Spotify",
        "millicom",
        "teliasonera",
        ["FI", "EE"],
        "Carrier-billed music kept our young prepaid customers; could work in the Baltics.",
        [],
    ),
    (
        "Tessares",
        "bt",
        "telecom-italia",
        ["IT"],
        "Hybrid access lifted rural broadband without digging; Italy's rural lines look similar.",
        ["accept", "met"],
    ),
    (
        "Zeotap",
        "reliance-jio",
        "deutsche-telekom",
        ["DE"],
        "Consent-first data monetisation; their German entity already runs GDPR audits.",
        [],
    ),
    (
        "Family Wall",
        "orange",
        "bt",
        ["GB"],
        "Family plans with Family Wall white-labelled sold better for us; a fit for EE families.",
        ["accept", "met"],  # BT's deal from it is logged with the demo deals
    ),
]

DECLINE_REASON = "Video editing add-ons sold poorly with our tariffs last year; not a priority now."


def _member(slug: str) -> User:
    if slug == INACTIVE_DEMO_OPERATOR:
        raise ValueError("The inactive demo operator must not contribute to the demo data.")
    return User.objects.get(email=f"member@{slug}.example")


def _seed_partner(demo: DemoPartner) -> None:
    if Partner.objects.filter(name=demo.name).exists():
        return
    partner = services.submit_application(
        name=demo.name,
        website=demo.website,
        category=demo.category,
        description=demo.description,
        hq_country=demo.hq_country,
        countries=list(demo.countries),
        contact_name=demo.contact,
        contact_email=f"partners@{demo.name.lower().replace(' ', '')}.example",
        notify=False,
    )
    if demo.reviewed_by:
        services.start_review(partner=partner, by=_member(demo.reviewed_by))
    for slug, pitch in demo.sponsors:
        services.sponsor_partner(
            partner=partner, by=_member(slug), pitch=pitch, suggested_countries=[]
        )


def _seed_introduction(partner_name, from_slug, to_slug, countries, pitch, steps) -> None:
    partner = Partner.objects.get(name=partner_name)
    from_operator, to_operator = (Operator.objects.get(slug=s) for s in (from_slug, to_slug))
    if Introduction.objects.filter(
        partner=partner, from_operator=from_operator, to_operator=to_operator
    ).exists():
        return
    introduction = services.introduce_partner(
        partner=partner,
        by=_member(from_slug),
        to_operator=to_operator,
        countries=countries,
        pitch=pitch,
    )
    recipient = _member(to_slug)
    for step in steps:
        if step == "accept":
            services.answer_introduction(
                introduction=introduction,
                by=recipient,
                accept=True,
                reason="Worth a meeting with our consumer team.",
            )
        elif step == "decline":
            services.answer_introduction(
                introduction=introduction, by=recipient, accept=False, reason=DECLINE_REASON
            )
        elif step == "met":
            services.mark_introduction_met(introduction=introduction, by=recipient)


# Members who chose to hear of each new application (the others get the daily digest).
APPLICATION_REVIEWERS = ["member@orange.example", "manager@deutsche-telekom.example"]


def seed(*, stdout: TextIO) -> None:
    """Create the demo partners, sponsorships, applications and introductions (once)."""
    for demo in PARTNERS:
        _seed_partner(demo)
    for introduction in INTRODUCTIONS:
        _seed_introduction(*introduction)
    for email in APPLICATION_REVIEWERS:
        services.set_application_mail(
            user=User.objects.get(email=email), choice=ApplicationMail.EACH
        )
    stdout.write(
        f"Partners: {Partner.objects.active().count()} active partners, "
        f"{Partner.objects.open_applications().count()} open applications, "
        f"{Introduction.objects.count()} introductions.\n"
    )
