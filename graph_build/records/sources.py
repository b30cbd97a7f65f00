"""Read a data folder: every municipality's records, checked as a whole.

``load_corpus`` collects *all* problems it finds (structure, types, references, duplicate
identifiers, malformed SDG codes, units and stakeholder types) and raises one :class:`InputError`
listing each with its file, line, record and field, so a curator fixes everything in one pass.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from graph_build.errors import InputError, Problem
from graph_build.iris import CITY_GRAPH_KINDS
from graph_build.paths import DATA_DIR, ONTOLOGY_FILE, RESOURCES_DIR
from graph_build.records.model import (
    DocumentRecords,
    Kpi,
    MunicipalityFile,
    SdgReviewFile,
    UnIndicatorLink,
)
from graph_build.records.observations import (
    OBSERVATIONS_FILE,
    MonitoredValue,
    read_kpi_observations,
)
from graph_build.records.partners import PARTNERS_FILE, PartnerRow, read_partner_registry
from graph_build.records.vocabulary import known_stakeholder_types, known_units
from graph_build.records.yaml_loader import LocatedYaml, PathKey, load_located_yaml
from graph_build.sdg.framework import GOAL_CODE, TARGET_CODE, indicator_codes

# Where a curator reads the record format; printed in full so it can be opened from any folder.
RECORD_GUIDE = DATA_DIR / "README.md"

MUNICIPALITY_FILE = "municipality.yaml"
INDICATORS_FILE = RESOURCES_DIR / "sdg_indicators.csv"
REVIEWS_FILE = "sdg-reviews.yaml"  # curators' decisions on SDG suggestions, read by suggest/
QC_FILE = "qc.yaml"  # count gates, read by graph_build.validate.count_gates
# Names a document id may not take: the municipality's own named graphs beside its documents'.
RESERVED_DOCUMENT_IDS = frozenset(kind.partition("/")[0] for kind in CITY_GRAPH_KINDS)


@dataclass
class LoadedDocument:
    """One document's records and where they came from."""

    city: str
    path: Path
    records: DocumentRecords
    located: LocatedYaml


@dataclass
class CityRecords:
    """A municipality, its documents, the KPI values it monitors (``kpi-observations.csv``) and
    its partner registry (``partners.csv``)."""

    id: str
    path: Path
    municipality: MunicipalityFile
    documents: list[LoadedDocument] = field(default_factory=list)
    observations: list[MonitoredValue] = field(default_factory=list)
    partners: list[PartnerRow] = field(default_factory=list)

    def kpis(self) -> dict[str, tuple[Kpi, LoadedDocument]]:
        """Every KPI of the municipality by id, with the first document (in file order) that
        defines it."""
        found: dict[str, tuple[Kpi, LoadedDocument]] = {}
        for doc in self.documents:
            for kpi in doc.records.kpis:
                found.setdefault(kpi.id, (kpi, doc))
        return found

    reviews: SdgReviewFile | None = None
    reviews_located: LocatedYaml | None = None


@dataclass
class Corpus:
    """Every municipality found in a data folder, in a stable order."""

    root: Path
    cities: list[CityRecords]

    def documents(self) -> Iterator[LoadedDocument]:
        """All documents of all cities, cities and files in sorted order."""
        for city in self.cities:
            yield from city.documents


def _record_name(data: Any, loc: PathKey) -> str | None:
    """The ``id`` (or label) of the record that ``loc`` points into, for messages."""
    node = data
    name: str | None = None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            for key in ("id", "ja", "ref"):
                if isinstance(node.get(key), str):
                    name = node[key]
                    break
    return name


def _validate(model: type[BaseModel], located: LocatedYaml) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            field_path = ".".join(str(p) for p in loc)
            kind = err["type"]
            hint = {
                "missing": "add this field",
                "extra_forbidden": f"remove it or check its spelling against {RECORD_GUIDE}",
                "string_pattern_mismatch": f"use the form described in {RECORD_GUIDE}",
                "literal_error": "use one of the allowed values",
            }.get(kind, f"see {RECORD_GUIDE} for the expected form")
            problems.append(
                Problem(
                    located.path,
                    err["msg"],
                    line=located.line_of(loc),
                    record=_record_name(located.data, loc),
                    field=field_path or None,
                    hint=hint,
                )
            )
        return None, problems


