"""factory-boy factories for every model; each app's tests add theirs below its own heading."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from alliance.models import Invitation, Membership, Opco, Operator, OperatorApplication, User

DEFAULT_PASSWORD = "correct-horse-battery-42"


# --- alliance -------------------------------------------------------------------------------------
class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users have a verified primary email unless `verified=False` is passed."""
        from allauth.account.models import EmailAddress

        if create and extracted is not False:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Operator {n}")
    slug = factory.Sequence(lambda n: f"operator-{n}")
    hq_country = "GB"
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example")
    objectives = "Find partners that work in our markets."
    focus_categories = factory.LazyFunction(lambda: ["entertainment"])
    # An established member, judged by the inactivity job; tests of new members set their own.
    joined_on = date(2024, 1, 15)


class OpcoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opco

    operator = factory.SubFactory(OperatorFactory)
    country = factory.Iterator(["GB", "DE", "FR", "PL", "HU", "IN", "CO", "CA", "SE", "IT"])
    brand_name = factory.LazyAttribute(lambda o: f"{o.operator.name} {o.country}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    operator = factory.SubFactory(OperatorFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE


class ManagerMembershipFactory(MembershipFactory):
    role = Membership.Role.MANAGER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    operator = factory.SubFactory(OperatorFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Membership.Role.MEMBER
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=14))


class OperatorApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatorApplication

    name = factory.Sequence(lambda n: f"Applicant Telecom {n}")
    website = "https://applicant.example"
    hq_country = "BR"
    footprint = factory.LazyFunction(lambda: ["BR", "AR"])
    objectives = "Bring entertainment partners to Latin America."
    contact_name = "Ana Souza"
    contact_email = factory.Sequence(lambda n: f"ana{n}@applicant.example")


# --- M2M/IoT capabilities ----------------------------------------------------------------------
class PlatformFactory(factory.django.DjangoModelFactory):
    """A vendor platform of the catalogue (pass `owner=operator` for an operator's own one)."""

    class Meta:
        model = "alliance.Platform"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"IoT Platform {n}")
    slug = factory.Sequence(lambda n: f"iot-platform-{n}")
    vendor = "Vendor"
    description = "Connectivity management for IoT SIMs."


def give_capabilities(opco, *, platforms=(), services=()) -> None:
    """Rows written directly (no audit entry): tests of the write rules use alliance.m2m."""
    from alliance.models import OpcoPlatform, OpcoService

    OpcoPlatform.objects.bulk_create(OpcoPlatform(opco=opco, platform=p) for p in platforms)
    OpcoService.objects.bulk_create(OpcoService(opco=opco, service=s) for s in services)


# --- blocs ----------------------------------------------------------------------------------------
class BlocFactory(factory.django.DjangoModelFactory):
    """A bloc written directly (no audit entry, no membership: add them with `bloc_of`, or go
    through alliance.blocs.services to test the rules)."""

    class Meta:
        model = "alliance.Bloc"

    name = factory.Sequence(lambda n: f"Bloc {n}")
    slug = factory.Sequence(lambda n: f"bloc-{n}")
    purpose = "Connected cars across our footprints, with SLAs agreed between us."
    focus_categories = factory.LazyFunction(lambda: ["iot_m2m"])
    proposed_by_operator = factory.SubFactory(OperatorFactory)


def bloc_of(*operators, status: str = "active", **fields):
    """A bloc whose members are `operators` (memberships of `status`), proposed by the first."""
    from alliance.models import BlocMembership

    bloc = BlocFactory(proposed_by_operator=operators[0], **fields)
    now = timezone.now()
    for operator in operators:
        BlocMembership.objects.create(
            bloc=bloc,
            operator=operator,
            status=status,
            invited_at=now,
            responded_at=None if status == "invited" else now,
            left_at=now if status == "left" else None,
        )
    return bloc


# --- standing -------------------------------------------------------------------------------------
def _content_type_of(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj)


