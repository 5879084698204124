"""The deals app's part of `manage.py seed_scale`: deals, their stage history, the introductions
they came from, their ledger rows and the consumption of other members' deals.

Each deal is drawn as an opco (large operators, and their home markets, log more deals) and a
partner (Zipf-like popularity), logged at a time that favours recent years, and taken through a
path of stages that the transitions allow, dated in order. The database rules hold: at most one
open deal per partner × operator × country (a second one drawn is a closed, earlier attempt), the
country is in the operator's footprint, the opco is the operator's in that country (the trigger
checks every row), dates and decline reasons match the stage.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from alliance.models import Consumption, Contribution
from alliance.scale import pick_operator, pick_person, record_contributions, share_with_blocs
from alliance.scale import seed_consumption as seed_view_counters
from alliance.scale_kit import ScaleRun, Step, col, copy_rows, execute, table, zipf_index
from deals.models import (
    CLOSED_STAGES,
    Deal,
    DealType,
    DeclineReason,
    Stage,
    StageChange,
    Visibility,
)
from partners.models import Introduction
from partners.scale import pick_partner

CHUNK = 50_000
_STAGE_WEIGHTS = {
    Stage.EXPLORING: 25,
    Stage.NEGOTIATING: 18,
    Stage.SIGNED: 10,
    Stage.LAUNCHED: 20,
    Stage.ENDED: 10,
    Stage.DECLINED: 17,
}
_TYPE_WEIGHTS = (18, 16, 12, 8, 8, 14, 10, 9, 5)  # in DealType order: distribution first
_VISIBILITY_WEIGHTS = {Visibility.ALLIANCE: 60, Visibility.SUMMARY: 25, Visibility.PRIVATE: 15}
FIELDS = ("id", "partner", "operator", "country", "opco", "stage", "deal_type", "started_on",
          "signed_on", "launched_on", "ended_on", "summary", "confidential_notes", "visibility",
          "exclusive", "decline_reason", "decline_explanation", "created_by", "stage_changed_at",
          "created_at", "updated_at")  # fmt: skip
HISTORY_FIELDS = ("deal", "from_stage", "to_stage", "changed_by", "changed_at")


def seed(run: ScaleRun) -> None:
    with Step(run, "deals and their stage history"):
        _seed_deals(run)
        share_with_blocs(run, Deal, one_in=20)
    with Step(run, "deals from introductions"):
        _link_introductions(run)
    with Step(run, "deals' ledger rows"):
        _seed_ledger(run)
    with Step(run, "deal views (consumption)"):
        seed_view_counters(run, Consumption.Kind.DEAL, run.size("consumption"))


def _between(start: datetime, end: datetime, low: float, high: float, rng) -> datetime:
    return start + (end - start) * rng.uniform(low, high)


def _path(stage: str, rng) -> list[str]:
    """The stages a deal went through to reach `stage`, as TRANSITIONS allows."""
    s = Stage
    to_signed = (
        [s.EXPLORING, s.NEGOTIATING, s.SIGNED] if rng.random() < 0.7 else [s.EXPLORING, s.SIGNED]
    )
    if stage == s.EXPLORING:
        return [s.EXPLORING]
    if stage == s.NEGOTIATING:
        hesitant = rng.random() < 0.4  # back to exploring once, then negotiating again
        return [s.EXPLORING, s.NEGOTIATING, s.EXPLORING, s.NEGOTIATING] if hesitant else [
            s.EXPLORING, s.NEGOTIATING]  # fmt: skip
    if stage == s.SIGNED:
        return to_signed
    if stage == s.LAUNCHED:
        return [*to_signed, s.LAUNCHED]
    if stage == s.ENDED:
        return [*to_signed, s.LAUNCHED, s.ENDED] if rng.random() < 0.8 else [*to_signed, s.ENDED]
    before = rng.choice(([s.EXPLORING], [s.EXPLORING, s.NEGOTIATING], to_signed))
    return [*before, s.DECLINED]


def _deal(run: ScaleRun, pk: int, open_keys: set) -> tuple[tuple, list[tuple]]:
    rng, writer, now = run.rng, run.writer, run.now
    operator = pick_operator(run, contributing=False)
    opco_id, country = operator.opcos[zipf_index(rng, len(operator.opcos), q=2)]
    partner = pick_partner(run)
    stage = rng.choices(list(_STAGE_WEIGHTS), list(_STAGE_WEIGHTS.values()))[0]
    key = (partner.id, operator.id, country)
    if stage not in CLOSED_STAGES:
        if key in open_keys:  # an earlier attempt: only one deal per key may be open
            stage = rng.choice(CLOSED_STAGES)
        else:
            open_keys.add(key)
    created = run.days_ago(run.recent_age(1_095) + 0.01)
    path = _path(stage, rng)
    # When each step happened: in order, between the logging of the deal and now.
    times = [created]
    for _ in path[1:]:
        times.append(_between(times[-1], now, 0.05, 0.5, rng))
    dates = {step: at.date() for step, at in zip(path, times, strict=True)}
    declined = stage == Stage.DECLINED
    person = pick_person(run, operator)
    row = (
        pk, partner.id, operator.id, country, opco_id if rng.random() < 0.8 else None, stage,
        rng.choices(DealType.values, _TYPE_WEIGHTS)[0],
        created.date() - timedelta(days=rng.randint(0, 20)),
        dates.get(Stage.SIGNED), dates.get(Stage.LAUNCHED), dates.get(Stage.ENDED),
        writer.sentence() if rng.random() < 0.85 else "",
        writer.sentence() if rng.random() < 0.35 else "",
        rng.choices(list(_VISIBILITY_WEIGHTS), list(_VISIBILITY_WEIGHTS.values()))[0],
        rng.random() < 0.04,
        rng.choice(DeclineReason.values) if declined else "",
        writer.sentence() if declined else "",
        person, times[-1], created, times[-1],
    )  # fmt: skip
    history = [
        (pk, path[i - 1] if i else "", step, person, at)
        for i, (step, at) in enumerate(zip(path, times, strict=True))
    ]
    return row, history


def _seed_deals(run: ScaleRun) -> None:
    total, open_keys = run.size("deals"), set()
    for start in range(1, total + 1, CHUNK):
        rows, history = [], []
        for pk in range(start, min(start + CHUNK, total + 1)):
            row, steps = _deal(run, pk, open_keys)
            rows.append(row)
            history.extend(steps)
        run.wrote(Deal, copy_rows(Deal, FIELDS, rows))
        run.wrote(StageChange, copy_rows(StageChange, HISTORY_FIELDS, history))


def _link_introductions(run: ScaleRun) -> None:
    """Deals logged after an introduction that led to a deal (same partner, to that operator)
    point at it, so its introducer is credited."""
    d, i = Deal, Introduction
    execute(
        f"""
        UPDATE {table(d)} AS deal SET {col(d, "introduction")} = intro.id
        FROM (
            SELECT DISTINCT ON ({col(i, "partner")}, {col(i, "to_operator")})
                   {col(i, "id")} AS id, {col(i, "partner")} AS partner_id,
                   {col(i, "to_operator")} AS operator_id, {col(i, "created_at")} AS created_at
            FROM {table(i)} WHERE {col(i, "status")} = %s
            ORDER BY {col(i, "partner")}, {col(i, "to_operator")}, {col(i, "created_at")}
        ) AS intro
        WHERE deal.{col(d, "partner")} = intro.partner_id
          AND deal.{col(d, "operator")} = intro.operator_id
          AND deal.{col(d, "created_at")} > intro.created_at
        """,
        [Introduction.Status.DEAL],
    )


def _seed_ledger(run: ScaleRun) -> None:
    kinds = Contribution.Kind
    record_contributions(run, kind=kinds.DEAL_LOGGED, source=Deal,
                         operator=f"src.{col(Deal, 'operator')}",
                         user=f"src.{col(Deal, 'created_by')}",
                         at=f"src.{col(Deal, 'created_at')}")  # fmt: skip
    record_contributions(run, kind=kinds.DEAL_ADVANCED, source=StageChange, target=Deal,
                         target_id=f"src.{col(StageChange, 'deal')}",
                         join=f"JOIN {table(Deal)} deal ON deal.{col(Deal, 'id')} = "
                              f"src.{col(StageChange, 'deal')}",
                         operator=f"deal.{col(Deal, 'operator')}",
                         user=f"src.{col(StageChange, 'changed_by')}",
                         at=f"src.{col(StageChange, 'changed_at')}",
                         where=f"src.{col(StageChange, 'from_stage')} <> ''")  # fmt: skip
    # The introducer of each deal that came from an introduction, once per deal
    # (partners.introductions.record_introduced_deal).
    intro = Introduction
    record_contributions(run, kind=kinds.PARTNER_INTRODUCED, source=Deal,
                         join=f"JOIN {table(intro)} intro ON intro.{col(intro, 'id')} = "
                              f"src.{col(Deal, 'introduction')}",
                         operator=f"intro.{col(intro, 'from_operator')}",
                         user=f"intro.{col(intro, 'introduced_by')}",
                         at=f"src.{col(Deal, 'created_at')}")  # fmt: skip
