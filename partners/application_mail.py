"""Who hears of new partner applications, and how: the rule the notices and the digest share.

Reviewers hear of each application as it arrives: the alliance admins
(`User.objects.active_staff()`) and the members who chose to (`ApplicationMail.EACH`). Every other
member who acts for an operator (`Membership.objects.active()`) gets the daily digest of new
applications, unless they chose no mail (`ApplicationMail.NONE`); a member without a choice gets
the digest. Each member chooses on the page `partners:application_mail`, which every notice and
digest links to. Mail goes one message per recipient (`partners.notifications`), so people of
different operators never see each other's addresses.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from alliance.models import Membership, User
from partners.models import ApplicationMail, ApplicationMailPreference


def application_mail_of(user) -> str:
    """How `user` chose to hear of new applications (`ApplicationMail`; the digest by default)."""
    preference = ApplicationMailPreference.objects.filter(user_id=user.pk).first()
    return preference.choice if preference else ApplicationMailPreference.DEFAULT


def _members() -> QuerySet[User]:
    return User.objects.filter(membership__in=Membership.objects.active())


def reviewer_emails() -> list[str]:
    """The addresses told of each new application: staff, and members who chose it."""
    staff = User.objects.active_staff().values_list("email", flat=True)
    chosen = _members().filter(application_mail__choice=ApplicationMail.EACH)
    return sorted(set(staff) | set(chosen.values_list("email", flat=True)))


def digest_readers() -> QuerySet[User]:
    """The people sent the daily digest: members (not staff) who did not choose otherwise."""
    daily = Q(application_mail__isnull=True) | Q(application_mail__choice=ApplicationMail.DAILY)
    return _members().filter(daily, is_staff=False)
