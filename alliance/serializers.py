"""API representations of operators, opcos and the signed-in user. Writes are validated here
with the same rules as the web forms, then go through alliance.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from alliance.choices import Category
from alliance.forms.operators import (
    MAX_EMAIL_DOMAINS,
    clean_email_domains,
    clean_focus_categories,
    clean_operator_name,
)
from alliance.models import Membership, Opco, Operator, User
from alliance.standing.figures import standing_of
from alliance.standing.serializers import StandingBriefSerializer, StandingSerializer


class FootprintOpcoSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = Opco
        fields = ["id", "country", "brand_name"]


class OperatorSerializer(CountryFieldMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="operator-detail", lookup_field="slug", read_only=True
    )
    opcos = FootprintOpcoSerializer(many=True, read_only=True)
    footprint = serializers.SerializerMethodField()
    email_domains = serializers.SlugRelatedField(many=True, read_only=True, slug_field="domain")
    focus_categories = serializers.ListField(child=serializers.ChoiceField(Category.choices))
    standing = StandingBriefSerializer(source="*", read_only=True)

    class Meta:
        model = Operator
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "hq_country",
            "website",
            "objectives",
            "focus_categories",
            "status",
            "standing",
            "joined_on",
            "footprint",
            "opcos",
            "email_domains",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_footprint(self, operator: Operator) -> list[str]:
        """ISO codes of the countries where the operator has an opco."""
        return [country.code for country in operator.footprint]


class OperatorProfileSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """The profile fields an operator's managers (and staff) may change, as on the edit page."""

    focus_categories = serializers.ListField(
        child=serializers.ChoiceField(Category.choices), max_length=len(Category.choices)
    )
    email_domains = serializers.ListField(
        child=serializers.CharField(max_length=253),
        max_length=MAX_EMAIL_DOMAINS,
        required=False,
        help_text="Email domains whose owners may sign up and ask to join (replaces the list).",
    )

    class Meta:
        model = Operator
        fields = [
            "name",
            "hq_country",
            "website",
            "objectives",
            "focus_categories",
            "email_domains",
        ]
        extra_kwargs = {"name": {"validators": []}}

    def validate_name(self, value: str) -> str:
        try:
            return clean_operator_name(value, operator=self.instance)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate_focus_categories(self, value: list[str]) -> list[str]:
        return clean_focus_categories(value)

    def validate_email_domains(self, value: list[str]) -> list[str]:
        try:
            return clean_email_domains(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class OpcoSerializer(CountryFieldMixin, serializers.ModelSerializer):
    operator = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Operator.objects.none(),
        help_text="The owning operator's slug; set when the opco is created, never changed.",
    )
    operator_name = serializers.CharField(source="operator.name", read_only=True)

    class Meta:
        model = Opco
        fields = ["id", "operator", "operator_name", "country", "brand_name"]
        # One opco per operator and country is the service's rule (alliance.services), which
        # names the country; the model's unique-together validator would repeat it.
        validators = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["operator"].queryset = Operator.objects.visible_to(request.user)

    def validate_brand_name(self, value: str) -> str:
        brand_name = " ".join(value.split())
        if not brand_name:
            raise serializers.ValidationError("Enter the brand the opco trades under.")
        return brand_name

    def validate(self, attrs: dict) -> dict:
        moved = "operator" in attrs and self.instance is not None
        if moved and attrs["operator"].pk != self.instance.operator_id:
            raise serializers.ValidationError(
                {
                    "operator": "An opco cannot move to another operator; delete it and create "
                    "it there instead."
                }
            )
        return attrs


class MembershipSerializer(serializers.ModelSerializer):
    operator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Membership
        fields = ["operator", "operator_name", "role", "status", "is_active"]
        read_only_fields = fields


# /api/v1/me/ answers one object, though it is the viewset's list action.
@extend_schema_serializer(many=False)
class MeSerializer(serializers.ModelSerializer):
    membership = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    operator = serializers.SerializerMethodField()
    standing = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "is_staff",
            "membership",
            "role",
            "operator",
            "standing",
        ]
        read_only_fields = fields

    @extend_schema_field(MembershipSerializer(allow_null=True))
    def get_membership(self, user: User) -> dict | None:
        membership = getattr(user, "membership", None)
        return MembershipSerializer(membership).data if membership else None

    @extend_schema_field(
        serializers.ChoiceField(
            Membership.Role.choices,
            allow_null=True,
            help_text="Role in the operator, when the membership is active.",
        )
    )
    def get_role(self, user: User) -> str | None:
        membership = user.active_membership
        return membership.role if membership else None

    @extend_schema_field(
        serializers.SlugField(
            allow_null=True, help_text="Slug of the user's operator, when the membership is active."
        )
    )
    def get_operator(self, user: User) -> str | None:
        membership = user.active_membership
        return membership.operator.slug if membership else None

    @extend_schema_field(
        StandingSerializer(
            allow_null=True,
            help_text="The standing of the user's operator and what it must do to stay active; "
            "a new or reinstated member is judged only from its first check (`first_check_on`).",
        )
    )
    def get_standing(self, user: User) -> dict | None:
        membership = user.active_membership
        return StandingSerializer(standing_of(membership.operator)).data if membership else None
