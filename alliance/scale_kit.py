"""The toolkit of `manage.py seed_scale`: what every app's `scale.py` uses to fill PostgreSQL fast.

- Table and column names always come from the models' `_meta` (`table()`, `col()`), and
  `copy_rows()` refuses to write a model whose NOT NULL columns it is not given: a schema change
  makes the seeder fail loudly, naming the column, instead of silently writing wrong rows.
- Rows go in with COPY (`copy_rows`, for rows that need per-row logic in Python) or with
  `INSERT … SELECT` (for rows derived from others, e.g. ledger entries from deals).
- Popularity is Zipf-like (`zipf_index`): a few operators, partners and lessons get much of the
  activity, most get a little, as in real marketplaces.
- Text is written by `Writer` from about 2,300 real English words (`scale_words.txt`, the domain's
  words among the most frequent), in sentences, with Zipf word frequencies, so full-text search
  meets both common and rare words.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from django.db import connection, models
from django.db.models import NOT_PROVIDED
from django_countries import countries

WORDS_FILE = Path(__file__).with_name("scale_words.txt")

# The full scale (`--scale 1.0`); every app reads its sizes from here through `ScaleRun.size`.
FULL_SCALE = {
    "operators": 200,
    "opcos": 2_000,
    "partners": 50_000,
    "deals": 1_000_000,
    "lessons": 100_000,
    "introductions": 400_000,
    "consumption": 150_000,  # daily view counters, of deals and of lessons each
    "programmes": 300,
}
# The least of each at any scale, so that a tiny run (CI's) still has every kind of row.
SMALLEST = {
    "operators": 12,
    "opcos": 40,
    "partners": 80,
    "deals": 1_000,
    "lessons": 120,
    "introductions": 100,
    "consumption": 200,
    "programmes": 4,
}


# Telecom markets by size, largest first: opcos and deals are likelier in the first ones.
def words(text: str) -> tuple[str, ...]:
    """A tuple of the whitespace-separated words of `text` (for long constant lists)."""
    return tuple(text.split())


MAJOR_MARKETS = words(
    "IN CN US ID BR RU NG PK BD JP MX PH VN DE EG TR FR GB IT ZA TH CO ES KE AR PL TZ CA SA MA MY "
    "DZ UA PE GH NL CL RO SE BE PT GR CZ HU AT CH IL DK FI NO IE NZ AU KR SG AE QA CI SN CM UG ET "
    "IQ UZ KZ VE EC GT BO PY HN SV NI CR PA DO LK NP MM KH LA TN JO LB RS HR SK SI BG LT LV EE"
)


class SchemaDrift(Exception):
    """The models have a column the seeder does not fill (or no longer have one it fills)."""


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[models.Model]) -> str:
    """The model's table, quoted for SQL."""
    return quote(model._meta.db_table)


def col(model: type[models.Model], field_name: str) -> str:
    """The column of `model.field_name` (`operator` → `"operator_id"`), quoted for SQL."""
    return quote(model._meta.get_field(field_name).column)


def through(model: type[models.Model], field_name: str) -> type[models.Model]:
    """The through model of a many-to-many field."""
    return model._meta.get_field(field_name).remote_field.through


def required_fields(model: type[models.Model]) -> set[str]:
    """Names of the NOT NULL columns that the database cannot fill by itself."""
    return {
        f.name
        for f in model._meta.concrete_fields
        if not f.null
        and f.db_default is NOT_PROVIDED
        and not f.generated
        and not isinstance(f, models.AutoField)  # the sequence fills it when not given
    }


def check_fields(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    """The columns of `fields`, after checking that they exist and cover every required one."""
    missing = required_fields(model) - set(fields)
    if missing:
        raise SchemaDrift(
            f"{model._meta.label} has required column(s) {sorted(missing)} that the scale seeder "
            f"does not fill: update {model._meta.app_label}/scale.py."
        )
    return [col(model, name) for name in fields]


def _csv_value(value: Any) -> Any:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def copy_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], chunk: int = 20_000
) -> int:
    """COPY `rows` (tuples in the order of `fields`) into the model's table; returns the count."""
    columns = ", ".join(check_fields(model, fields))
    sql = f"COPY {table(model)} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    count = 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def flush() -> None:
        buffer.seek(0)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
        count += 1
        if count % chunk == 0:
            flush()
    if buffer.tell():
        flush()
    return count


