"""World regions (after the UN M49 macro-regions, with the Middle East and Latin America split out
as the alliance's members talk about them): the coverage matrix's region filter and the coverage
finder's "pick a region". In alliance so that every app may use them."""

from __future__ import annotations

from django.db import models


class Region(models.TextChoices):
    EUROPE = "europe", "Europe"
    NORTH_AMERICA = "north_america", "North America"
    LATIN_AMERICA = "latin_america", "Latin America & Caribbean"
    MIDDLE_EAST = "middle_east", "Middle East & North Africa"
    AFRICA = "africa", "Sub-Saharan Africa"
    ASIA = "asia", "Asia"
    OCEANIA = "oceania", "Oceania"


_CODES = {
    Region.EUROPE: "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM "
    "IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK",
    Region.NORTH_AMERICA: "BM CA GL PM US",
    Region.LATIN_AMERICA: "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT "
    "GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI",
    Region.MIDDLE_EAST: "AE BH DZ EG EH IL IQ IR JO KW LB LY MA OM PS QA SA SD SY TN TR YE",
    Region.AFRICA: "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML "
    "MR MU MW MZ NA NE NG RE RW SC SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW",
    Region.ASIA: "AF AM AZ BD BN BT CN GE HK ID IN IO JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH "
    "PK SG TH TJ TL TM TW UZ VN",
    Region.OCEANIA: "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
}
REGION_COUNTRIES: dict[str, frozenset[str]] = {
    region: frozenset(codes.split()) for region, codes in _CODES.items()
}


def countries_in(region: str) -> frozenset[str]:
    return REGION_COUNTRIES.get(region, frozenset())
