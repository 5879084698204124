"""Email as template triplets: templates/emails/<name>_subject.txt, _body.txt and _body.html."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(*, template: str, to: Iterable[str], context: dict) -> int:
    """Render the named triplet and send it to each address; returns how many were sent."""
    recipients = sorted(set(to))
    if not recipients:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    return message.send()


def absolute_url(path: str) -> str:
    """A link for an email, where no request is at hand to build it."""
    return settings.SITE_URL.rstrip("/") + path
