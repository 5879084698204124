"""factory-boy factories for every model; each app's tests add theirs below its own heading."""

from __future__ import annotations

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


# --- deals ----------------------------------------------------------------------------------------
class DealPartnerFactory(factory.django.DjangoModelFactory):
    """An active partner to log deals with (the partners app's own factory may add more)."""

    class Meta:
        model = "partners.Partner"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Startup {n}")
    slug = factory.Sequence(lambda n: f"startup-{n}")
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example")
    category = "entertainment"
    description = "A startup that members take from country to country."
    hq_country = "SE"
    contact_name = "Alex Founder"
    contact_email = factory.LazyAttribute(lambda o: f"alex@{o.slug}.example")
    status = "active"


class DealFactory(factory.django.DjangoModelFactory):
    """A deal written directly (no history or ledger rows: use deals.services for those)."""

    class Meta:
        model = "deals.Deal"

    partner = factory.SubFactory(DealPartnerFactory)
    operator = factory.SubFactory(OperatorFactory)
    country = "FR"
    stage = "exploring"
    deal_type = "distribution"
    summary = "Bundled with our premium plans."
    confidential_notes = "Revenue share 70/30, renewal in 2027."
    visibility = "alliance"
