"""M2M/IoT capabilities: the staff-curated catalogue of connectivity platforms, and per opco the
platforms it runs and the M2M services it offers. The coverage finder reads these."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .operators import Opco, Operator


class M2MService(models.TextChoices):
    """What an opco offers M2M/IoT customers beyond plain connectivity."""

    PERMANENT_ROAMING = "permanent_roaming", "Permanent roaming allowed"
    ESIM = "esim", "eSIM / eUICC"
    NB_IOT = "nb_iot", "NB-IoT"
    LTE_M = "lte_m", "LTE-M"


class PlatformQuerySet(models.QuerySet["Platform"]):
    def visible_to(self, user) -> PlatformQuerySet:
        """The catalogue is open to every member of the alliance and to staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff or user.active_membership is not None:
            return self.all()
        return self.none()

    def runnable_by(self, operator: Operator) -> PlatformQuerySet:
        """Platforms `operator`'s opcos may run: every vendor platform and its own ones."""
        return self.filter(Q(owner__isnull=True) | Q(owner=operator))


class Platform(models.Model):
    """An M2M/IoT connectivity-management platform, as a multinational customer would name it.

    A vendor platform (Cisco's Jasper, Ericsson's DCP...) has no owner and any opco may run it.
    An operator's own, in-house platform is one entry per operator, with `owner` set: two
    operators' home-grown platforms are not one platform to a customer, so the finder must never
    count "own platform" at Orange and at Telekom as the same one."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    vendor = models.CharField(max_length=120, blank=True)
    description = models.TextField(max_length=2000, blank=True)
    owner = models.ForeignKey(
        Operator,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_platforms",
        help_text="Only for an operator's own platform: then only that operator's opcos run it.",
    )
    opcos = models.ManyToManyField(
        Opco, through="OpcoPlatform", related_name="platforms", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_own(self) -> bool:
        return self.owner_id is not None

    def may_run_at(self, opco: Opco) -> bool:
        """An own platform runs only at its owner's opcos; a vendor platform anywhere."""
        return self.owner_id is None or self.owner_id == opco.operator_id


class OpcoPlatform(models.Model):
    """An opco runs a platform. Written only through alliance.m2m.set_opco_m2m."""

    opco = models.ForeignKey(Opco, on_delete=models.CASCADE, related_name="platform_links")
    # PROTECT: a platform still in use cannot vanish from under the opcos that run it.
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="opco_links")

    class Meta:
        ordering = ["opco", "platform__name"]
        constraints = [
            models.UniqueConstraint(fields=["opco", "platform"], name="opcoplatform_once"),
        ]

    def __str__(self) -> str:
        return f"{self.opco} runs {self.platform}"


class OpcoService(models.Model):
    """An opco offers an M2M service. Written only through alliance.m2m.set_opco_m2m."""

    opco = models.ForeignKey(Opco, on_delete=models.CASCADE, related_name="m2m_services")
    service = models.CharField(max_length=32, choices=M2MService.choices)

    class Meta:
        ordering = ["opco", "service"]
        constraints = [
            models.UniqueConstraint(fields=["opco", "service"], name="opcoservice_once"),
            models.CheckConstraint(
                condition=Q(service__in=M2MService.values), name="opcoservice_known_service"
            ),
        ]
        indexes = [
            # The finder and the API filter opcos by service ("who offers NB-IoT?").
            models.Index(fields=["service", "opco"], name="opcoservice_service_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.opco} offers {self.get_service_display()}"