class _Checker:
    """Cross-record checks over a whole corpus."""

    def __init__(self) -> None:
        self.units = known_units()
        self.stakeholder_types = known_stakeholder_types()
        self.indicators = indicator_codes()
        self.problems: list[Problem] = []

    def add(
        self, doc: LoadedDocument, loc: PathKey, message: str, hint: str, record: str | None = None
    ) -> None:
        self.problems.append(
            Problem(
                doc.path,
                message,
                line=doc.located.line_of(loc),
                record=record or _record_name(doc.located.data, loc),
                field=".".join(str(p) for p in loc),
                hint=hint,
            )
        )

    def sdg_codes(self, doc: LoadedDocument, loc: PathKey, codes: Iterable[str], kind: str) -> None:
        # Only the form of a code is checked here: the emitter needs it to choose between
        # addressesGoal and addressesTarget. Whether the goal or target exists in the UN framework
        # is a rule of the graph (shapes/sdg_links.ttl), checked when the build validates it.
        pattern = TARGET_CODE if kind == "target" else GOAL_CODE
        for i, code in enumerate(codes):
            if not pattern.match(code):
                example = "11.6 or 15.c" if kind == "target" else "11"
                self.add(
                    doc,
                    (*loc, i),
                    f"'{code}' is not a UN SDG {kind} code",
                    f"write an existing {kind} code such as {example}",
                )


