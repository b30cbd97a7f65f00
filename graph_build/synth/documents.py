"""One synthetic municipality: its ``municipality.yaml`` and document records, as plain data.

The records have exactly the shape of ``data/`` (see ``data/README.md``): a Future City plan with
directions, KPI tables, KPIs and initiatives (some re-listed under a second direction), outreach,
related plans, governance and stakeholders; for some cities an action plan of specific goals →
actions → ● / ・ examples under the same directions; for some a model project with issue areas,
policies, dated initiatives, goals, themes and stated synergies. Stakeholders of a prefecture or of
the whole country are shared by every city that names them, with the same id, labels and type.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph_build.synth.phrasebook import (
    Direction,
    KpiKind,
    Labels,
    Pattern,
    Phrasebook,
    StakeholderKind,
    Topic,
    load_phrasebook,
)
from graph_build.synth.profile import SeedProfile
from graph_build.synth.sampling import LineCursor, TargetSampler, kpi_values

Record = dict[str, Any]
PREFECTURES = 47


class Flow(dict[str, Any]):
    """A mapping written on one line in YAML, as ``data/`` writes sources and placements."""


@dataclass(frozen=True)
class Samplers:
    """SDG target samplers for areas and KPI tables, built once per corpus."""

    areas: TargetSampler
    blocks: TargetSampler


@dataclass
class CityDocuments:
    """A municipality's files (name → records) and the count gates its documents must pass."""

    id: str
    municipality: Record
    documents: dict[str, Record]
    gates: dict[str, dict[str, int]]


@dataclass
class _City:
    """What the documents of one city share while they are generated."""

    rng: random.Random
    id: str
    ja: str
    en: str
    prefecture: int
    seed: int
    profile: SeedProfile
    samplers: Samplers
    phrases: Phrasebook
    directions: list[Direction] = field(default_factory=list)
    initiative_ids: set[str] = field(default_factory=set)
    stakeholder_ids: set[str] = field(default_factory=set)

    @property
    def government(self) -> str:
        return f"{self.id}-city-government"

    def chance(self, rate: str) -> bool:
        return self.rng.random() < self.profile.rate(rate)

    def size(self, name: str) -> int:
        return self.rng.choice(self.profile.size_choices(name))


def _named(city: _City, labels: Labels, **fields: str | tuple[str, str]) -> dict[str, str]:
    """``ja`` and ``en`` of ``labels`` with ``{c}`` the city's name; a field given as a pair
    fills the Japanese label with its first item and the English one with its second."""
    ja = {k: v if isinstance(v, str) else v[0] for k, v in fields.items()}
    en = {k: v if isinstance(v, str) else v[1] for k, v in fields.items()}
    return {"ja": labels.ja.format(c=city.ja, **ja), "en": labels.en.format(c=city.en, **en)}


def _src(section: str, lines: str) -> Flow:
    return Flow(section=section, lines=lines)


def _unique(taken: set[str], slug: str) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _fill(pattern: Pattern, topic: Topic) -> tuple[str, str]:
    en = pattern.en.replace("{T}", topic.en[0].upper() + topic.en[1:])
    return pattern.ja.format(t=topic.ja), en.format(t=topic.en)


def _open_document(city: _City, kind: str, low: int, high: int) -> tuple[LineCursor, Record]:
    """A document's line cursor and metadata; its cover takes ``low``…``high`` lines."""
    title = city.phrases.documents[kind]
    doc_id = f"{city.id}-{title.id_suffix}"
    cursor = LineCursor(city.rng)
    lines = cursor.take(low, high)
    labels = city.phrases.labels
    description = _named(city, labels.document_description, seed=str(city.seed))
    year = city.rng.randint(2019, 2024)
    return cursor, {
        "id": doc_id,
        "seed": f"synthetic-{doc_id}.txt",
        "kind": kind,
        **_named(city, labels.document_title, title=(title.ja, title.en)),
        "description_en": description["en"],
        "description_ja": description["ja"],
        "issued": f"{year}-{city.rng.choice((3, 4, 6, 9)):02d}",
        "period_start": year,
        "period_end": year + 2,
        "source": _src(city.phrases.sections.cover, lines),
    }


def _direction_area(number: int, direction: Direction) -> Record:
    """A direction as an area record, without its SDG targets and source."""
    return {
        "id": f"direction-{number}",
        "kind": "direction",
        "number": number,
        "ja": direction.ja,
        "en": direction.en,
        "alt_ja": [direction.alt_ja],
    }


