"""The partners notifications go through a real Celery worker on Redis (CI sets REDIS_URL)."""

from __future__ import annotations

import pytest
from django.core import mail

from partners import services
from tests.alliance.test_celery_worker import wait_for_mail, worker  # noqa: F401 - the fixture

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_on_redis_sends_the_applicant_and_the_reviewers_their_mail(worker, member):  # noqa: F811
    services.set_application_mail(user=member, choice="each")  # a reviewer (see issue 11)
    partner = services.submit_application(
        name="Streamly",
        website="https://streamly.example",
        category="entertainment",
        description="Music.",
        hq_country="SE",
        countries=["SE"],
        contact_name="Ines",
        contact_email="ines@streamly.example",
    )
    wait_for_mail(2)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(["ines@streamly.example", member.email])
    applicant_mail = next(m for m in mail.outbox if m.to == ["ines@streamly.example"])
    assert partner.get_status_url() in applicant_mail.body
