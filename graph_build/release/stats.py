"""``sdgkg stats``: what a release contains, and how it differs from an earlier release.

Counts are read from the release's own N-Quads dump, so any release folder can be described or
compared, including one downloaded from elsewhere. An entity is an IRI that is the subject of a
statement; two releases differ in an entity when the set of its statements (with their graphs)
differs. The dataset description graph is left out: its counts change with everything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph_build.errors import SdgkgError
from graph_build.namespaces import ID, RDF, RDFS, SDGKG
from graph_build.paths import RELEASE_DIR
from graph_build.release.folder import DUMP_STEM, read_release_quads
from graph_build.release.rdf_syntaxes import RELEASE_PREFIXES
from graph_build.release.void_dcat import DESCRIPTION_GRAPH

RDF_TYPE = ox.NamedNode(str(RDF.type))
RDFS_LABEL = ox.NamedNode(str(RDFS.label))
MUNICIPALITY = ox.NamedNode(str(SDGKG.Municipality))


def compact(iri: str) -> str:
    """``sdgkg:KPI`` for a class IRI in a known namespace."""
    for prefix, ns in sorted(RELEASE_PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


@dataclass
class ReleaseStats:
    """What one release holds: per graph, per class, per city, and each entity's statements."""

    folder: Path
    triples_per_graph: dict[str, int]
    entities_per_graph: dict[str, int]
    entities_per_class: dict[str, int]
    cities: dict[str, dict[str, str]]
    entities_per_city: dict[str, dict[str, int]]
    statements: dict[str, frozenset[str]] = field(repr=False)
    classes: dict[str, tuple[str, ...]] = field(repr=False)

    @property
    def total_quads(self) -> int:
        """Statements over all named graphs."""
        return sum(self.triples_per_graph.values())


def find_release(folder: Path) -> Path:
    """``folder/release`` of a build folder, or ``folder`` itself; explain if neither is."""
    # A build folder also holds sdgkg.nq at its top, so look for its release folder first.
    for candidate in (folder / RELEASE_DIR, folder):
        if (candidate / f"{DUMP_STEM}.nq").is_file() or (
            candidate / f"{DUMP_STEM}.nq.gz"
        ).is_file():
            return candidate
    raise SdgkgError(
        f"no release in {folder}: expected {DUMP_STEM}.nq (or .nq.gz) there or in "
        f"{folder / RELEASE_DIR}; run 'sdgkg build' first or pass the release folder / "
        f"{folder} にリリースがありません。先に 'sdgkg build' を実行してください"
    )


def _city_of(iri: str, cities: set[str]) -> str | None:
    if not iri.startswith(str(ID)):
        return None
    head = iri[len(str(ID)) :].split("/", 1)[0]
    return head if head in cities else None