def _shared_stakeholder(kind: StakeholderKind, prefecture: int | None) -> Record:
    """Shared stakeholders: id, labels and type depend only on the prefecture, never the city."""
    if prefecture is None:
        return {"id": kind.slug, "type": kind.type, "ja": kind.ja, "en": kind.en}
    p = f"{prefecture:02d}"
    return {
        "id": f"pref{p}-{kind.slug}",
        "type": kind.type,
        "ja": kind.ja.format(p=p),
        "en": kind.en.format(p=p),
    }


def _pick_stakeholders(city: _City, wanted: int) -> list[tuple[StakeholderKind, Record]]:
    """Shared (prefecture, national) and local stakeholders this document names, none reused."""
    rng = city.rng
    picks: list[tuple[StakeholderKind, Record]] = []

    def add(kind: StakeholderKind, base: Record) -> None:
        if base["id"] not in city.stakeholder_ids and len(picks) < wanted:
            city.stakeholder_ids.add(base["id"])
            picks.append((kind, base))

    # The national network first: every city joins it, so any two cities share a stakeholder.
    phrases = city.phrases.stakeholders
    network = phrases.national[0]
    add(network, _shared_stakeholder(network, None))
    for kind in phrases.prefecture:
        if rng.random() < 0.7:
            add(kind, _shared_stakeholder(kind, city.prefecture))
    for kind in phrases.national[1:]:
        if rng.random() < 0.4:
            add(kind, _shared_stakeholder(kind, None))
    for kind in rng.sample(phrases.local, len(phrases.local)):
        add(kind, {"id": f"{city.id}-{kind.slug}", "type": kind.type})
    n = 1
    while len(picks) < wanted:
        # Numbered partners fill up to the size the seeds show (30 or so per document).
        partner = rng.choice(phrases.partners)
        kind = StakeholderKind(
            slug=f"partner-{n}",
            type=partner.type,
            ja=f"{{c}}{partner.ja}{n}",
            en=f"{{c}} {partner.en} {n}",
            role_ja=phrases.partner_role.ja,
            role_en=phrases.partner_role.en,
        )
        add(kind, {"id": f"{city.id}-partner-{n}", "type": partner.type})
        n += 1
    return picks


def _stakeholder_records(
    city: _City, picks: list[tuple[StakeholderKind, Record]], cursor: LineCursor, section: str
) -> list[Record]:
    """Full records for the picked stakeholders; shared ones keep their shared labels."""
    records = []
    for kind, base in picks:
        record: Record = dict(base)
        if "ja" not in base:  # a local stakeholder: labels name the city
            record["ja"] = kind.ja.format(c=city.ja)
            record["en"] = kind.en.format(c=city.en)
        record["role_en"] = kind.role_en
        record["role_ja"] = kind.role_ja
        if "ja" not in base and kind.type == "community-organisation":
            record["count"] = city.rng.randint(10, 400)
        record["source"] = _src(section, cursor.take(1, 3))
        records.append(record)
    return records


def _kpi(city: _City, kind: KpiKind, kid: str, year: int, lines: str, section: str) -> Record:
    rng = city.rng
    directional = kind.direction != "maintain"
    baseline, target = kpi_values(rng, kind, directional and city.chance("kpi_wrong_side"))
    year_type = "fiscal" if city.chance("fiscal_year") else "calendar"
    base_year = rng.randint(year - 3, year - 1)
    obs_base: Record = Flow(value=baseline, year=base_year, year_type=year_type, unit=kind.unit)
    obs_target: Record = Flow(
        value=target, year=rng.randint(year + 1, year + 7), year_type=year_type, unit=kind.unit
    )
    if kind.multiplier != 1:
        obs_base["multiplier"] = kind.multiplier
        obs_target["multiplier"] = kind.multiplier
    record: Record = {
        "id": kid,
        "ja": kind.ja,
        "en": kind.en,
        "baseline": obs_base,
        "target": obs_target,
        "desired_direction": kind.direction,
    }
    if kind.cumulative:
        record["cumulative"] = True
    record["source"] = _src(section, lines)
    return record


def _block_goals(city: _City, targets: list[str]) -> list[str]:
    if not targets or not city.chance("block_goals"):
        return []
    goals = sorted({t.split(".")[0] for t in targets}, key=int)
    kept = [g for g in goals if city.chance("block_goal_kept")]
    return kept or goals[:1]