class ContributionFactory(factory.django.DjangoModelFactory):
    """A ledger row; its target is the operator itself unless one is given."""

    class Meta:
        model = "alliance.Contribution"
        exclude = ("target",)

    operator = factory.SubFactory(OperatorFactory)
    kind = "deal_logged"
    target = factory.SelfAttribute("operator")
    content_type = factory.LazyAttribute(lambda o: _content_type_of(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)
    created_at = factory.LazyFunction(timezone.now)


# --- lessons --------------------------------------------------------------------------------------
class LessonFactory(factory.django.DjangoModelFactory):
    """A published lesson by a member of its operator; `countries=[...]` and `tags=[...]` add rows.
    Factories write no ledger entries: tests of contributions go through lessons.services."""

    class Meta:
        model = "lessons.Lesson"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lesson {n} about a partner launch")
    outcome = "did_not_work"
    tried = "We offered the app free for three months to prepaid customers."
    happened = "Fewer than one percent activated it, and most cancelled after the trial."
    why = "Customers did not see the value and the offer was buried in the self-care app."
    recommendation = "Bundle it with a plan customers already choose, and market it in store."
    category = "entertainment"
    author = factory.LazyFunction(lambda: MembershipFactory().user)
    operator = factory.LazyAttribute(lambda o: o.author.membership.operator)
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status="draft", published_at=None)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        from lessons.models import LessonCountry

        for code in extracted or []:
            LessonCountry.objects.create(lesson=self, country=code)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        from lessons.models import Tag

        for name in extracted or []:
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
            self.tags.add(tag)


# --- partners -------------------------------------------------------------------------------------
class PartnerFactory(factory.django.DjangoModelFactory):
    """An active partner operating in Sweden and Germany (pass `countries=[...]` to change), for
    the tests of every app (partners, deals, lessons)."""

    class Meta:
        model = "partners.Partner"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner Startup {n}")
    slug = factory.Sequence(lambda n: f"partner-startup-{n}")
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example")
    category = "entertainment"
    description = "Music streaming bundled with mobile plans."
    hq_country = "SE"
    contact_name = "Sam Founder"
    contact_email = factory.LazyAttribute(lambda o: f"sam@{o.slug}.example")
    status = "active"

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        from partners.models import PartnerCountry

        if create:
            for code in ["SE", "DE"] if extracted is None else extracted:
                PartnerCountry.objects.create(partner=self, country=code)


class PartnerApplicationFactory(PartnerFactory):
    status = "applied"


class SponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Sponsorship"

    partner = factory.SubFactory(PartnerFactory)
    operator = factory.SubFactory(OperatorFactory)
    pitch = "It lifted retention in our markets."


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Introduction"

    partner = factory.SubFactory(PartnerFactory)
    from_operator = factory.SubFactory(OperatorFactory)
    to_operator = factory.SubFactory(OperatorFactory)
    countries = factory.LazyFunction(lambda: ["DE"])
    pitch = "Worked for our prepaid customers; could work for yours."


# --- deals ----------------------------------------------------------------------------------------
class DealFactory(factory.django.DjangoModelFactory):
    """A deal written directly (no history or ledger rows: use deals.services for those)."""

    class Meta:
        model = "deals.Deal"

    partner = factory.SubFactory(PartnerFactory)
    operator = factory.SubFactory(OperatorFactory)
    country = "FR"
    stage = "exploring"
    deal_type = "distribution"
    summary = "Bundled with our premium plans."
    confidential_notes = "Revenue share 70/30, renewal in 2027."
    visibility = "alliance"


# --- programmes -----------------------------------------------------------------------------------
class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme written directly (no ledger rows: deals.programmes.services writes those)."""

    class Meta:
        model = "deals.Programme"

    lead = factory.SubFactory(OperatorFactory)
    name = factory.Sequence(lambda n: f"Connected cars {n}")
    partner = factory.SubFactory(PartnerFactory, category="iot_m2m")
    countries = factory.LazyFunction(lambda: ["DE", "FR"])


class ParticipationFactory(factory.django.DjangoModelFactory):
    """An invitation (pass `accepted=True` for a participant that took part two months ago)."""

    class Meta:
        model = "deals.Participation"

    programme = factory.SubFactory(ProgrammeFactory)
    country = "DE"
    operator = factory.SubFactory(OperatorFactory)
    availability_target = Decimal("99.500")
    support_response_hours = 4

    class Params:
        accepted = factory.Trait(
            status="accepted",
            answered_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            escalation_name="IoT NOC",
            escalation_email="noc@participant.example",
            escalation_phone="+49 30 1234",
        )


class SLAReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deals.SLAReport"

    participation = factory.SubFactory(ParticipationFactory, accepted=True)
    month = factory.LazyFunction(
        lambda: (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    )  # last month
    availability = Decimal("99.900")
    incidents = 0
    mttr_hours = Decimal("0")
    target = factory.LazyAttribute(lambda o: o.participation.availability_target)