def _check_city(city: CityRecords, chk: _Checker, org_ids: set[str]) -> None:
    defined: dict[tuple[str, str], tuple[str, str, LoadedDocument]] = {}
    areas: set[str] = set()
    policies: set[str] = set()
    for doc in city.documents:
        rec = doc.records
        seen_here: set[tuple[str, str]] = set()
        kinds: list[tuple[str, list[Any]]] = [
            ("areas", list(rec.areas)),
            ("kpis", list(rec.kpis)),
            ("kpi_blocks", list(rec.kpi_blocks)),
            ("initiatives", list(rec.initiatives)),
            ("policies", list(rec.policies)),
            ("local_goals", list(rec.local_goals)),
            ("themes", list(rec.themes)),
            ("plans", list(rec.plans)),
            ("agreements", list(rec.agreements)),
            ("bodies", list(rec.bodies)),
            ("events", list(rec.events)),
            ("synergies", list(rec.synergies)),
            ("indicator_lists", list(rec.indicator_lists)),
            ("evaluations", list(rec.evaluations)),
            ("city_facts", list(rec.city_facts)),
            ("local_situation", list(rec.local_situation)),
            ("mechanisms", list(rec.mechanisms)),
            ("contributions", list(rec.contributions)),
        ]
        for kind, items in kinds:
            for i, item in enumerate(items):
                key = (kind, item.id)
                if key in seen_here:
                    chk.add(
                        doc,
                        (kind, i, "id"),
                        f"duplicate id '{item.id}' in {kind}",
                        "give each record its own id",
                    )
                    continue
                seen_here.add(key)
                labels = (getattr(item, "ja", ""), getattr(item, "en", ""))
                if key in defined and defined[key][:2] != labels:
                    other = defined[key][2].path.name
                    chk.add(
                        doc,
                        (kind, i, "ja"),
                        f"'{item.id}' is also defined in {other} with other labels",
                        "the same id means the same entity: make ja and en identical, "
                        "or choose another id",
                    )
                defined.setdefault(key, (*labels, doc))
        areas.update(a.id for a in rec.areas)
        policies.update(p.id for p in rec.policies)
    plans = {p.id for doc in city.documents for p in doc.records.plans}
    bodies = {b.id for doc in city.documents for b in doc.records.bodies}
    lists = {x.id for doc in city.documents for x in doc.records.indicator_lists}
    themes = {t.id for doc in city.documents for t in doc.records.themes}
    goal_keys: set[tuple[str, int]] = set()
    for doc in city.documents:
        rec = doc.records
        kpi_ids = {k.id for k in rec.kpis}
        for i, a in enumerate(rec.areas):
            chk.sdg_codes(doc, ("areas", i, "sdg_targets"), a.sdg_targets, "target")
        for i, k in enumerate(rec.kpis):
            for role in ("baseline", "target"):
                unit = getattr(k, role).unit
                if unit not in chk.units:
                    chk.add(
                        doc,
                        ("kpis", i, role, "unit"),
                        f"unknown unit '{unit}'",
                        f"use a unit defined in {ONTOLOGY_FILE} (see {RECORD_GUIDE}) "
                        "or add it there with ja and en labels",
                    )
            _check_indicator_links(doc, chk, i, k.un_indicators)
        for i, b in enumerate(rec.kpi_blocks):
            if b.target_source is not None:
                for j, plan in enumerate(b.target_source.plans):
                    if plan not in plans:
                        chk.add(
                            doc,
                            ("kpi_blocks", i, "target_source", "plans", j),
                            f"unknown plan '{plan}'",
                            "use the id of a plan under plans: of this municipality",
                        )
            chk.sdg_codes(doc, ("kpi_blocks", i, "sdg_targets"), b.sdg_targets, "target")
            chk.sdg_codes(doc, ("kpi_blocks", i, "sdg_goals"), b.sdg_goals, "goal")
            for j, area in enumerate(b.areas):
                if area not in areas:
                    chk.add(
                        doc,
                        ("kpi_blocks", i, "areas", j),
                        f"unknown area '{area}'",
                        "use the id of an area of this municipality",
                    )
            for j, kpi in enumerate(b.kpis):
                if kpi not in kpi_ids:
                    chk.add(
                        doc,
                        ("kpi_blocks", i, "kpis", j),
                        f"unknown KPI '{kpi}'",
                        "list only KPIs defined under kpis: in the same file",
                    )
        for i, ini in enumerate(rec.initiatives):
            chk.sdg_codes(doc, ("initiatives", i, "sdg_targets"), ini.sdg_targets, "target")
            placed: set[str] = set()
            for j, p in enumerate(ini.placements):
                if p.area not in areas:
                    chk.add(
                        doc,
                        ("initiatives", i, "placements", j, "area"),
                        f"unknown area '{p.area}'",
                        "use the id of an area of this municipality",
                    )
                if p.area in placed:
                    chk.add(
                        doc,
                        ("initiatives", i, "placements", j, "area"),
                        f"placed twice under '{p.area}'",
                        "keep one placement per area",
                    )
                placed.add(p.area)
            if ini.policy and ini.policy not in policies:
                chk.add(
                    doc,
                    ("initiatives", i, "policy"),
                    f"unknown policy '{ini.policy}'",
                    "use the id of a policy under policies:",
                )
            for j, s in enumerate(ini.stakeholders):
                if s not in org_ids:
                    chk.add(
                        doc,
                        ("initiatives", i, "stakeholders", j),
                        f"unknown stakeholder '{s}'",
                        "define it under stakeholders:",
                    )
        for i, g in enumerate(rec.specific_goals):
            if g.area not in areas:
                chk.add(
                    doc,
                    ("specific_goals", i, "area"),
                    f"unknown area '{g.area}'",
                    "use the id of an area of this municipality",
                )
            if (g.area, g.number) in goal_keys:
                chk.add(
                    doc,
                    ("specific_goals", i, "number"),
                    f"specific goal {g.number} of '{g.area}' appears twice",
                    "merge the two entries or fix the number",
                )
            goal_keys.add((g.area, g.number))
            numbers = [a.number for a in g.actions]
            if len(numbers) != len(set(numbers)):
                chk.add(
                    doc,
                    ("specific_goals", i, "actions"),
                    "two actions share a number",
                    "number actions ①②③… once each",
                )
        area_children = [("policies", i, p.area) for i, p in enumerate(rec.policies)] + [
            ("local_goals", i, g.area) for i, g in enumerate(rec.local_goals)
        ]
        for kind, i, area in area_children:
            if area not in areas:
                chk.add(
                    doc,
                    (kind, i, "area"),
                    f"unknown area '{area}'",
                    "use the id of an area of this municipality",
                )
        for i, agr in enumerate(rec.agreements):
            for j, party in enumerate(agr.parties):
                if party not in org_ids:
                    chk.add(
                        doc,
                        ("agreements", i, "parties", j),
                        f"unknown party '{party}'",
                        "use a stakeholder id or the municipality's government id",
                    )
            if len(set(agr.parties)) < 2:
                chk.add(
                    doc,
                    ("agreements", i, "parties"),
                    "an agreement needs two different parties",
                    "list every party once",
                )
        for i, body in enumerate(rec.bodies):
            for j, member in enumerate(body.members):
                if member not in org_ids:
                    chk.add(
                        doc,
                        ("bodies", i, "members", j),
                        f"unknown member '{member}'",
                        "use a stakeholder id or the municipality's government id",
                    )
            if body.secretariat and body.secretariat not in org_ids:
                chk.add(
                    doc,
                    ("bodies", i, "secretariat"),
                    f"unknown secretariat '{body.secretariat}'",
                    "use a stakeholder id or the municipality's government id",
                )
        _check_evaluations(doc, chk, kpi_ids, plans, bodies, lists)
        _check_plan_context(doc, chk, areas, plans, bodies, themes, org_ids)
        _check_city_facts(doc, chk)
        for i, stakeholder in enumerate(rec.stakeholders):
            if stakeholder.type not in chk.stakeholder_types:
                chk.add(
                    doc,
                    ("stakeholders", i, "type"),
                    f"unknown stakeholder type '{stakeholder.type}'",
                    f"use a type defined in {ONTOLOGY_FILE} (see {RECORD_GUIDE})",
                )
            if stakeholder.part_of and stakeholder.part_of not in org_ids:
                chk.add(
                    doc,
                    ("stakeholders", i, "part_of"),
                    f"unknown organisation '{stakeholder.part_of}'",
                    "use a stakeholder id or a government id",
                )