class _KpiPool:
    """KPI kinds by theme, each used once per document (ids stay unique and meaningful)."""

    def __init__(self, rng: random.Random, kinds: tuple[KpiKind, ...]) -> None:
        self.rng = rng
        self.kinds = kinds
        self.used: set[str] = set()
        self.ids: set[str] = set()

    def take(self, themes: list[str]) -> KpiKind:
        fitting = [k for k in self.kinds if k.theme in themes and k.slug not in self.used]
        fitting = fitting or [k for k in self.kinds if k.slug not in self.used] or list(self.kinds)
        kind = self.rng.choice(fitting)
        self.used.add(kind.slug)
        return kind


def _initiative_label(city: _City, topic: Topic, model_project: bool) -> tuple[str, str, str]:
    patterns = city.phrases.patterns
    pattern = patterns.model_project if model_project else city.rng.choice(patterns.initiative)
    ja, en = _fill(pattern, topic)
    return _unique(city.initiative_ids, f"{topic.slug}-{pattern.slug}"), ja, en


def future_city_plan(city: _City, stakeholders_wanted: int, has_action_plan: bool) -> Record:
    """A Future City plan: directions, KPI tables, initiatives, outreach, plans, governance."""
    rng, prof = city.rng, city.profile
    cursor, document = _open_document(city, "sdgs-future-city-plan", 2, 4)
    year = document["period_start"]
    cursor.skip(20, 60)

    sections, labels = city.phrases.sections, city.phrases.labels
    section = sections.directions
    areas: list[Record] = []
    link_share = prof.area_link_share.get("sdgs-future-city-plan/direction", 1.0)
    for number, direction in enumerate(city.directions, start=1):
        area = _direction_area(number, direction)
        if rng.random() < link_share:
            area["sdg_targets"] = city.samplers.areas.draw(rng)
        area["source"] = _src(section, cursor.take(2, 5))
        areas.append(area)
    cursor.skip(5, 20)

    pool = _KpiPool(rng, city.phrases.kpi_kinds)
    kpis: list[Record] = []
    blocks: list[Record] = []
    by_aspect: dict[str, list[str]] = {a: [] for a in city.phrases.aspects}
    for number, direction in enumerate(city.directions, start=1):
        by_aspect[city.phrases.theme_aspects[direction.theme]].append(f"direction-{number}")

    def block(bid: str, section: str, themes: list[str], extra: Record, reuse: list[str]) -> None:
        start = cursor.line
        cursor.skip(1, 2)  # the table's heading row
        ids = list(reuse)
        for _ in range(max(1, city.size("kpis_per_block") - len(reuse))):
            kind = pool.take(themes)
            kid = _unique(pool.ids, kind.slug)
            kpis.append(_kpi(city, kind, kid, year, cursor.take(2, 2), section))
            ids.append(kid)
        served = extra["areas"]
        printed = [a.get("sdg_targets") for a in areas if a["id"] in served]
        if len(served) == 1 and printed[0] and city.chance("block_same_as_area"):
            targets = list(printed[0])  # the table repeats the targets printed beside its area
        else:
            targets = city.samplers.blocks.draw(rng)
        record: Record = {"id": bid, **extra}
        goals = _block_goals(city, targets)
        if goals:
            record["sdg_goals"] = goals
        record["sdg_targets"] = targets
        record["kpis"] = ids
        record["source"] = _src(section, cursor.since(start))
        blocks.append(record)
        cursor.skip(1, 3)

    priority_kpis: dict[str, list[str]] = {}
    for aspect, aspect_ja in city.phrases.aspects.items():
        served = by_aspect[aspect] or [f"direction-{rng.randint(1, len(city.directions))}"]
        themes = city.phrases.themes_of(aspect)
        before = len(kpis)
        block(
            f"priority-{aspect}",
            sections.priority_kpis.format(aspect=aspect_ja),
            themes,
            {"aspect": aspect, "areas": served},
            [],
        )
        for area_id in served:
            priority_kpis.setdefault(area_id, []).extend(k["id"] for k in kpis[before:])

    initiatives: dict[str, Record] = {}
    placements: dict[str, list[Record]] = {}
    own: dict[int, list[str]] = {}
    relisted_into: dict[int, list[str]] = {}
    for number, direction in enumerate(city.directions, start=1):
        own[number] = []
        for _ in range(city.size("initiatives_per_area")):
            model = city.chance("model_project")
            topic = rng.choice(city.phrases.topics_of([direction.theme]))
            iid, ja, en = _initiative_label(city, topic, model)
            record: Record = {"id": iid, "ja": ja, "en": en}
            if model:
                record["model_project"] = True
            initiatives[iid] = record
            placements[iid] = []
            own[number].append(iid)
            if len(city.directions) > 1 and city.chance("relisted"):
                other = rng.choice([n for n in range(1, len(city.directions) + 1) if n != number])
                relisted_into.setdefault(other, []).append(iid)

    for number, direction in enumerate(city.directions, start=1):
        section = sections.direction_initiatives.format(n=number, direction=direction.ja)
        cursor.skip(1, 2)
        reuse = []
        for kid in priority_kpis.get(f"direction-{number}", []):
            if rng.random() < 0.15:
                reuse.append(kid)
        block(
            f"direction-{number}-kpis",
            section,
            [direction.theme],
            {"areas": [f"direction-{number}"]},
            reuse[:1],
        )
        for iid in own[number]:
            record = initiatives[iid]
            funded = city.chance("funding")
            lines = cursor.take(3, 5)
            placements[iid].append(Flow(area=f"direction-{number}", source=_src(section, lines)))
            if funded:
                programme = rng.choice(city.phrases.funding_programmes)
                status = "funded" if rng.random() < 0.1 else "planned-application"
                fund_line = lines.split("-")[1]
                record["funding"] = [
                    Flow(
                        ja=programme.ja,
                        en=programme.en,
                        status=status,
                        source=_src(section, fund_line),
                    )
                ]
            if rng.random() < 0.1:
                record["stakeholders"] = []  # filled in once the stakeholders are known
            if rng.random() < 0.05:
                record["start_year"] = rng.randint(year - 10, year)
            record["source"] = _src(section, lines)
        for iid in relisted_into.get(number, []):
            placements[iid].append(
                Flow(
                    area=f"direction-{number}",
                    relisted=True,
                    source=_src(section, cursor.take(1, 1)),
                )
            )
        cursor.skip(2, 6)

    section = sections.outreach
    events = []
    # Slugs are unique, so sorting by slug is the order of the whole rows.
    drawn = rng.sample(city.phrases.events, rng.randint(4, 9))
    for kind in sorted(drawn, key=lambda e: e.slug):
        event: Record = {"id": kind.slug, "audience": kind.audience}
        if rng.random() < 0.3:
            event["years"] = sorted(rng.sample(range(year - 4, year + 1), rng.randint(1, 2)))
        event.update(ja=kind.ja.format(c=city.ja), en=kind.en.format(c=city.en))
        event["source"] = _src(section, cursor.take(1, 3))
        events.append(event)
    cursor.skip(3, 10)

    section = sections.related_plans
    plans: list[Record] = []
    if has_action_plan:
        plans.append(
            {
                "id": "sdgs-action-plan",
                "kind": "strategy",
                "adopted": f"{year - 1}-03",
                **_named(city, labels.sdgs_action_plan),
                "source": _src(section, cursor.take(1, 2)),
            }
        )
    for named in rng.sample(city.phrases.related_plans, rng.randint(5, 11)):
        plan: Record = {
            "id": named.slug,
            "kind": "related-plan",
            "reflection": "reflected" if rng.random() < 0.6 else "to-be-reflected",
        }
        if rng.random() < 0.5:
            start = rng.randint(year - 3, year + 1)
            plan.update(
                period_start=start,
                period_end=start + rng.choice((4, 5, 9)),
                period_year_type="fiscal" if city.chance("fiscal_year") else "calendar",
            )
        plan.update(ja=named.ja.format(c=city.ja), en=named.en.format(c=city.en))
        plan["source"] = _src(section, cursor.take(1, 3))
        plans.append(plan)
    cursor.skip(3, 10)

    picks = _pick_stakeholders(city, stakeholders_wanted)
    planning = city.phrases.stakeholders.planning_division
    division = {"id": f"{city.id}-{planning.slug}", "type": planning.type}
    city.stakeholder_ids.add(division["id"])
    section = sections.governance
    partners = [base["id"] for _, base in picks]
    bodies: list[Record] = [
        {
            "id": "sdgs-promotion-headquarters",
            "type": "headquarters",
            **_named(city, labels.sdgs_promotion_headquarters),
            "members": [city.government],
            "secretariat": division["id"],
            "source": _src(section, cursor.take(2, 4)),
        },
        {
            "id": "sdgs-promotion-council",
            "type": "council",
            **_named(city, labels.sdgs_promotion_council),
            "members": [city.government, *sorted(rng.sample(partners, min(3, len(partners))))],
            "established": str(year - rng.randint(0, 3)),
            "source": _src(section, cursor.take(2, 6)),
        },
        {
            "id": "sdgs-partners-platform",
            "type": "platform",
            **_named(city, labels.sdgs_partners_platform),
            "member_count": rng.randint(20, 400),
            "member_count_date": f"{year}-03",
            "source": _src(section, cursor.take(2, 4)),
        },
    ]
    if rng.random() < 0.5:
        bodies.append(
            {
                "id": "sdgs-residents-meeting",
                "type": "meeting",
                **_named(city, labels.sdgs_residents_meeting),
                "source": _src(section, cursor.take(1, 3)),
            }
        )
    cursor.skip(3, 8)

    section = sections.stakeholders
    stakeholders: list[Record] = [
        {
            **division,
            **_named(city, labels.planning_division, d=(planning.ja, planning.en)),
            "part_of": city.government,
            "role_en": planning.role_en,
            "role_ja": planning.role_ja,
            "source": _src(section, cursor.take(1, 2)),
        }
    ]
    stakeholders += _stakeholder_records(city, picks, cursor, section)
    agreements: list[Record] = []
    for rec in stakeholders:
        signed = city.phrases.agreements.get(rec["type"])
        if signed:
            agreement: Record = {
                "id": f"{rec['id']}-agreement",
                "ja": signed.ja,
                "en": signed.en.format(s=rec["en"]),
            }
            if city.chance("agreement_dated"):
                agreement["date"] = f"{rng.randint(year - 8, year)}-{rng.randint(1, 12):02d}"
            agreement["parties"] = [city.government, rec["id"]]
            agreement["source"] = rec["source"]
            agreements.append(agreement)
    for n in range(1, rng.choice((1, 1, 2)) + 1):
        since = rng.randint(1960, 2015)
        sister: Record = {
            "id": f"{city.id}-sister-city-{n}",
            "type": "sister-city",
            **_named(city, labels.sister_city, n=str(n)),
            "role_en": city.phrases.stakeholders.sister_city_role.en,
            "role_ja": city.phrases.stakeholders.sister_city_role.ja,
            "country_en": rng.choice(city.phrases.stakeholders.sister_city_countries),
            "partner_since": since,
            "source": _src(section, cursor.take(1, 3)),
        }
        stakeholders.append(sister)
        agreements.append(
            {
                "id": f"sister-city-{n}-affiliation",
                **_named(city, labels.sister_city_affiliation, s=sister["en"]),
                "date": str(since),
                "parties": [city.government, sister["id"]],
                "source": sister["source"],
            }
        )

    linkable = [s["id"] for s in stakeholders if s["type"] != "municipal-body"]
    for record in initiatives.values():
        if "stakeholders" in record:
            record["stakeholders"] = sorted(
                rng.sample(linkable, min(len(linkable), rng.randint(1, 2)))
            )
    initiative_records = []
    for iid, record in initiatives.items():
        source = record.pop("source")
        ordered: Record = {**record, "placements": placements[iid], "source": source}
        initiative_records.append(ordered)

    return {
        "document": document,
        "areas": areas,
        "kpis": kpis,
        "kpi_blocks": blocks,
        "initiatives": initiative_records,
        "events": events,
        "plans": plans,
        "bodies": bodies,
        "agreements": agreements,
        "stakeholders": stakeholders,
    }


