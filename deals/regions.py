"""The world regions live in alliance (the coverage finder uses them too); deals keeps its name."""

from alliance.regions import REGION_COUNTRIES, Region, countries_in

__all__ = ["REGION_COUNTRIES", "Region", "countries_in"]
