"""The coverage finder's algorithm: plain Python, no Django, no database.

Given the countries a customer needs and the opcos able to serve them (`Offer`s), `find` answers:

- per country, the offers that serve it (after the optional platform and service filters);
- the countries nobody serves;
- the smallest set of operators covering every country that can be covered (`mixed`);
- the preferred one-platform plan (`one_platform`): the operators that cover the same countries
  with their opcos on a single platform, proposed when they are no more than `PLATFORM_SLACK`
  operators more than the mixed plan. One platform across operators is what a multinational
  customer wants, so one more operator is a price worth paying; two more is not.

Choosing the operators is a set cover problem. The cover is found in three steps:
1. operators that are the only ones serving some country are in every cover: take them first;
2. the rest is searched exhaustively when few operators remain in contention (the alliance's
   real size: a guaranteed smallest answer), else greedily (the most countries still uncovered;
   ties broken by how rare those countries are, i.e. how few other operators could serve them,
   then by operator name so the same question always gets the same answer);
3. a greedy answer is pruned of operators whose countries the others already serve.
Countries are bits of an int, so a union is one `|` and a count one `bit_count()`: 250 countries
× 2,000 opcos take milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

# A one-platform plan may use this many more operators than the smallest mixed plan.
PLATFORM_SLACK = 1
# Exhaustive search when at most this many operators remain in contention (2^14 subsets at worst).
EXACT_SEARCH_LIMIT = 14


@dataclass(frozen=True, slots=True)
class Offer:
    """One opco that could serve one country: its operator, platforms and M2M services."""

    opco: int
    operator: int
    country: str
    platforms: frozenset[int] = frozenset()
    services: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Plan:
    """Operators proposed to serve the covered countries, in the order they were chosen, and
    which of them serves each country. `platform` is set when every one of them serves its
    countries on that one platform."""

    operators: tuple[int, ...]
    assignment: Mapping[str, int]
    platform: int | None = None

    def __len__(self) -> int:
        return len(self.operators)


@dataclass(frozen=True)
class Answer:
    countries: tuple[str, ...]
    offers: Mapping[str, tuple[Offer, ...]]
    uncovered: tuple[str, ...]
    mixed: Plan
    one_platform: Plan | None
    # platform → how many of the requested countries its opcos serve (after the filters), the
    # widest reach first
    platform_reach: Mapping[int, int] = field(default_factory=dict)

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(country for country in self.countries if self.offers[country])

    @property
    def recommended(self) -> Plan:
        return self.one_platform or self.mixed


def find(
    countries: Iterable[str],
    offers: Iterable[Offer],
    *,
    platform: int | None = None,
    service: str | None = None,
    operator_names: Mapping[int, str] | None = None,
    platform_names: Mapping[int, str] | None = None,
) -> Answer:
    """Answer the finder's question for `countries` (kept in the order given, duplicates
    dropped); `platform` and `service` keep only the offers that run that platform / offer
    that service. Names only break ties (an id stands in for a missing name)."""
    requested = tuple(dict.fromkeys(countries))
    wanted = set(requested)
    names = _Names(operator_names or {}, platform_names or {})
    by_country: dict[str, list[Offer]] = {country: [] for country in requested}
    for offer in offers:
        if (
            offer.country in wanted
            and (platform is None or platform in offer.platforms)
            and (service is None or service in offer.services)
        ):
            by_country[offer.country].append(offer)
    covered = [country for country in requested if by_country[country]]
    bit = {country: 1 << index for index, country in enumerate(covered)}
    goal = (1 << len(covered)) - 1

    reach: dict[int, int] = defaultdict(int)  # operator → mask of countries it serves
    platform_reach: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for country in covered:
        for offer in by_country[country]:
            reach[offer.operator] |= bit[country]
            for runs in offer.platforms if platform is None else (platform,):
                platform_reach[runs][offer.operator] |= bit[country]

    mixed = _plan(reach, goal, bit, names, platform=platform)
    one_platform = None
    candidates = []
    for runs, operators in platform_reach.items():
        if _union(operators.values()) != goal or not covered:
            continue
        plan = _plan(operators, goal, bit, names, platform=runs)
        if len(plan) <= len(mixed) + PLATFORM_SLACK:
            candidates.append(plan)
    if candidates:
        one_platform = min(candidates, key=lambda plan: (len(plan), names.platform(plan.platform)))

    return Answer(
        countries=requested,
        offers={
            country: tuple(sorted(found, key=lambda o: (names.operator(o.operator), o.opco)))
            for country, found in by_country.items()
        },
        uncovered=tuple(country for country in requested if not by_country[country]),
        mixed=mixed,
        one_platform=one_platform,
        platform_reach=dict(
            sorted(
                ((runs, _union(ops.values()).bit_count()) for runs, ops in platform_reach.items()),
                key=lambda item: (-item[1], names.platform(item[0])),
            )
        ),
    )


@dataclass(frozen=True)
class _Names:
    operators: Mapping[int, str]
    platforms: Mapping[int, str]

    def operator(self, operator: int) -> tuple[str, int]:
        return (self.operators.get(operator, "").casefold(), operator)

    def platform(self, platform: int | None) -> tuple[str, int]:
        return (self.platforms.get(platform, "").casefold(), platform or 0)


def _union(masks: Iterable[int]) -> int:
    total = 0
    for mask in masks:
        total |= mask
    return total


def _plan(
    reach: Mapping[int, int],
    goal: int,
    bit: Mapping[str, int],
    names: _Names,
    *,
    platform: int | None,
) -> Plan:
    chosen = smallest_cover(reach, goal, names.operator)
    assignment = {}
    for country, mask in bit.items():
        assignment[country] = next(op for op in chosen if reach[op] & mask)
    return Plan(operators=tuple(chosen), assignment=assignment, platform=platform)


def smallest_cover(reach: Mapping[int, int], goal: int, order_key=lambda op: op) -> list:
    """Operators (keys of `reach`, each a bit mask of the countries it serves) whose masks
    together cover `goal`, as few as can be found; `order_key` breaks ties."""
    holders: dict[int, list] = defaultdict(list)
    for operator, mask in reach.items():
        for index in _bits(mask & goal):
            holders[index].append(operator)
    # 1. Sole servers of a country are in every cover.
    chosen = sorted({found[0] for found in holders.values() if len(found) == 1}, key=order_key)
    covered = _union(reach[operator] for operator in chosen) & goal
    rest = goal & ~covered
    if not rest:
        return chosen
    # The contenders for the rest, without any whose countries another contender also serves.
    contenders = _undominated(
        {op: reach[op] & rest for op in reach if op not in chosen and reach[op] & rest},
        order_key,
    )
    rarity = {index: 1 / len(found) for index, found in holders.items()}
    greedy = _greedy(contenders, rest, rarity, order_key)
    if len(contenders) <= EXACT_SEARCH_LIMIT:
        return chosen + _exact(contenders, rest, len(greedy), order_key, greedy)
    return chosen + greedy


def _bits(mask: int) -> Iterable[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _undominated(contenders: Mapping, order_key) -> dict:
    """Drop every operator whose countries one other operator serves too (of two with the same
    countries, the one first by `order_key` stays)."""
    ranked = sorted(contenders, key=lambda op: (-contenders[op].bit_count(), order_key(op)))
    kept: dict = {}
    for operator in ranked:
        mask = contenders[operator]
        if not any(mask & other == mask for other in kept.values()):
            kept[operator] = mask
    return kept


def _greedy(contenders: Mapping, goal: int, rarity: Mapping[int, float], order_key) -> list:
    chosen: list = []
    uncovered = goal
    while uncovered:
        best_gain, best = 0, []
        for operator, mask in contenders.items():
            gain = (mask & uncovered).bit_count()
            if gain > best_gain:
                best_gain, best = gain, [operator]
            elif gain == best_gain and gain:
                best.append(operator)
        pick = min(
            best,
            key=lambda op: (
                -sum(rarity[index] for index in _bits(contenders[op] & uncovered)),
                order_key(op),
            ),
        )
        chosen.append(pick)
        uncovered &= ~contenders[pick]
    return _pruned(chosen, contenders, goal)


def _pruned(chosen: Sequence, reach: Mapping, goal: int) -> list:
    """Drop, last chosen first, every operator whose countries the others still serve."""
    kept = list(chosen)
    for operator in reversed(chosen):
        others = [op for op in kept if op != operator]
        if _union(reach[op] for op in others) & goal == goal:
            kept = others
    return kept


def _exact(contenders: Mapping, goal: int, limit: int, order_key, fallback: list) -> list:
    """The first cover of fewer than `limit` operators in tie-break order, else `fallback`."""
    ranked = sorted(contenders, key=order_key)
    for size in range(1, limit):
        for group in combinations(ranked, size):
            if _union(contenders[op] for op in group) == goal:
                return list(group)
    return fallback