def action_plan(city: _City) -> Record:
    """An action plan: the same directions and a partnership block, each with specific goals →
    numbered actions → example initiatives marked ● or ・."""
    rng, prof = city.rng, city.profile
    cursor, document = _open_document(city, "sdgs-action-plan", 1, 2)
    areas: list[Record] = []
    goals: list[Record] = []
    blocks: list[tuple[str, str, str, str | None]] = [
        (f"direction-{n}", "direction", d.ja, d.theme) for n, d in enumerate(city.directions, 1)
    ]
    partnership = city.phrases.labels.partnership_area
    blocks.append(("partnership", "partnership", partnership.ja, None))
    for area_id, area_kind, area_ja, theme in blocks:
        section = city.phrases.sections.action_plan_area.format(area=area_ja)
        head = cursor.take(1, 2)
        area: Record
        if area_kind == "direction":
            number = int(area_id.split("-")[1])
            area = _direction_area(number, city.directions[number - 1])
        else:
            area = {"id": area_id, "kind": "partnership", **_named(city, partnership)}
        share = prof.area_link_share.get(f"sdgs-action-plan/{area_kind}", 0.0)
        if rng.random() < share:
            area["sdg_targets"] = city.samplers.areas.draw(rng)
        area["source"] = _src(section, head)
        areas.append(area)
        topics = city.phrases.topics_of(None if theme is None else [theme])
        patterns = city.phrases.patterns
        goal_labels = rng.sample(
            [(p, t) for p in patterns.specific_goal for t in topics],
            city.size("specific_goals_per_area"),
        )
        for number, (pattern, topic) in enumerate(goal_labels, start=1):
            goal_head = cursor.line
            actions: list[Record] = []
            action_labels = rng.sample(
                [(p, t) for p in patterns.action for t in topics], city.size("actions_per_goal")
            )
            for a_number, (a_pattern, a_topic) in enumerate(action_labels, start=1):
                ja, en = _fill(a_pattern, a_topic)
                lines = cursor.take(1, 1)
                examples = []
                example_labels = rng.sample(
                    [(p, t) for p in patterns.example for t in topics],
                    city.size("examples_per_action"),
                )
                for e_pattern, e_topic in example_labels:
                    e_ja, e_en = _fill(e_pattern, e_topic)
                    example = Flow(marker="●" if city.chance("example_bullet") else "・")
                    if city.chance("example_relisted"):
                        relisted = city.phrases.labels.relisted_example
                        example.update(**_named(city, relisted, t=(e_ja, e_en)), relisted=True)
                    else:
                        example.update(ja=e_ja, en=e_en)
                    examples.append(example)
                actions.append(
                    {
                        "number": a_number,
                        "ja": ja,
                        "en": en,
                        "source": _src(section, lines),
                        "examples": examples,
                    }
                )
            ja, en = _fill(pattern, topic)
            goals.append(
                {
                    "area": area_id,
                    "number": number,
                    "ja": ja,
                    "en": en,
                    "source": _src(section, cursor.since(goal_head)),
                    "actions": actions,
                }
            )
        cursor.skip(2, 5)
    return {"document": document, "areas": areas, "specific_goals": goals}


