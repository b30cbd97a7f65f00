"""The generic phrases synthetic plans are written from, read from ``graph_build/synth/phrases/``.

Every phrase there is written for the generator in plain, generic Japanese with an English label
beside it; none is taken from a real plan. :mod:`graph_build.synth.documents` combines them into
labels such as 「食品ロス削減の推進」 / "Promoting food loss reduction". Flat tables are CSV, nested
ones YAML; :func:`load_phrasebook` reads them once and checks every entry, so a malformed file
fails with its name, line or entry, and the field at fault.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from graph_build.errors import InputError, Problem
from graph_build.paths import SYNTH_PHRASES_DIR

T = TypeVar("T")
Text = Annotated[str, StringConstraints(min_length=1)]
Some = Annotated[tuple[T, ...], Field(min_length=1)]  # the generator draws from it: never empty
_README = SYNTH_PHRASES_DIR / "README.md"
_HINT = f"correct the entry; {_README} describes each file"


class _Entry(BaseModel):
    """One row or entry of a phrase file: every field required, no unknown field."""

    model_config = ConfigDict(extra="forbid", frozen=True)


E = TypeVar("E", bound=_Entry)


class Labels(_Entry):
    """A Japanese phrase and its English counterpart."""

    ja: Text
    en: Text


class Direction(_Entry):
    """A local direction (方向性): short name, long form, English label."""

    theme: Text
    ja: Text
    alt_ja: Text
    en: Text


class Topic(_Entry):
    """A field of work: a Japanese compound noun, an English noun phrase and an id slug."""

    theme: Text
    ja: Text
    en: Text
    slug: Text


class Pattern(_Entry):
    """A phrase with a ``{t}`` slot for a topic, in Japanese and English, and an id suffix."""

    ja: Text
    en: Text
    slug: Text


class KpiKind(_Entry):
    """A KPI: labels, unit code, baseline range, multiplier, desired direction, decimals."""

    theme: Text
    slug: Text
    ja: Text
    en: Text
    unit: Text
    low: float
    high: float
    multiplier: int
    direction: Literal["increase", "decrease", "maintain"]
    cumulative: bool
    decimals: int


class StakeholderKind(_Entry):
    """A stakeholder a city names: type code, labels with ``{c}`` or ``{p}``, role."""

    slug: Text
    type: Text
    ja: Text
    en: Text
    role_ja: Text
    role_en: Text


class PartnerKind(_Entry):
    """A kind of numbered partner: type code and the label a number is appended to."""

    type: Text
    ja: Text
    en: Text


class Named(_Entry):
    """A named thing with labels; ``{c}`` in the labels is the city's name."""

    slug: Text
    ja: Text
    en: Text


class Event(_Entry):
    """An outreach event and its audience; ``{c}`` in the labels is the city's name."""

    slug: Text
    audience: Literal["local", "domestic", "overseas"]
    ja: Text
    en: Text


class PlanTheme(_Entry):
    """A theme or engine of a model project's vision, with its keyword."""

    kind: Literal["theme", "engine"]
    keyword: Text
    ja: Text
    en: Text


class MunicipalityKind(_Entry):
    """市 / 町 / 村 with its English word and its rough national share."""

    ja: Text
    en: Text
    weight: int


class AgreementKind(_Entry):
    """The agreement a city signs with a stakeholder of a type; ``{s}`` is its English name."""

    stakeholder_type: Text
    ja: Text
    en: Text


DocumentKindName = Literal["sdgs-future-city-plan", "sdgs-action-plan", "sdgs-model-project"]


class DocumentKind(_Entry):
    """A kind of synthetic document: the suffix of its id and its title."""

    kind: DocumentKindName
    id_suffix: Text
    ja: Text
    en: Text


class Aspect(_Entry):
    """A Future City aspect and its Japanese name."""

    aspect: Text
    ja: Text


class ThemeAspect(_Entry):
    """A theme and the aspect it belongs to."""

    theme: Text
    aspect: Text


class Patterns(_Entry):
    """``patterns.yaml``: phrase patterns for each kind of label."""

    initiative: Some[Pattern]
    model_project: Pattern
    specific_goal: Some[Pattern]
    action: Some[Pattern]
    example: Some[Pattern]
    policy: Some[Pattern]


class Stakeholders(_Entry):
    """``stakeholders.yaml``: local, prefecture and national stakeholders, partners, roles."""

    local: Some[StakeholderKind]
    planning_division: StakeholderKind
    prefecture: Some[StakeholderKind]
    national: Some[StakeholderKind]
    sister_city_countries: Some[Text]
    partners: Some[PartnerKind]
    partner_role: Labels
    sister_city_role: Labels


class Synergy(_Entry):
    """Synergy statements between two aspects."""

    dimensions: tuple[Text, Text]
    statements: Some[Labels]


class ModelProject(_Entry):
    """``model_project.yaml``: issue areas and goals per aspect, synergies per pair of aspects."""

    issue_areas: dict[str, Some[Labels]]
    local_goals: dict[str, Some[Labels]]
    synergies: Some[Synergy]


