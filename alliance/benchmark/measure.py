"""The latency benchmark: every page against the floor view, interleaved, N rounds; and the CSV
export (time to first byte, total, size, the workers' memory)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from alliance.benchmark.client import Answer, Client
from alliance.benchmark.server import Server
from alliance.benchmark.targets import EXPORT, FLOOR, Page


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Samples:
    page: Page
    times: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)

    def add(self, answer: Answer) -> None:
        self.times.append(answer.total_ms)
        self.sizes.append(answer.size)
        self.statuses.add(answer.status)
        if answer.queries is not None:
            self.queries.append(answer.queries)

    @property
    def median(self) -> float:
        return percentile(self.times, 0.5)

    @property
    def p95(self) -> float:
        return percentile(self.times, 0.95)


@dataclass
class Export:
    status: int
    ttfb_ms: float
    total_ms: float
    size: int
    rows: int
    queries: int | None
    worker_rss_before_kb: int
    worker_peak_after_kb: int


def latency(
    web: Client, api: Client, pages: list[Page], rounds: int, *, warmup: bool = True, seed: int = 1
) -> tuple:
    """(floor samples, [page samples]): one warm-up request each, then `rounds` rounds in which
    every page, in a new random order, follows a request of the floor."""
    floor = Samples(Page("floor (bare @login_required view)", FLOOR))
    results = [Samples(page) for page in pages]

    def fetch(page: Page) -> Answer:
        return (api if page.api else web).get(page.path, keep_body=False)

    for page in [floor.page, *pages] if warmup else []:
        fetch(page)
    order = list(results)
    rng = random.Random(seed)
    for _ in range(rounds):
        rng.shuffle(order)
        for samples in order:
            floor.add(fetch(floor.page))
            samples.add(fetch(samples.page))
    return floor, results


def export(client: Client, server: Server | None, timeout: float = 3_600) -> Export:
    """One download of every deal the persona may see, as CSV."""
    before = server.worker_memory() if server else {}
    answer = client.get(EXPORT, keep_body=False, timeout=timeout)
    after = server.worker_memory() if server else {}
    return Export(
        status=answer.status,
        ttfb_ms=answer.ttfb_ms,
        total_ms=answer.total_ms,
        size=answer.size,
        rows=max(answer.lines - 1, 0),
        queries=answer.queries,
        worker_rss_before_kb=max((rss for rss, _ in before.values()), default=0),
        worker_peak_after_kb=max((hwm for _, hwm in after.values()), default=0),
    )


def latency_table(floor: Samples, results: list[Samples]) -> str:
    base = floor.median
    lines = [
        "| page | median ms | p95 ms | median × floor | p95 × floor | size KB | queries | status |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for samples in [floor, *results]:
        queries = sorted(set(samples.queries))
        ends = sorted({queries[0], queries[-1]}) if queries else []
        counted = "–".join(str(q) for q in ends) or "?"
        lines.append(
            f"| {samples.page.name} | {samples.median:,.1f} | {samples.p95:,.1f} "
            f"| {samples.median / base:,.1f}× | {samples.p95 / base:,.1f}× "
            f"| {max(samples.sizes, default=0) / 1024:,.1f} "
            f"| {counted} "
            f"| {', '.join(str(s) for s in sorted(samples.statuses))} |"
        )
    return "\n".join(lines)


def export_table(result: Export) -> str:
    mb = 1024
    return "\n".join(
        [
            "| export | status | first byte ms | total ms | size MB | rows | queries before "
            "first byte | worker RSS before MB | worker peak RSS after MB |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| deals CSV, all visible | {result.status} | {result.ttfb_ms:,.0f} "
            f"| {result.total_ms:,.0f} | {result.size / mb / mb:,.1f} | {result.rows:,} "
            f"| {result.queries if result.queries is not None else '?'} "
            f"| {result.worker_rss_before_kb / mb:,.0f} "
            f"| {result.worker_peak_after_kb / mb:,.0f} |",
        ]
    )