def model_project(city: _City, stakeholders_wanted: int) -> Record:
    """A model project: vision, themes and engines, issue areas with policies, initiatives and a
    goal, stated synergies between dimensions, governance and stakeholders."""
    rng, prof = city.rng, city.profile
    cursor, document = _open_document(city, "sdgs-model-project", 3, 8)
    year = document["period_start"]
    cursor.skip(5, 15)
    sections, labels = city.phrases.sections, city.phrases.labels
    section = sections.vision
    plans: list[Record] = [
        {
            "id": "vision-2030",
            "kind": "vision",
            "period_start": year,
            "period_end": 2030,
            **_named(city, labels.vision_2030),
            "source": _src(section, cursor.take(2, 5)),
        }
    ]
    if rng.random() < 0.6:
        plans.append(
            {
                "id": "sdgs-ordinance",
                "kind": "ordinance",
                "adopted": f"{year - rng.randint(0, 3)}-{rng.randint(1, 12):02d}",
                **_named(city, labels.sdgs_ordinance),
                "source": _src(section, cursor.take(1, 3)),
            }
        )
    plans.append(
        {
            "id": "basic-concept",
            "kind": "basic-concept",
            **_named(city, labels.basic_concept),
            "source": _src(section, cursor.take(1, 3)),
        }
    )
    section = sections.plan_themes
    themes_all = [t for t in city.phrases.plan_themes if t.kind == "theme"]
    engines_all = [t for t in city.phrases.plan_themes if t.kind == "engine"]
    chosen = rng.sample(themes_all, rng.randint(3, 4)) + rng.sample(engines_all, rng.randint(1, 2))
    themes = [
        {
            "id": f"{theme.kind}-{i}",
            "kind": theme.kind,
            "keyword": theme.keyword,
            "ja": theme.ja,
            "en": theme.en,
            "source": _src(section, cursor.take(1, 2)),
        }
        for i, theme in enumerate(chosen, start=1)
    ]
    cursor.skip(3, 10)

    areas: list[Record] = []
    policies: list[Record] = []
    local_goals: list[Record] = []
    initiatives: list[Record] = []
    phrases = city.phrases.model_project
    aspects = [*city.phrases.aspects, *(["integrated"] if rng.random() < 0.5 else [])]
    for aspect in aspects:
        issue = rng.choice(phrases.issue_areas[aspect])
        ja, en = issue.ja, issue.en
        area_id = f"issue-{aspect}"
        section = sections.issue_area.format(area=ja)
        area: Record = {"id": area_id, "kind": "issue-area", "aspect": aspect, "ja": ja, "en": en}
        if rng.random() < prof.area_link_share.get("sdgs-model-project/issue-area", 0.0):
            area["sdg_targets"] = city.samplers.areas.draw(rng)
        area["source"] = _src(section, cursor.take(1, 2))
        areas.append(area)
        topics = city.phrases.topics_of(city.phrases.themes_of(aspect) or None)
        policy_ids: list[str] = []
        if aspect != "integrated":
            picks = rng.sample(
                [(p, t) for p in city.phrases.patterns.policy for t in topics],
                city.size("policies_per_issue_area"),
            )
            for n, (pattern, topic) in enumerate(picks, start=1):
                p_ja, p_en = _fill(pattern, topic)
                pid = f"{aspect}-policy-{n}"
                policy_ids.append(pid)
                policies.append(
                    {
                        "id": pid,
                        "area": area_id,
                        "ja": p_ja,
                        "en": p_en,
                        "source": _src(section, cursor.take(1, 3)),
                    }
                )
        for _ in range(city.size("initiatives_per_issue_area")):
            model = city.chance("issue_area_model_project")
            iid, i_ja, i_en = _initiative_label(city, rng.choice(topics), model)
            lines = cursor.take(1, 4)
            record: Record = {"id": iid, "ja": i_ja, "en": i_en, "aspect": aspect}
            if policy_ids:
                record["policy"] = rng.choice(policy_ids)
            if model:
                record["model_project"] = True
            if city.chance("issue_area_start_year"):
                record["start_year"] = rng.randint(year - 12, year)
            record["placements"] = [Flow(area=area_id, source=_src(section, lines))]
            record["source"] = _src(section, lines)
            initiatives.append(record)
        if aspect in phrases.local_goals:
            goal = rng.choice(phrases.local_goals[aspect])
            local_goals.append(
                {
                    "id": f"goal-{aspect}",
                    "area": area_id,
                    "ja": goal.ja,
                    "en": goal.en,
                    "source": _src(sections.issue_area_goal, cursor.take(1, 3)),
                }
            )
        cursor.skip(2, 6)

    section = sections.synergies
    synergies: list[Record] = []
    for synergy in phrases.synergies:
        pair, statements = synergy.dimensions, synergy.statements
        wanted = min(len(statements), city.size("synergies_per_pair"))
        for n, statement in enumerate(rng.sample(statements, wanted), start=1):
            synergies.append(
                {
                    "id": f"{pair[0]}-{pair[1]}-{n}",
                    "dimensions": list(pair),
                    "ja": statement.ja,
                    "en": statement.en,
                    "source": _src(section, cursor.take(1, 4)),
                }
            )
    cursor.skip(3, 8)

    partners = _pick_stakeholders(city, stakeholders_wanted)
    section = sections.model_project_governance
    university = next((b["id"] for kind, b in partners if kind.type == "university"), None)
    partner = university or next(b["id"] for _, b in partners)
    bodies: list[Record] = [
        {
            "id": "sdgs-implementation-headquarters",
            "type": "headquarters",
            **_named(city, labels.sdgs_implementation_headquarters),
            "members": [city.government],
            "source": _src(section, cursor.take(2, 5)),
        },
        {
            "id": "sdgs-partnership-platform",
            "type": "platform",
            **_named(city, labels.sdgs_partnership_platform),
            "members": [city.government, partner],
            "source": _src(section, cursor.take(2, 5)),
        },
    ]
    agreement: Record = {
        "id": "model-project-partnership-agreement",
        **_named(city, labels.model_project_partnership_agreement),
    }
    if city.chance("agreement_dated"):
        agreement["date"] = str(rng.randint(year - 8, year))
    agreement["parties"] = [city.government, partner]
    agreement["source"] = _src(section, cursor.take(1, 2))
    stakeholders = _stakeholder_records(city, partners, cursor, sections.model_project_stakeholders)
    linkable = [s["id"] for s in stakeholders]
    for record in initiatives:
        if rng.random() < 0.4:
            record["stakeholders"] = sorted(rng.sample(linkable, min(len(linkable), 2)))
    return {
        "document": document,
        "plans": plans,
        "themes": themes,
        "areas": areas,
        "policies": policies,
        "initiatives": initiatives,
        "local_goals": local_goals,
        "synergies": synergies,
        "bodies": bodies,
        "agreements": [agreement],
        "stakeholders": stakeholders,
    }