def _check_indicator_links(
    doc: LoadedDocument, chk: _Checker, i: int, links: list[UnIndicatorLink]
) -> None:
    """A KPI's UN indicator codes must be indicators of the project's list, each named once.

    Checked here rather than in the shapes: the emitter needs the indicator's permanent code,
    which only a known compact code gives.
    """
    seen: set[str] = set()
    for j, link in enumerate(links):
        if link.code not in chk.indicators:
            chk.add(
                doc,
                ("kpis", i, "un_indicators", j, "code"),
                f"'{link.code}' is not a UN SDG indicator code",
                f"write a compact code listed in {INDICATORS_FILE}, such as 12.5.1",
            )
        if link.code in seen:
            chk.add(
                doc,
                ("kpis", i, "un_indicators", j, "code"),
                f"indicator '{link.code}' is mapped twice",
                "keep one mapping per indicator",
            )
        seen.add(link.code)


def _check_evaluations(
    doc: LoadedDocument,
    chk: _Checker,
    kpi_ids: set[str],
    plans: set[str],
    bodies: set[str],
    lists: set[str],
) -> None:
    """Evaluations refer to bodies, KPIs, plans and indicator lists of their municipality."""
    for i, ev in enumerate(doc.records.evaluations):
        refs = [
            ("evaluated_by", ev.evaluated_by, bodies, "body", "bodies"),
            ("kpis", ev.kpis, kpi_ids, "KPI", "kpis: in the same file"),
            ("indicator_lists", ev.indicator_lists, lists, "indicator list", "indicator_lists"),
        ]
        for name, values, known, what, where in refs:
            for j, value in enumerate(values):
                if value not in known:
                    chk.add(
                        doc,
                        ("evaluations", i, name, j),
                        f"unknown {what} '{value}'",
                        f"use the id of one defined under {where}",
                    )
        if ev.evaluates and ev.evaluates not in plans:
            chk.add(
                doc,
                ("evaluations", i, "evaluates"),
                f"unknown plan '{ev.evaluates}'",
                "use the id of a plan under plans: of this municipality",
            )
        if ev.all_kpis and not kpi_ids:
            chk.add(
                doc,
                ("evaluations", i, "all_kpis"),
                "all_kpis is set but this document defines no KPI",
                "remove all_kpis, or move the record to the document that defines the KPIs",
            )
        if (ev.frequency_ja is None) != (ev.frequency_en is None):
            chk.add(
                doc,
                ("evaluations", i, "frequency_ja" if ev.frequency_ja is None else "frequency_en"),
                "a frequency needs both a Japanese and an English text",
                "give frequency_ja and frequency_en together",
            )


