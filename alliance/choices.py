"""Choices shared by several apps."""

from django.db import models


class Category(models.TextChoices):
    """Business categories of partners, lessons and operators' focus."""

    SECURITY_PRIVACY = "security_privacy", "Security & privacy"
    ENTERTAINMENT = "entertainment", "Entertainment"
    COMMUNICATION = "communication", "Communication & messaging"
    IOT_M2M = "iot_m2m", "IoT/M2M & connected car"
    TRAVEL_LIFESTYLE = "travel_lifestyle", "Travel & lifestyle"
    PRODUCTIVITY_CLOUD = "productivity_cloud", "Productivity & cloud"
    ADVERTISING_DATA = "advertising_data", "Advertising & data"
    PAYMENTS_FINTECH = "payments_fintech", "Payments & fintech"
    OTHER = "other", "Other"