def _gates(records: Record) -> dict[str, int]:
    """Count gates for one document: every class it must yield, at the number generated."""
    counts: Counter[str] = Counter()
    kinds = {
        "direction": "LocalDirection",
        "partnership": "PartnershipArea",
        "issue-area": "IssueArea",
    }
    for area in records.get("areas", []):
        counts[kinds[area["kind"]]] += 1
    counts["KPI"] = len(records.get("kpis", []))
    counts["KpiObservation"] = 2 * counts["KPI"]
    counts["KpiBlock"] = len(records.get("kpi_blocks", []))
    inits = records.get("initiatives", [])
    counts["Initiative"] = len(inits)
    counts["Placement"] = sum(len(i["placements"]) for i in inits)
    counts["Funding"] = sum(len(i.get("funding", [])) for i in inits)
    counts["SpecificGoal"] = len(records.get("specific_goals", []))
    actions = [a for g in records.get("specific_goals", []) for a in g["actions"]]
    counts["Action"] = len(actions)
    counts["ExampleInitiative"] = sum(len(a["examples"]) for a in actions)
    for key, cls in (
        ("stakeholders", "Stakeholder"),
        ("agreements", "Agreement"),
        ("bodies", "GoverningBody"),
        ("events", "OutreachEvent"),
        ("policies", "Policy"),
        ("local_goals", "IssueAreaGoal"),
        ("themes", "PlanTheme"),
        ("synergies", "SynergyStatement"),
    ):
        counts[cls] = len(records.get(key, []))
    counts["RelatedPlan"] = sum(p["kind"] == "related-plan" for p in records.get("plans", []))
    return {cls: n for cls, n in sorted(counts.items()) if n}