def _check_plan_context(
    doc: LoadedDocument,
    chk: _Checker,
    areas: set[str],
    plans: set[str],
    bodies: set[str],
    themes: set[str],
    org_ids: set[str],
) -> None:
    """Local situation items, mechanisms and contributions refer to records of their
    municipality (stakeholders: of any municipality)."""
    known = {
        "areas": (areas, "area", "areas"),
        "plans": (plans, "plan", "plans"),
        "bodies": (bodies, "body", "bodies"),
        "themes": (themes, "theme", "themes"),
        "stakeholders": (org_ids, "organisation", "stakeholders (or the government id)"),
    }
    rec = doc.records
    kinds: list[tuple[str, list[Any]]] = [
        ("local_situation", list(rec.local_situation)),
        ("mechanisms", list(rec.mechanisms)),
        ("contributions", list(rec.contributions)),
    ]
    joint: set[str] = set()
    for i, body in enumerate(rec.bodies):
        for j, project in enumerate(body.joint_projects):
            if project.id in joint:
                chk.add(
                    doc,
                    ("bodies", i, "joint_projects", j, "id"),
                    f"duplicate joint project id '{project.id}'",
                    "give each joint project its own id",
                )
            joint.add(project.id)
    for kind, items in kinds:
        for i, item in enumerate(items):
            for name, (ids, what, where) in known.items():
                for j, value in enumerate(getattr(item, name, [])):
                    if value not in ids:
                        chk.add(
                            doc,
                            (kind, i, name, j),
                            f"unknown {what} '{value}'",
                            f"use the id of one defined under {where} of this municipality",
                        )


def _check_city_facts(doc: LoadedDocument, chk: _Checker) -> None:
    """A measured fact has a value and a known unit; a change names the year it compares with."""
    for i, fact in enumerate(doc.records.city_facts):
        if (fact.value is None) != (fact.unit is None):
            chk.add(
                doc,
                ("city_facts", i, "value" if fact.value is None else "unit"),
                "a value needs a unit and a unit a value",
                "give value and unit together, or neither for a dated event",
            )
        if fact.unit is not None and fact.unit not in chk.units:
            chk.add(
                doc,
                ("city_facts", i, "unit"),
                f"unknown unit '{fact.unit}'",
                f"use a unit defined in {ONTOLOGY_FILE} (see {RECORD_GUIDE})",
            )
        if fact.kind == "population-change" and (
            fact.year is None
            or fact.compared_with_year is None
            or fact.compared_with_year >= fact.year
        ):
            chk.add(
                doc,
                ("city_facts", i, "compared_with_year"),
                "a population change needs its year and the earlier year it is compared with",
                "set year, and compared_with_year to a year before it",
            )
        if (fact.survey_ja is None) != (fact.survey_en is None):
            chk.add(
                doc,
                ("city_facts", i, "survey_ja" if fact.survey_ja is None else "survey_en"),
                "a survey needs both its Japanese name and an English label",
                "give survey_ja and survey_en together",
            )


def _check_stakeholders(corpus: Corpus, chk: _Checker) -> set[str]:
    """Stakeholder ids are global: the same id must carry the same labels and type everywhere."""
    seen: dict[str, tuple[str, str, str, Path]] = {}
    ids: set[str] = set()
    for city in corpus.cities:
        gov = city.municipality.municipality.government
        ids.add(gov.id)
        for doc in city.documents:
            local: set[str] = set()
            for i, s in enumerate(doc.records.stakeholders):
                if s.id in local:
                    chk.add(
                        doc,
                        ("stakeholders", i, "id"),
                        f"duplicate id '{s.id}' in stakeholders",
                        "give each stakeholder its own id",
                    )
                local.add(s.id)
                if s.id in seen and seen[s.id][:3] != (s.ja, s.en, s.type):
                    chk.add(
                        doc,
                        ("stakeholders", i, "id"),
                        f"stakeholder '{s.id}' is also defined in {seen[s.id][3]} with other "
                        "labels or type",
                        "the same id means the same organisation: make ja, en and type "
                        "identical, or choose another id",
                    )
                seen.setdefault(s.id, (s.ja, s.en, s.type, doc.path))
                ids.add(s.id)
    return ids


