"""Demo data of the lessons app: the lessons of PRODUCT.md (pushing security apps to customers did
not work; selling music services, learned from Millicom in Colombia) and a dozen more across
categories and outcomes, with endorsements, comments and a few follows.

Everything goes through lessons.services so that the ledger is right. Idempotent: a lesson is
looked up by title, endorsements and comments are added only once. The inactive demo operator
(`rogers`) contributes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from alliance.choices import Category
from alliance.models import Bloc, User
from deals.models import Deal, Stage
from lessons import digest, services
from lessons.models import Lesson
from partners.models import Partner

INACTIVE_DEMO_OPERATOR = "rogers"


@dataclass(frozen=True)
class DemoLesson:
    title: str
    author: str  # operator slug; the lesson is by member@<slug>.example
    outcome: str
    category: str
    countries: tuple[str, ...]
    tried: str
    happened: str
    why: str
    recommendation: str
    partner: str = ""
    tags: tuple[str, ...] = ()
    endorsed_by: tuple[str, ...] = ()
    comments: tuple[tuple[str, str], ...] = ()  # (operator slug, body)
    from_declined_deal: bool = False
    bloc: str = ""  # slug of the bloc a lesson is shared with (only its members read it)


DID_NOT_WORK, PARTLY, WORKED = "did_not_work", "partly_worked", "worked"

LESSONS: tuple[DemoLesson, ...] = (
    DemoLesson(
        "Pushing security apps to customers did not work",
        "deutsche-telekom",
        DID_NOT_WORK,
        Category.SECURITY_PRIVACY,
        ("DE", "PL"),
        "We preloaded a mobile security app and pushed it to all postpaid customers by SMS and "
        "in the self-care app, free for three months and then 2.99 EUR a month.",
        "Activation stayed under 2%; of those, 80% cancelled when the free period ended. Care "
        "calls went up because customers thought the SMS was phishing.",
        "Customers do not feel a security problem they can see, and the phone's built-in "
        "protection is 'good enough' for them. A push from the operator reads as an upsell.",
        "Do not push security on its own. Bundle it silently into a higher tariff or family "
        "plan, and talk about it when something happens (a lost phone, a breach in the news).",
        partner="Cyan",
        tags=("security", "upsell", "push marketing"),
        endorsed_by=("orange", "bt", "mts"),
        comments=(
            ("orange", "Same in France: 1.5% take-up. It worked only inside the family plan."),
            (
                "bt",
                "Our care team saw the same phishing confusion. Announce it in-app, not by SMS.",
            ),
        ),
    ),
    DemoLesson(
        "Selling music services: what we learned from Millicom in Colombia",
        "millicom",
        WORKED,
        Category.ENTERTAINMENT,
        ("CO", "BO"),
        "A music streaming bundle on Tigo prepaid, paid through carrier billing, sold in our "
        "stores with a 30-second demo on the customer's own phone.",
        "Take-up tripled against the online-only launch; 40% of subscribers were new to paid "
        "music. ARPU of bundle customers went up 9%.",
        "Most prepaid customers have no credit card: carrier billing removed the barrier. The "
        "in-store demo did the rest — people buy music they can hear.",
        "Lead with carrier billing and in-store demos. Zero-rate the music data, or customers "
        "fear their balance will disappear.",
        partner="Spotify",
        tags=("music", "carrier billing", "prepaid", "retail"),
        endorsed_by=("reliance-jio", "telecom-italia", "orange", "teliasonera"),
        comments=(
            ("reliance-jio", "Carrier billing was the key for us too in India."),
            ("telecom-italia", "We are trying this in Brazil next quarter — thank you."),
        ),
    ),
    DemoLesson(
        "Zero-rating video did not lift prepaid revenue",
        "reliance-jio",
        DID_NOT_WORK,
        Category.ENTERTAINMENT,
        ("IN",),
        "We zero-rated a partner's short-video app on all prepaid recharges for six months.",
        "Usage of the app grew fivefold; recharge values did not move at all.",
        "Customers used the free data instead of buying bigger packs: we subsidised usage they "
        "would have had anyway.",
        "Zero-rate only inside paid bundles, so that the free data sells the bundle.",
        tags=("zero-rating", "video", "prepaid"),
        endorsed_by=("millicom",),
        comments=(("millicom", "We saw the same with social apps in Paraguay."),),
    ),
    DemoLesson(
        "Carrier billing for app stores doubled conversion",
        "teliasonera",
        WORKED,
        Category.PAYMENTS_FINTECH,
        ("SE", "FI"),
        "We turned on carrier billing for a games store and a video service, with one-click "
        "confirmation and a monthly cap.",
        "Conversion from trial to paid doubled; fraud and disputes stayed below 0.2%.",
        "Customers trust the phone bill more than a new card form, and one click beats five.",
        "Launch with sensible spending caps and a clear bill line, so that nobody is surprised.",
        tags=("carrier billing", "games"),
        endorsed_by=("millicom", "deutsche-telekom"),
    ),
    DemoLesson(
        "Connected-car data plans: sell to fleets, not drivers",
        "telecom-italia",
        PARTLY,
        Category.IOT_M2M,
        ("IT",),
        "A plug-in connected-car adapter with a data plan, sold to consumers in shops and to "
        "fleet managers by our business team.",
        "Consumers bought a few thousand, then churned; fleets signed 12,000 SIMs in a year.",
        "Drivers did not value trip logs; fleets saved fuel and insurance costs they measured.",
        "Go to fleets and logistics first, with a per-active-SIM price. Consumers can wait.",
        partner="Mojio",
        tags=("connected car", "fleet", "B2B"),
        endorsed_by=("teliasonera",),
        comments=(("teliasonera", "Cross-border fleets are where one SIM profile matters most."),),
    ),
    DemoLesson(
        "A family organiser app reduced churn, but only a little",
        "orange",
        PARTLY,
        Category.COMMUNICATION,
        ("FR",),
        "A shared family calendar and messaging app, free with our family plans.",
        "Families who used it churned 4% less; only one family in six used it after a month.",
        "Where it was used it became part of family routine; most families never set it up.",
        "Onboard in store, with the family together; an app download link alone is not enough.",
        partner="Family Wall",
        tags=("family", "churn"),
        endorsed_by=("bt",),
    ),
    DemoLesson(
        "Travel credit bundled with roaming packs lifted pack sales",
        "deutsche-telekom",
        WORKED,
        Category.TRAVEL_LIFESTYLE,
        ("DE",),
        "A travel-accommodation credit worth 25 EUR with every EU roaming pack bought online.",
        "Roaming pack sales rose 8% over the summer; the partner paid for the credit.",
        "The credit was relevant at exactly the moment of buying: just before a trip.",
        "Time partner offers to the customer's moment (travel, moving house, a new phone).",
        partner="Airbnb",
        tags=("roaming", "travel"),
        endorsed_by=("telecom-italia", "orange"),
    ),
    DemoLesson(
        "Lock-screen ads in Belarus: stopped by unclear rules",
        "mts",
        DID_NOT_WORK,
        Category.ADVERTISING_DATA,
        ("BY",),
        "Lock-screen content with ads on our branded handsets, revenue shared with the partner.",
        "Legal review took five months and ended without a clear answer; we declined the deal.",
        "Advertising rules on lock screens were unclear, and nobody would sign off the risk.",
        "Ask the regulator's view before negotiating; in India the same product launched fine.",
        partner="Celltick",
        tags=("advertising", "regulation"),
        endorsed_by=("reliance-jio",),
        comments=(("reliance-jio", "Happy to share our Indian consent screens if it helps."),),
        from_declined_deal=True,
    ),
    DemoLesson(
        "Personalised video bills cut calls to customer care",
        "bt",
        WORKED,
        Category.COMMUNICATION,
        ("GB",),
        "A personalised video explaining each new customer's first bill, sent by email and SMS.",
        "First-bill calls to care fell 18%; the video was watched by 60% of recipients.",
        "The first bill is confusing (part months, one-off charges); a video explains it simply.",
        "Start with the first bill only, where confusion is highest, and measure care calls.",
        partner="Idomoo",
        tags=("customer care", "billing"),
        endorsed_by=("orange", "deutsche-telekom"),
    ),
    DemoLesson(
        "Cloud storage turned on by default drove complaints",
        "bt",
        DID_NOT_WORK,
        Category.PRODUCTIVITY_CLOUD,
        ("GB", "IE"),
        "A cloud notes and storage subscription switched on by default for new broadband "
        "customers, free for a year.",
        "Complaints to the regulator rose; most customers never opened it.",
        "Opt-out services feel like a trick, even when free.",
        "Always ask customers to opt in, and show the value in the first session.",
        partner="Evernote",
        tags=("cloud", "opt-in"),
        endorsed_by=("teliasonera",),
    ),
    DemoLesson(
        "Data partners need consent built in from day one",
        "orange",
        PARTLY,
        Category.ADVERTISING_DATA,
        ("FR", "ES"),
        "Anonymised audience data shared with a data platform for advertisers.",
        "Revenue came, but the consent flow had to be rebuilt twice for GDPR reviews.",
        "We designed the product first and the consent later.",
        "Bring the privacy team into the first meeting and design consent with the partner.",
        partner="Zeotap",
        tags=("data", "GDPR", "consent"),
        endorsed_by=("deutsche-telekom", "telecom-italia"),
    ),
    DemoLesson(
        "Hybrid access worked in the trial, not in the business case",
        "telecom-italia",
        PARTLY,
        Category.OTHER,
        ("IT",),
        "Multipath bonding of DSL and 4G for rural broadband customers.",
        "Speeds doubled in the trial; the extra 4G traffic cost more than customers would pay.",
        "The technology was ready; our rural pricing was not.",
        "Model the mobile data cost per customer before the trial, not after.",
        partner="Tessares",
        tags=("broadband", "rural"),
        endorsed_by=("deutsche-telekom",),
    ),
    DemoLesson(
        "One SIM profile beats per-country IoT deals",
        "teliasonera",
        WORKED,
        Category.IOT_M2M,
        ("SE", "NO", "DK"),
        "A single SIM profile for logistics customers crossing Nordic borders, with one price.",
        "Three logistics customers moved their fleets to us within a year.",
        "Customers hated juggling per-country contracts and roaming surprises.",
        "Agree alliance-wide IoT roaming terms before selling cross-border fleets.",
        tags=("IoT", "cross-border", "logistics"),
        endorsed_by=("telecom-italia", "mts"),
        comments=(("mts", "Could this cover Armenia and Belarus too? Let's talk."),),
    ),
    DemoLesson(
        "A cross-border fleet needs one escalation desk, not three",
        "teliasonera",
        PARTLY,
        Category.IOT_M2M,
        ("SE", "DE", "FR"),
        "A logistics customer's trucks on our SIMs in Sweden and roaming on Telekom's and "
        "Orange's networks, with each operator's own support line.",
        "Connectivity held up, but an outage at a German border crossing took two days to "
        "resolve because nobody owned the ticket across the three operations centres.",
        "Our SLAs were agreed per country; the customer's problem crossed borders.",
        "Agree one escalation contact and a shared restore-time target in the bloc before "
        "selling a cross-border fleet.",
        tags=("IoT", "SLA", "cross-border"),
        endorsed_by=("orange",),
        bloc="m2m-bloc",
    ),
    DemoLesson(
        "In-store demos sold video editing add-ons; banners did not",
        "reliance-jio",
        WORKED,
        Category.ENTERTAINMENT,
        ("IN",),
        "A video editing app add-on promoted by online banners for three months, then by "
        "in-store demos for three months.",
        "Banners converted 0.1%; demos converted 7% of the customers who saw them.",
        "People did not understand what the app did until they saw their own video edited.",
        "Budget for demos in store; creative apps sell by showing, not by telling.",
        partner="Magisto",
        tags=("retail", "video"),
        endorsed_by=("millicom",),
    ),
    DemoLesson(
        "Personalised offers by SMS were opted out within weeks",
        "mts",
        DID_NOT_WORK,
        Category.ADVERTISING_DATA,
        ("RU",),
        "Personalised e-commerce discount offers sent by SMS, three a week.",
        "Opt-outs reached 30% in a month and the partner's conversion was too low to continue.",
        "Three messages a week felt like spam, whatever the personalisation.",
        "At most one message a week, and only where the customer asked for offers.",
        partner="Personali",
        tags=("SMS", "advertising"),
        endorsed_by=("orange",),
    ),
)

# A few members follow what they care about, so the digest has readers.
FOLLOWS = {
    "orange": {"countries": ["CO", "IN"], "categories": [Category.SECURITY_PRIVACY]},
    "millicom": {"countries": [], "categories": [Category.ENTERTAINMENT]},
    "teliasonera": {"countries": ["IT"], "categories": [Category.IOT_M2M]},
}


def _member(slug: str) -> User:
    if slug == INACTIVE_DEMO_OPERATOR:
        raise ValueError("The inactive demo operator must not contribute to the demo data.")
    return User.objects.get(email=f"member@{slug}.example")


def _declined_deal(demo: DemoLesson, author: User, partner: Partner | None) -> Deal | None:
    if not demo.from_declined_deal or partner is None:
        return None
    return Deal.objects.filter(
        operator=author.active_membership.operator,
        partner=partner,
        country__in=demo.countries,
        stage=Stage.DECLINED,
    ).first()


def _seed_lesson(demo: DemoLesson) -> None:
    author = _member(demo.author)
    lesson = Lesson.objects.filter(title=demo.title).first()
    if lesson is None:
        partner = Partner.objects.filter(name=demo.partner).first() if demo.partner else None
        lesson = services.create_lesson(
            author=author,
            title=demo.title,
            outcome=demo.outcome,
            tried=demo.tried,
            happened=demo.happened,
            why=demo.why,
            recommendation=demo.recommendation,
            category=demo.category,
            countries=demo.countries,
            tags=demo.tags,
            partner=partner,
            deal=_declined_deal(demo, author, partner),
            visibility=Lesson.Visibility.BLOC if demo.bloc else Lesson.Visibility.ALLIANCE,
            bloc=Bloc.objects.get(slug=demo.bloc) if demo.bloc else None,
            publish=True,
        )
    for slug in demo.endorsed_by:
        endorser = _member(slug)
        if not lesson.endorsements.filter(user=endorser).exists():
            services.endorse_lesson(lesson=lesson, by=endorser)
    for slug, body in demo.comments:
        commenter = _member(slug)
        if not lesson.comments.filter(author=commenter, body=body).exists():
            services.comment_on_lesson(lesson=lesson, by=commenter, body=body)


def seed(*, stdout: TextIO) -> None:
    """Create the demo lessons, their endorsements and comments, and a few follows (once)."""
    for demo in LESSONS:
        _seed_lesson(demo)
    for slug, follows in FOLLOWS.items():
        user = _member(slug)
        if not user.follows.exists():
            digest.set_follows(user=user, partners=[], **follows)
    stdout.write(
        f"Lessons: {Lesson.objects.published().count()} published lessons, "
        f"{sum(Lesson.objects.values_list('endorsement_count', flat=True))} endorsements.\n"
    )
