"""Figures over a whole table (the dashboard's conflict count over a million deals), computed once
and kept in the cache until a service changes what they are made of.

Each figure names the topics it is made of ("deals", "partners"). A topic has a generation, a
random token in the cache; every cached figure's key holds the generations of its topics, so a
service that writes calls `changed("deals")` (after its transaction commits) and every figure
made of deals is computed afresh on its next read — whichever process reads it. The cache fails
open (alliance.cache): with Redis down a figure is simply computed on every read, as before.
`TIMEOUT` bounds how long a figure lives anyway (a write outside the services, by hand in SQL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

TIMEOUT = 15 * 60
PREFIX = "summary"


def _generation_key(topic: str) -> str:
    return f"{PREFIX}:generation:{topic}"


def generation(topic: str) -> str:
    """The topic's current generation (made up, and kept, on first use)."""
    key = _generation_key(topic)
    current = cache.get(key)
    if current is None:
        cache.add(key, uuid4().hex, None)
        current = cache.get(key) or uuid4().hex
    return current


def changed(*topics: str) -> None:
    """Forget every figure made of these topics, once the current transaction commits (a figure
    computed meanwhile, before the commit, would otherwise keep the old state)."""

    def forget() -> None:
        cache.set_many({_generation_key(topic): uuid4().hex for topic in topics}, None)

    transaction.on_commit(forget)


def cached_figure(
    name: str,
    *,
    topics: Iterable[str],
    viewer: str,
    compute: Callable[[], T],
    timeout: int = TIMEOUT,
) -> T:
    """The figure `name` as `viewer` (a key of everything the figure's visibility depends on)
    sees it: from the cache while none of its topics changed (and for at most `timeout`
    seconds), else `compute()`d and kept."""
    generations = ".".join(generation(topic) for topic in topics)
    key = f"{PREFIX}:{name}:{viewer}:{generations}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