def _check_partner_ids(corpus: Corpus, chk: _Checker) -> None:
    """A registered id that names a stakeholder of the records (or a registration of another
    municipality) must carry the same labels and type: one id, one organisation."""
    known: dict[str, tuple[str, str, str, str]] = {}
    for city in corpus.cities:
        for doc in city.documents:
            for s in doc.records.stakeholders:
                known.setdefault(s.id, (s.ja, s.en, s.type, str(doc.path)))
    for city in corpus.cities:
        path = city.path / PARTNERS_FILE
        for row in city.partners:
            if row.id in known and known[row.id][:3] != (row.ja, row.en, row.type):
                ja, en, kind, where = known[row.id]
                chk.problems.append(
                    Problem(
                        path,
                        f"stakeholder '{row.id}' is defined in {where} as {ja} / {en} ({kind})",
                        line=row.line,
                        record=row.id,
                        field="id",
                        hint="the same id means the same organisation: copy its ja, en and "
                        "type, or choose another id",
                    )
                )
            known.setdefault(row.id, (row.ja, row.en, row.type, f"{path}:{row.line}"))


def _load_city(folder: Path, problems: list[Problem]) -> CityRecords | None:
    muni_path = folder / MUNICIPALITY_FILE
    if not muni_path.exists():
        problems.append(
            Problem(
                folder,
                f"no {MUNICIPALITY_FILE} in this municipality folder",
                hint=f"add {MUNICIPALITY_FILE} (see {RECORD_GUIDE})",
            )
        )
        return None
    try:
        located = load_located_yaml(muni_path)
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    muni, found = _validate(MunicipalityFile, located)
    problems.extend(found)
    if muni is None:
        return None
    if muni.municipality.id != folder.name:
        problems.append(
            Problem(
                muni_path,
                f"municipality id '{muni.municipality.id}' differs from "
                f"its folder name '{folder.name}'",
                line=located.line_of(("municipality", "id")),
                field="municipality.id",
                hint="rename the folder or the id so that they match",
            )
        )
    city = CityRecords(folder.name, folder, muni)
    unreadable = 0
    for path in sorted(folder.glob("*.yaml")):
        if path.name == REVIEWS_FILE:
            _load_reviews(city, path, problems)
            continue
        if path.name == MUNICIPALITY_FILE:
            continue
        try:
            doc_located = load_located_yaml(path)
        except InputError as exc:
            problems.extend(exc.problems)
            unreadable += 1
            continue
        records, found = _validate(DocumentRecords, doc_located)
        problems.extend(found)
        if records is not None:
            city.documents.append(LoadedDocument(folder.name, path, records, doc_located))
        else:
            unreadable += 1
    doc_ids = [d.records.document.id for d in city.documents]
    for doc in city.documents:
        if doc.records.document.id in RESERVED_DOCUMENT_IDS:
            problems.append(
                Problem(
                    doc.path,
                    f"document id '{doc.records.document.id}' is taken by the municipality's "
                    "graphs of monitored KPI values, of its partner registry or of computed "
                    f"figures ({', '.join(sorted(RESERVED_DOCUMENT_IDS))})",
                    field="document.id",
                    line=doc.located.line_of(("document", "id")),
                    hint="choose another document id",
                )
            )
    observations_path = folder / OBSERVATIONS_FILE
    if observations_path.is_file():
        # Without every document the KPI ids cannot be checked; the unreadable one is reported.
        kpis = None if unreadable else {k: kpi for k, (kpi, _) in city.kpis().items()}
        city.observations, found = read_kpi_observations(observations_path, folder.name, kpis)
        problems.extend(found)
    partners_path = folder / PARTNERS_FILE
    if partners_path.is_file():
        city.partners, found = read_partner_registry(partners_path)
        problems.extend(found)
    for doc in city.documents:
        if doc_ids.count(doc.records.document.id) > 1:
            problems.append(
                Problem(
                    doc.path,
                    f"document id '{doc.records.document.id}' is used by two files",
                    field="document.id",
                    line=doc.located.line_of(("document", "id")),
                    hint="give every document its own id",
                )
            )
    src_doc = muni.municipality.source.document
    # A document that failed to load is already reported; do not blame the municipality for it.
    if not unreadable and (src_doc is None or src_doc not in doc_ids):
        problems.append(
            Problem(
                muni_path,
                f"source.document '{src_doc}' is not a document of this municipality",
                field="municipality.source.document",
                line=located.line_of(("municipality", "source")),
                hint="name the id of one of the document files in this folder",
            )
        )
    return city