def municipality_name(
    index: int, rng: random.Random, phrases: Phrasebook
) -> tuple[str, str, str, int]:
    """Id, Japanese and English name, and prefecture number of the ``index``-th municipality."""
    kinds = phrases.municipality_kinds
    kind = rng.choices(kinds, [k.weight for k in kinds])[0]
    label = phrases.labels.municipality
    number = f"{index:05d}"
    return (
        f"m{number}",
        label.ja.format(kind=kind.ja, index=number),
        label.en.format(kind=kind.en, index=number),
        rng.randint(1, PREFECTURES),
    )


def synthetic_city(
    index: int, seed: int, profile: SeedProfile, samplers: Samplers
) -> CityDocuments:
    """All records of the ``index``-th municipality (1-based).

    Each city draws from its own generator seeded by ``(seed, index)``, so city 7 is the same
    whether the corpus has 10 or 1,741 municipalities.
    """
    rng = random.Random(f"sdgkg-synth:{seed}:{index}")
    phrases = load_phrasebook()
    cid, ja, en, prefecture = municipality_name(index, rng, phrases)
    city = _City(rng, cid, ja, en, prefecture, seed, profile, samplers, phrases)
    count = max(2, city.size("directions") + rng.randint(-1, 1))
    city.directions = rng.sample(phrases.directions, min(count, len(phrases.directions)))
    has_action = city.chance("city_has_action_plan")
    has_model = city.chance("city_has_model_project")
    documents: dict[str, Record] = {}
    plan = future_city_plan(city, city.size("stakeholders_per_document"), has_action)
    documents[plan["document"]["id"]] = plan
    if has_action:
        actions = action_plan(city)
        documents[actions["document"]["id"]] = actions
    if has_model:
        model = model_project(city, city.size("stakeholders_per_document"))
        documents[model["document"]["id"]] = model
    pref = _named(city, phrases.labels.prefecture, p=f"{prefecture:02d}")
    municipality = {
        "municipality": {
            "id": cid,
            "ja": ja,
            "en": en,
            "prefecture_ja": pref["ja"],
            "prefecture_en": pref["en"],
            "government": Flow(id=city.government, **_named(city, phrases.labels.government)),
            "source": Flow(
                document=plan["document"]["id"],
                section=plan["document"]["source"]["section"],
                lines=plan["document"]["source"]["lines"],
            ),
        }
    }
    gates = {f"{cid}/{doc_id}": _gates(records) for doc_id, records in sorted(documents.items())}
    return CityDocuments(cid, municipality, dict(sorted(documents.items())), gates)