class RecordLabels(_Entry):
    """Labels of single records (bodies, plans, agreements, names) in ``labels.yaml``."""

    document_title: Labels
    document_description: Labels
    municipality: Labels
    prefecture: Labels
    government: Labels
    planning_division: Labels
    partnership_area: Labels
    relisted_example: Labels
    sdgs_action_plan: Labels
    sdgs_promotion_headquarters: Labels
    sdgs_promotion_council: Labels
    sdgs_partners_platform: Labels
    sdgs_residents_meeting: Labels
    sister_city: Labels
    sister_city_affiliation: Labels
    vision_2030: Labels
    sdgs_ordinance: Labels
    basic_concept: Labels
    sdgs_implementation_headquarters: Labels
    sdgs_partnership_platform: Labels
    model_project_partnership_agreement: Labels


class Sections(_Entry):
    """Headings of the imaginary seed text that sources point into, in ``labels.yaml``."""

    cover: Text
    directions: Text
    priority_kpis: Text
    direction_initiatives: Text
    outreach: Text
    related_plans: Text
    governance: Text
    stakeholders: Text
    action_plan_area: Text
    vision: Text
    plan_themes: Text
    issue_area: Text
    issue_area_goal: Text
    synergies: Text
    model_project_governance: Text
    model_project_stakeholders: Text


class SingleLabels(_Entry):
    """``labels.yaml``: labels of single records and section headings."""

    records: RecordLabels
    sections: Sections


@dataclass(frozen=True)
class Phrasebook:
    """Every phrase table of the generator, in file order (the order random draws depend on)."""

    aspects: dict[str, str]  # aspect → Japanese name, e.g. economy → 経済
    theme_aspects: dict[str, str]  # theme → aspect
    directions: tuple[Direction, ...]
    topics: tuple[Topic, ...]
    kpi_kinds: tuple[KpiKind, ...]
    patterns: Patterns
    stakeholders: Stakeholders
    agreements: dict[str, AgreementKind]  # stakeholder type → agreement
    related_plans: tuple[Named, ...]
    events: tuple[Event, ...]
    funding_programmes: tuple[Labels, ...]
    plan_themes: tuple[PlanTheme, ...]
    model_project: ModelProject
    municipality_kinds: tuple[MunicipalityKind, ...]
    documents: dict[str, DocumentKind]  # document kind → id suffix and title
    labels: RecordLabels
    sections: Sections

    def topics_of(self, themes: Iterable[str] | None) -> list[Topic]:
        """Topics of the given themes (all topics for ``None``), in file order."""
        if themes is None:
            return list(self.topics)
        wanted = set(themes)
        return [t for t in self.topics if t.theme in wanted]

    def themes_of(self, aspect: str) -> list[str]:
        """Themes of one aspect, in file order."""
        return [t for t, a in self.theme_aspects.items() if a == aspect]


def _problems(path: Path, exc: ValidationError, line: int | None = None) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        problems.append(
            Problem(
                path,
                error["msg"],
                line=line,
                record=".".join(loc[:-1]) or None,
                field=loc[-1] if loc else None,
                hint=_HINT,
            )
        )
    return problems


def _missing(path: Path, problems: list[Problem]) -> bool:
    if path.is_file():
        return False
    problems.append(Problem(path, "phrase file missing", hint=f"restore it; {_README} lists them"))
    return True


def _read_csv(path: Path, model: type[E], problems: list[Problem]) -> tuple[E, ...]:
    """Rows of a CSV file whose header names exactly the fields of ``model``."""
    if _missing(path, problems):
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    columns = list(model.model_fields)
    if not rows or rows[0] != columns:
        header = ",".join(rows[0]) if rows else "nothing"
        problems.append(
            Problem(path, f"header is {header}", line=1, hint=f"use {','.join(columns)}")
        )
        return ()
    entries = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue  # a blank line
        if len(row) != len(columns):
            problems.append(
                Problem(
                    path,
                    f"{len(row)} cells where the header has {len(columns)}",
                    line=line,
                    hint="quote cells that contain a comma",
                )
            )
            continue
        try:
            entries.append(model.model_validate(dict(zip(columns, row, strict=True))))
        except ValidationError as exc:
            problems += _problems(path, exc, line)
    if not any(rows[1:]):
        problems.append(Problem(path, "no rows below the header", hint=_HINT))
    return tuple(entries)


def _read_yaml(path: Path, model: type[E], problems: list[Problem]) -> E | None:
    """The content of a YAML file as ``model``, or ``None`` after adding its problems."""
    if _missing(path, problems):
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(Problem(path, f"not valid YAML: {exc}", hint=_HINT))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems += _problems(path, exc)
        return None


def _duplicates(path: Path, keys: Sequence[str]) -> list[Problem]:
    """Keys that name more than one row or entry (random draws and lookups need them unique)."""
    return [
        Problem(path, "used by more than one row", record=key, hint=_HINT)
        for key in sorted({k for k in keys if keys.count(k) > 1})
    ]


