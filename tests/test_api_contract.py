"""The API schema tells the truth (issue 10): schemathesis generates requests for every operation
of `/api/schema/` and runs all its checks on the answers of the in-process app (WSGI, on the test
database), as a manager of Orange with a token, in a small demo-like world built from factories.

Each example runs in a savepoint that is rolled back, so every example meets the same world and a
write in one cannot change what the next sees. Path parameters are either what the schema allows
(mostly unknown ids and slugs: 404) or the id/slug of an object of the world, so that successful
answers are checked against the schema too.

The caller is a manager (a member whose role also lets them manage their operator's profile,
opcos and blocs), so that every operation can succeed for someone. Bounded for CI: a few
examples per operation (schemathesis' explicit examples and its fuzzing phase), no shrinking,
derandomized; its coverage phase, which walks every enum value and boundary deterministically,
takes about two and a half minutes here on its own and is left out."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.openapi.checks import RejectedPositiveData

from tests.factories import (
    DealFactory,
    IntroductionFactory,
    LessonFactory,
    ManagerMembershipFactory,
    MembershipFactory,
    OpcoFactory,
    OperatorFactory,
    ParticipationFactory,
    PartnerApplicationFactory,
    PartnerFactory,
    PlatformFactory,
    ProgrammeFactory,
    SLAReportFactory,
    SponsorshipFactory,
    bloc_of,
)

# The coverage phase is left out (see above); examples and fuzzing run, with all checks.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=CONFIG
)
schema.app = WSGIHandler()

# What the world holds for each collection, by the name of its path parameter's collection.
KNOWN: dict[str, list[str]] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the examples address an object of the world instead of what the schema generated."""
    collection = context.operation.path.split("/")[3]
    known = KNOWN.get(collection)
    if not known or not path_parameters:
        return st.just(path_parameters)
    [name] = path_parameters
    return st.one_of(st.just(path_parameters), st.sampled_from(known).map(lambda v: {name: v}))


@schema.hook
def map_case(context, case):
    """A form has no null: a multipart body leaves a field out to say "none", as browsers do."""
    if case.media_type == "multipart/form-data" and isinstance(case.body, dict):
        case.body = {name: value for name, value in case.body.items() if value is not None}
    return case


# How DRF, django-filter and the coverage finder say that an id, slug or country name names no
# object the caller may see.
NO_SUCH_OBJECT = (
    "does not exist",
    "That choice is not one of the available choices",
    "Invalid value.",  # a related field's lookup of a value no slug can be (a NUL, ...)
    "is not a country we know",
    "has no opco in",  # an operator's footprint, which is data too
    # A type-ahead filter's partner or operator typed as a name no visible row has, or several
    # share (alliance.typeahead.TypeaheadChoiceField).
    "that you can see.",
    "type the one you mean by its short name",
)
# Rules OpenAPI 3.0 cannot state: one of two fields required, at least two distinct items in a
# list that may repeat one, a field required by another's value, the range of a decimal that the
# API writes as text (a string has no minimum).
UNSTATABLE = (
    "Give the countries your customer needs, or a region.",
    "Name the partner or the customer the programme serves.",
    "A programme crosses borders: choose at least two countries.",
    # A letter or digit of any script, which a pattern (ECMA 262 without the u flag) cannot say.
    "it has no letter or digit",
    # A field required when another has a given value (visibility "bloc", decision "decline").
    "Choose the bloc whose members may see it.",
    "Say why you decline: the lead learns from it.",
    "Ensure this value is greater than or equal to",
    "Ensure this value is less than or equal to",
)


# DRF reads a number sent for a text field as its digits (`0` as "0") and "true" for a boolean:
# leniency in what it accepts, not a check it misses. Dropped only when the type is the one thing
# wrong with the request.
ONLY_A_TYPE = re.compile(r"Invalid component: [^\n]*(?:Incorrect type|violates `type`)")


@schema.hook
def filter_failure(context, failure, case, response):
    """Two kinds of false positive, dropped narrowly. A schema cannot say which ids, slugs and
    names exist, nor the rules in UNSTATABLE, so a request it allows may name an object that does
    not exist (or that the caller may not see): refusing it is right; this is dropped from the
    "schema-valid request rejected" check only, and only when every message of the 400 says so.
    And a request whose only fault is a JSON type DRF converts (ONLY_A_TYPE) is accepted."""
    if isinstance(failure, AcceptedNegativeData):
        return not ONLY_A_TYPE.search(failure.message)
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 400:
        return True
    messages = [
        str(message) for messages in response.json().values() for message in as_list(messages)
    ]
    expected = NO_SUCH_OBJECT + UNSTATABLE
    return not all(any(text in message for text in expected) for message in messages)