def read_release(folder: Path) -> ReleaseStats:
    """Count the release in ``folder`` (a release folder or a build folder holding one)."""
    release = find_release(folder)
    description = ox.NamedNode(str(DESCRIPTION_GRAPH))
    quads = [q for q in read_release_quads(release) if q.graph_name != description]
    triples_per_graph: Counter[str] = Counter()
    subjects_per_graph: dict[str, set[str]] = defaultdict(set)
    statements: dict[str, set[str]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for quad in quads:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        triples_per_graph[graph] += 1
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        subject = quad.subject.value
        subjects_per_graph[graph].add(subject)
        statements[subject].add(f"{quad.predicate} {quad.object} {quad.graph_name}")
        if quad.predicate == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            classes[subject].add(quad.object.value)
        if quad.predicate == RDFS_LABEL and isinstance(quad.object, ox.Literal):
            labels[subject].setdefault(quad.object.language or "", quad.object.value)
    city_iris = sorted(s for s, cls in classes.items() if str(SDGKG.Municipality) in cls)
    cities = {iri[len(str(ID)) :]: labels.get(iri, {}) for iri in city_iris}
    per_class: Counter[str] = Counter()
    per_city: dict[str, Counter[str]] = {city: Counter() for city in cities}
    for subject, subject_classes in classes.items():
        city = _city_of(subject, set(cities))
        for cls in subject_classes:
            per_class[cls] += 1
            if city is not None:
                per_city[city][cls] += 1
    return ReleaseStats(
        folder=release,
        triples_per_graph=dict(sorted(triples_per_graph.items())),
        entities_per_graph={g: len(s) for g, s in sorted(subjects_per_graph.items())},
        entities_per_class=dict(sorted(per_class.items())),
        cities=cities,
        entities_per_city={c: dict(sorted(n.items())) for c, n in sorted(per_city.items())},
        statements={s: frozenset(v) for s, v in statements.items()},
        classes={s: tuple(sorted(v)) for s, v in classes.items()},
    )


@dataclass
class ReleaseDiff:
    """Entities added, removed and changed between an earlier release and this one."""

    added: list[str]
    removed: list[str]
    changed: list[str]
    per_class: dict[str, dict[str, int]]

    @property
    def unchanged(self) -> bool:
        """Whether the two releases hold the same entities with the same statements."""
        return not (self.added or self.removed or self.changed)


def diff_releases(new: ReleaseStats, old: ReleaseStats) -> ReleaseDiff:
    """Compare ``new`` with ``old``, entity by entity."""
    added = sorted(set(new.statements) - set(old.statements))
    removed = sorted(set(old.statements) - set(new.statements))
    changed = sorted(
        s
        for s in set(new.statements) & set(old.statements)
        if new.statements[s] != old.statements[s]
    )
    per_class: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, iris, source in (
        ("added", added, new),
        ("removed", removed, old),
        ("changed", changed, new),
    ):
        for iri in iris:
            for cls in source.classes.get(iri, ("(untyped)",)):
                per_class[cls][kind] += 1
    table = {
        cls: {k: counts.get(k, 0) for k in ("added", "removed", "changed")}
        for cls, counts in sorted(per_class.items())
    }
    return ReleaseDiff(added, removed, changed, table)


def stats_json(stats: ReleaseStats, diff: ReleaseDiff | None = None) -> dict[str, Any]:
    """The statistics (and the difference, if any) as plain JSON-ready data."""
    data: dict[str, Any] = {
        "release": str(stats.folder),
        "triples_per_graph": stats.triples_per_graph,
        "entities_per_graph": stats.entities_per_graph,
        "entities_per_class": stats.entities_per_class,
        "cities": stats.cities,
        "entities_per_city": stats.entities_per_city,
    }
    if diff is not None:
        data["changes"] = {
            "added": diff.added,
            "removed": diff.removed,
            "changed": diff.changed,
            "per_class": diff.per_class,
        }
    return data


def format_stats(stats: ReleaseStats, diff: ReleaseDiff | None = None, limit: int = 20) -> str:
    """A plain-text report, headings in English and Japanese; ``limit`` IRIs listed per change."""
    out = [f"release / リリース: {stats.folder}"]
    entities = len(stats.statements)
    out.append(f"statements / 文の数: {stats.total_quads}, entities / エンティティ数: {entities}")
    out.append("")
    out.append("per graph / グラフ別 (statements, entities):")
    for graph, n in stats.triples_per_graph.items():
        out.append(f"  {n:>7} {stats.entities_per_graph.get(graph, 0):>7}  {graph}")
    out.append("")
    out.append("per class / クラス別 (entities):")
    for cls, n in stats.entities_per_class.items():
        out.append(f"  {n:>7}  {compact(cls)}")
    for city, counts in stats.entities_per_city.items():
        names = stats.cities.get(city, {})
        label = " / ".join(names[lang] for lang in ("ja", "en") if lang in names)
        out.append("")
        out.append(f"city / 自治体: {city} ({label}): {sum(counts.values())} typed entities")
        for cls, n in counts.items():
            if cls.startswith(str(SDGKG)):
                out.append(f"  {n:>7}  {compact(cls)}")
    if diff is not None:
        out.append("")
        out.append(
            f"changes / 差分: {len(diff.added)} added / 追加, {len(diff.removed)} removed / 削除, "
            f"{len(diff.changed)} changed / 変更"
        )
        for cls, counts in diff.per_class.items():
            added, removed, changed = counts["added"], counts["removed"], counts["changed"]
            out.append(f"  +{added:<5} -{removed:<5} ~{changed:<5} {compact(cls)}")
        for mark, iris in (("+", diff.added), ("-", diff.removed), ("~", diff.changed)):
            for iri in iris[:limit]:
                out.append(f"  {mark} {iri}")
            if len(iris) > limit:
                out.append(f"  {mark} … {len(iris) - limit} more / ほか {len(iris) - limit} 件")
    return "\n".join(out) + "\n"


def format_changelog(
    new: ReleaseStats, old: ReleaseStats, diff: ReleaseDiff, limit: int = 50
) -> str:
    """``CHANGELOG.md`` of a release: what changed since an earlier one, in both languages.

    No folder names or dates: the same two releases give the same bytes.
    """
    out = [
        "# Changes / 変更履歴",
        "",
        f"Since the earlier release ({old.total_quads} statements) this release "
        f"({new.total_quads} statements) has / 前回のリリース（{old.total_quads} 文）からの変更"
        f"（今回 {new.total_quads} 文）:",
        "",
        f"- {len(diff.added)} entities added / 追加",
        f"- {len(diff.removed)} entities removed / 削除",
        f"- {len(diff.changed)} entities changed / 変更",
    ]
    if diff.unchanged:
        out += ["", "No entity changed. / エンティティの変更はありません。"]
        return "\n".join(out) + "\n"
    out += [
        "",
        "| class / クラス | added / 追加 | removed / 削除 | changed / 変更 |",
        "|---|---|---|---|",
    ]
    for cls, counts in diff.per_class.items():
        out.append(
            f"| `{compact(cls)}` | {counts['added']} | {counts['removed']} | {counts['changed']} |"
        )
    for title, iris in (
        ("Added / 追加", diff.added),
        ("Removed / 削除", diff.removed),
        ("Changed / 変更", diff.changed),
    ):
        if not iris:
            continue
        out += ["", f"## {title}", ""]
        out += [f"- <{iri}>" for iri in iris[:limit]]
        if len(iris) > limit:
            out.append(
                f"- … {len(iris) - limit} more / ほか {len(iris) - limit} 件 "
                "(`sdgkg stats --against`)"
            )
    return "\n".join(out) + "\n"