def _load_reviews(city: CityRecords, path: Path, problems: list[Problem]) -> None:
    """Read ``sdg-reviews.yaml``; what it names is checked by the suggestion stage."""
    try:
        located = load_located_yaml(path)
    except InputError as exc:
        problems.extend(exc.problems)
        return
    reviews, found = _validate(SdgReviewFile, located)
    problems.extend(found)
    city.reviews, city.reviews_located = reviews, located


def city_folders(root: Path) -> tuple[list[Path], list[Problem]]:
    """Municipality folders under ``root`` in graph order, and problems with the folder itself.

    Graph order sorts ``id + "/"``: a city's graphs are named ``graph/<id>/<document>``, so
    ``a-b`` comes before ``a`` there, and output written in this order is sorted by graph name.
    """
    problems: list[Problem] = []
    if not root.is_dir():
        raise InputError(
            [
                Problem(
                    root,
                    "data folder not found",
                    hint="pass --data with a folder of municipality records",
                )
            ]
        )
    try:
        entries = sorted(root.iterdir())
    except OSError as exc:
        raise InputError(
            [Problem(root, f"cannot read the data folder: {exc.strerror or exc}")]
        ) from exc
    folders = []
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_symlink() and not entry.exists():
            # A municipality that vanished behind a dangling link must not shrink the graph
            # silently.
            problems.append(
                Problem(
                    entry,
                    "broken symbolic link: its target does not exist",
                    hint="point the link at the municipality folder, or remove it",
                )
            )
            continue
        if not entry.is_dir():
            continue
        try:
            next(entry.iterdir(), None)
        except OSError as exc:
            problems.append(
                Problem(
                    entry,
                    f"cannot read this municipality folder: {exc.strerror or exc}",
                    hint="make it readable (check its permissions), or move it out of the data "
                    "folder",
                )
            )
            continue
        folders.append(entry)
    folders.sort(key=lambda p: p.name + "/")
    stray = sorted(p for p in root.glob("*.yaml") if p.name != QC_FILE)
    for path in stray:
        problems.append(
            Problem(
                path,
                "record files belong in a municipality folder",
                hint="move it into data/<municipality>/",
            )
        )
    return folders, problems


def load_city(folder: Path) -> tuple[CityRecords | None, list[Problem]]:
    """Read one municipality folder; the records (if readable) and the problems found."""
    problems: list[Problem] = []
    city = _load_city(folder, problems)
    return city, problems


def check_corpus(
    root: Path,
    cities: list[CityRecords],
    problems: list[Problem],
) -> Corpus:
    """Cross-check the municipalities read from ``root``; raise with every problem found."""
    if not cities and not problems:
        problems.append(
            Problem(
                root,
                "no municipality folders found",
                hint="add data/<municipality>/municipality.yaml and document files",
            )
        )
    corpus = Corpus(root, cities)
    if not problems:
        chk = _Checker()
        org_ids = _check_stakeholders(corpus, chk)
        for city in cities:
            _check_city(city, chk, org_ids)
        _check_partner_ids(corpus, chk)
        problems.extend(chk.problems)
    if problems:
        raise InputError(problems)
    return corpus


def load_corpus(root: Path) -> Corpus:
    """Load and check every municipality folder under ``root``; raise on any problem."""
    folders, problems = city_folders(root)
    cities = [c for c in (_load_city(f, problems) for f in folders) if c is not None]
    return check_corpus(root, cities, problems)


def main(argv: list[str] | None = None) -> int:
    """``python -m graph_build.records.sources DIR``: check a data folder and report problems."""
    args = argv if argv is not None else sys.argv[1:]
    root = Path(args[0]) if args else Path("data")
    try:
        corpus = load_corpus(root)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    for city in corpus.cities:
        for doc in city.documents:
            print(f"{doc.path}: ok")
        if city.observations:
            print(f"{city.path / OBSERVATIONS_FILE}: ok ({len(city.observations)} values)")
        if city.partners:
            print(f"{city.path / PARTNERS_FILE}: ok ({len(city.partners)} registrations)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