def as_list(messages) -> list:
    return messages if isinstance(messages, list) else [messages]


@pytest.fixture
def world(db):
    """Orange (the caller's operator) in a bloc with TeliaSonera, Millicom outside it; partners,
    introductions, deals of every visibility, lessons, a programme with a report."""
    orange = OperatorFactory(name="Orange", slug="orange", hq_country="FR")
    telia = OperatorFactory(name="TeliaSonera", slug="teliasonera", hq_country="SE")
    millicom = OperatorFactory(name="Millicom", slug="millicom", hq_country="LU")
    manager = ManagerMembershipFactory(operator=orange, user__email="manager@orange.example").user
    telia_member = MembershipFactory(operator=telia).user
    millicom_member = MembershipFactory(operator=millicom).user
    opcos = [
        OpcoFactory(operator=orange, country="FR"),
        OpcoFactory(operator=orange, country="PL"),
        OpcoFactory(operator=telia, country="SE"),
        OpcoFactory(operator=millicom, country="CO"),
    ]
    bloc = bloc_of(orange, telia, name="M2M bloc", slug="m2m-bloc")
    platform = PlatformFactory()
    spotify = PartnerFactory(name="Spotify", slug="spotify")
    applicant = PartnerApplicationFactory(name="Streamly", slug="streamly")
    SponsorshipFactory(partner=spotify, operator=telia)
    introductions = [
        IntroductionFactory(partner=spotify, from_operator=telia, to_operator=orange),
        IntroductionFactory(partner=spotify, from_operator=orange, to_operator=millicom),
        IntroductionFactory(partner=spotify, from_operator=telia, to_operator=millicom),
    ]
    deals = [
        DealFactory(operator=orange, partner=spotify, country="FR"),
        DealFactory(operator=orange, partner=spotify, country="PL", visibility="private"),
        DealFactory(operator=telia, partner=spotify, country="SE", visibility="bloc", bloc=bloc),
        DealFactory(operator=millicom, partner=spotify, country="CO", visibility="summary"),
        DealFactory(
            operator=millicom,
            partner=spotify,
            country="PE",
            stage="declined",
            decline_reason="no_budget",
            started_on=timezone.localdate() - timedelta(days=30),
            ended_on=timezone.localdate() - timedelta(days=3),
        ),
    ]
    lessons = [
        LessonFactory(author=manager, deal=deals[0], partner=spotify, countries=["FR"]),
        LessonFactory(author=manager, draft=True),
        LessonFactory(author=millicom_member, deal=deals[3], partner=spotify),
        LessonFactory(author=telia_member, visibility="bloc", bloc=bloc),
    ]
    programme = ProgrammeFactory(lead=orange, partner=spotify, countries=["DE", "FR", "SE"])
    participations = [
        ParticipationFactory(programme=programme, operator=telia, country="SE", accepted=True),
        ParticipationFactory(programme=programme, operator=orange, country="FR", accepted=True),
        ParticipationFactory(programme=programme, operator=millicom, country="DE"),
    ]
    report = SLAReportFactory(participation=participations[1])
    KNOWN.update(
        {
            "blocs": [bloc.slug],
            "deals": [str(deal.pk) for deal in deals],
            "introductions": [str(i.pk) for i in introductions],
            "lessons": [str(lesson.pk) for lesson in lessons],
            "opcos": [str(opco.pk) for opco in opcos],
            "opco-capabilities": [str(opco.pk) for opco in opcos],
            "operators": ["orange", "teliasonera", "millicom"],
            "participations": [str(p.pk) for p in participations],
            "partners": [spotify.slug, applicant.slug],
            "platforms": [platform.slug],
            "programmes": [str(programme.pk)],
            "sla-reports": [str(report.pk)],
            "standing": ["orange", "millicom"],
        }
    )
    yield Token.objects.create(user=manager)
    KNOWN.clear()


@pytest.fixture
def wsgi_on_the_test_transaction():
    """Django's test client keeps a request from closing the connection that holds the test's
    transaction; a plain WSGI handler needs the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    # Generating requests from a schema is slow and filters a lot; the fixtures are per test.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
def test_every_operation_answers_as_the_schema_says(case, world, wsgi_on_the_test_transaction):
    with transaction.atomic():
        headers = {"Authorization": f"Token {world.key}"}
        case.call_and_validate(base_url="http://testserver", headers=headers)
        transaction.set_rollback(True)