def _cross_check(folder: Path, book: Phrasebook) -> list[Problem]:
    """References between files resolve, and what the generator draws from is never empty."""
    problems: list[Problem] = []

    def need(ok: bool, file: str, record: str, message: str) -> None:
        if not ok:
            problems.append(Problem(folder / file, message, record=record, hint=_HINT))

    def unique(file: str, keys: Sequence[str]) -> None:
        problems.extend(_duplicates(folder / file, keys))

    aspects = set(book.aspects)
    for kind in get_args(DocumentKindName):
        need(kind in book.documents, "documents.csv", kind, "no row for this document kind")
    for theme, aspect in book.theme_aspects.items():
        need(aspect in aspects, "themes.csv", theme, f"unknown aspect {aspect!r}")
    for theme in book.theme_aspects:
        need(any(t.theme == theme for t in book.topics), "topics.csv", theme, "theme has no topic")
    themed: list[tuple[str, Iterable[Direction | Topic | KpiKind]]] = [
        ("directions.csv", book.directions),
        ("topics.csv", book.topics),
        ("kpi_kinds.csv", book.kpi_kinds),
    ]
    for file, entries in themed:
        for entry in entries:
            need(entry.theme in book.theme_aspects, file, entry.theme, "unknown theme")
    unique("topics.csv", [t.slug for t in book.topics])
    unique("kpi_kinds.csv", [k.slug for k in book.kpi_kinds])
    unique("events.csv", [e.slug for e in book.events])
    unique("related_plans.csv", [p.slug for p in book.related_plans])
    sh = book.stakeholders
    unique("stakeholders.yaml", [s.slug for s in (*sh.local, *sh.prefecture, *sh.national)])
    mp = book.model_project
    for aspect in [*book.aspects, "integrated"]:
        has_area = bool(mp.issue_areas.get(aspect))
        need(has_area, "model_project.yaml", "issue_areas", f"no issue area for {aspect!r}")
    for key in [*mp.issue_areas, *mp.local_goals]:
        known = key in aspects or key == "integrated"
        need(known, "model_project.yaml", key, "unknown aspect")
    for synergy in mp.synergies:
        for aspect in synergy.dimensions:
            need(aspect in aspects, "model_project.yaml", "synergies", f"unknown aspect {aspect}")
    return problems


@cache
def load_phrasebook(folder: Path = SYNTH_PHRASES_DIR) -> Phrasebook:
    """Read and check every phrase file in ``folder``; raise :class:`InputError` naming each fault.

    Cached, so the files are read once however many cities are generated.
    """
    problems: list[Problem] = []

    def table(name: str, model: type[E]) -> tuple[E, ...]:
        return _read_csv(folder / name, model, problems)

    def nested(name: str, model: type[E]) -> E | None:
        return _read_yaml(folder / name, model, problems)

    aspects = table("aspects.csv", Aspect)
    themes = table("themes.csv", ThemeAspect)
    agreements = table("agreements.csv", AgreementKind)
    directions = table("directions.csv", Direction)
    topics = table("topics.csv", Topic)
    kpi_kinds = table("kpi_kinds.csv", KpiKind)
    related_plans = table("related_plans.csv", Named)
    events = table("events.csv", Event)
    funding_programmes = table("funding_programmes.csv", Labels)
    plan_themes = table("plan_themes.csv", PlanTheme)
    municipality_kinds = table("municipality_kinds.csv", MunicipalityKind)
    documents = table("documents.csv", DocumentKind)
    patterns = nested("patterns.yaml", Patterns)
    stakeholders = nested("stakeholders.yaml", Stakeholders)
    model_project = nested("model_project.yaml", ModelProject)
    single = nested("labels.yaml", SingleLabels)
    # These tables become lookups: a repeated key would silently hide a row.
    problems += _duplicates(folder / "aspects.csv", [a.aspect for a in aspects])
    problems += _duplicates(folder / "themes.csv", [t.theme for t in themes])
    problems += _duplicates(folder / "agreements.csv", [a.stakeholder_type for a in agreements])
    problems += _duplicates(folder / "documents.csv", [d.kind for d in documents])
    # A YAML file that failed leaves None behind (and a problem); stop before cross-checking.
    if (
        problems
        or patterns is None
        or stakeholders is None
        or model_project is None
        or single is None
    ):
        raise InputError(problems)
    book = Phrasebook(
        aspects={a.aspect: a.ja for a in aspects},
        theme_aspects={t.theme: t.aspect for t in themes},
        directions=directions,
        topics=topics,
        kpi_kinds=kpi_kinds,
        patterns=patterns,
        stakeholders=stakeholders,
        agreements={a.stakeholder_type: a for a in agreements},
        related_plans=related_plans,
        events=events,
        funding_programmes=funding_programmes,
        plan_themes=plan_themes,
        model_project=model_project,
        municipality_kinds=municipality_kinds,
        documents={d.kind: d for d in documents},
        labels=single.records,
        sections=single.sections,
    )
    problems = _cross_check(folder, book)
    if problems:
        raise InputError(problems)
    return book