def execute(sql: str, params: dict | Sequence | None = None) -> int:
    """Run one statement; returns the number of rows it wrote."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql: str, params: dict | Sequence | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def zipf_index(rng: random.Random, n: int, q: float = 1.0) -> int:
    """An index in [0, n) drawn with probability ∝ 1/(index + q) (Zipf–Mandelbrot, s = 1): q = 1
    is plain Zipf; a larger q flattens the head (the most popular of 35,000 partners then gets
    a few thousand deals, not a hundred thousand)."""
    x = q * ((n + q) / q) ** rng.random() - q
    return min(int(x), n - 1)


def zipf_count(rng: random.Random, low: int, high: int) -> int:
    """A count in [low, high], small ones much likelier (log-uniform)."""
    return min(high, int(math.exp(rng.random() * math.log(high - low + 1))) + low - 1)


def all_country_codes(rng: random.Random) -> list[str]:
    """Every ISO country code, major telecom markets first (in market order), the rest shuffled."""
    others = [code for code, _ in countries if code not in MAJOR_MARKETS]
    rng.shuffle(others)
    return [code for code in MAJOR_MARKETS if code in countries] + others


def vocabulary() -> list[tuple[str, str]]:
    """(word, part of speech) of scale_words.txt, the most frequent first."""
    return [tuple(line.split("\t")) for line in WORDS_FILE.read_text().splitlines()]


# Words the benchmark searches the lessons for: a frequent one, and one of the least frequent.
COMMON_WORD = "retention"


def rare_word() -> str:
    """One of the least frequent nouns of the vocabulary."""
    return [word for word, pos in vocabulary() if pos == "noun" and len(word) > 4][-1]


# Parts of speech in scale_words.txt → the slots of Writer.PATTERNS.
POS_SLOTS = {"noun": "n", "verb": "v", "adjective": "a", "adverb": "r"}


class Writer:
    """Sentences of real words for titles, descriptions, pitches, lessons and comments."""

    PATTERNS = (
        "we tried to {v} the {a} {n} for {n} {n}",
        "the {n} did not {v} because the {n} was too {a}",
        "{n} and {n} {v} {r} after the {a} {n}",
        "customers wanted a {a} {n}, not another {n}",
        "our {n} team had to {v} every {n} {r}",
        "the {a} {n} of the {n} made {n} {a}",
        "we should {v} the {n} before we {v} the {a} {n}",
        "{n} grew {r} once the {n} was {a}",
        "nobody expected the {n} to {v} the {n} so {r}",
        "in the end the {a} {n} cost more than the {n}",
        "the {n} asked us to {v} a {a} {n} with the {n}",
        "a {a} {n} helped us {v} the {n}",
        "{n} is where the {n} and the {n} {v} {r}",
        "without a {a} {n} the {n} cannot {v}",
        "the first {n} showed that {n} {v} {r} in {a} markets",
    )

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.by_pos: dict[str, list[str]] = {}
        for word, pos in vocabulary():
            self.by_pos.setdefault(POS_SLOTS[pos], []).append(word)
            self.by_pos.setdefault("*", []).append(word)
        # Zipf weights by rank within each part of speech; picks are drawn in batches (fast).
        self.cum = {pos: list(_cumulative(len(words))) for pos, words in self.by_pos.items()}
        self.buffers: dict[str, list[str]] = {pos: [] for pos in self.by_pos}

    @property
    def vocabulary(self) -> list[str]:
        return self.by_pos["*"]

    def word(self, pos: str = "*") -> str:
        buffer = self.buffers[pos]
        if not buffer:
            buffer.extend(self.rng.choices(self.by_pos[pos], cum_weights=self.cum[pos], k=4096))
        return buffer.pop()

    def sentence(self) -> str:
        pattern = self.rng.choice(self.PATTERNS)
        text = pattern.format_map(_Slots(self))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self) -> str:
        words = [self.word("a"), self.word("n"), self.word("n")]
        text = f"{' '.join(words)}: {self.word('v')} the {self.word('n')} {self.word('r')}"
        return text[0].upper() + text[1:]


class _Slots(dict):
    """`str.format_map` slots that draw a new word for every occurrence."""

    def __init__(self, writer: Writer) -> None:
        super().__init__()
        self.writer = writer

    def __missing__(self, key: str) -> str:
        raise KeyError(key)

    def __getitem__(self, key: str) -> str:
        return self.writer.word(key)


def _cumulative(n: int, q: float = 2.0) -> Iterable[float]:
    total = 0.0
    for rank in range(n):
        total += 1.0 / (rank + q)
        yield total


@dataclass
class ScaleRun:
    """One run of the seeder: the scale, the random source, the clock and what steps share."""

    factor: float
    stdout: TextIO
    seed: int = 13
    now: datetime = field(default_factory=lambda: datetime.now().astimezone())
    state: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.writer = Writer(random.Random(self.seed + 1))
        self.today = self.now.date()

    def size(self, name: str) -> int:
        return max(SMALLEST[name], round(FULL_SCALE[name] * self.factor))

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def recent_age(self, max_days: float = 1_095) -> float:
        """An age in days up to `max_days`, recent ones likelier (the alliance grows)."""
        return max_days * self.rng.random() ** 1.6

    def wrote(self, model: type[models.Model], count: int) -> None:
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + count

    def log(self, message: str) -> None:
        self.stdout.write(f"  {message}")


class Step:
    """Times a step of the seeder and prints what it wrote."""

    def __init__(self, run: ScaleRun, name: str) -> None:
        self.run, self.name = run, name

    def __enter__(self) -> Step:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.run.log(f"{self.name}: {time.perf_counter() - self.started:.1f} s")
