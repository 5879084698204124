"""The load benchmark: N concurrent clients for a fixed time on a mix of the pages (members
signed in through the login form) and API lists (members with a token). Bounded: each client
stops at the deadline after its request in flight, which has a timeout."""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from alliance.benchmark.client import Client
from alliance.benchmark.measure import percentile
from alliance.benchmark.targets import Page

# Two of three clients browse; one of three uses the API.
WEB_SHARE = 2 / 3


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_load(
    url: str,
    pages: list[Page],
    sessions: list[dict[str, str]],
    tokens: list[str],
    *,
    clients: int,
    seconds: float,
    timeout: float = 60,
) -> LoadResult:
    """`sessions` are the cookies of signed-in members, `tokens` their API tokens."""
    web_pages = [page for page in pages if not page.api]
    api_pages = [page for page in pages if page.api]
    result = LoadResult(clients=clients, seconds=seconds)
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def client_loop(index: int) -> None:
        rng = random.Random(index)
        browsing = index < round(clients * WEB_SHARE) or not api_pages
        if browsing:
            client = Client(url, timeout=timeout)
            client.cookies = dict(sessions[index % len(sessions)])
        else:
            client = Client(url, token=tokens[index % len(tokens)], timeout=timeout)
        mix = web_pages if browsing else api_pages
        while time.perf_counter() < deadline:
            page = rng.choice(mix)
            try:
                answer = client.get(page.path, keep_body=False)
            except (OSError, ConnectionError) as error:
                client.close()
                with lock:
                    result.requests += 1
                    result.errors[f"{type(error).__name__} on {page.name}"] += 1
                continue
            with lock:
                result.requests += 1
                result.latencies[page.name].append(answer.total_ms)
                if answer.status >= 400:
                    result.errors[f"HTTP {answer.status} on {page.name}"] += 1
        client.close()

    threads = [threading.Thread(target=client_loop, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 30)
    result.seconds = time.perf_counter() - start
    return result


def load_table(result: LoadResult) -> str:
    every = [ms for values in result.latencies.values() for ms in values]
    errors = ", ".join(f"{kind}: {n}" for kind, n in sorted(result.errors.items()))
    lines = [
        f"{result.clients} clients for {result.seconds:.0f} s: {result.requests:,} requests, "
        f"{result.rate:,.1f} requests/s, {result.error_count} errors"
        + (f" ({errors})" if errors else ""),
        "",
        "| page | requests | p50 ms | p90 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [*sorted(result.latencies.items()), ("all", every)]
    for name, values in rows:
        lines.append(
            f"| {name} | {len(values):,} | "
            + " | ".join(f"{percentile(values, f):,.0f}" for f in (0.5, 0.9, 0.95, 0.99, 1.0))
            + " |"
        )
    return "\n".join(lines)
