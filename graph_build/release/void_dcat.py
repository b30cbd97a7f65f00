"""The dataset description: VoID statistics and linksets, DCAT metadata and distributions.

Every number is counted from the graphs themselves. The description lives in its own named graph
(``…/graph/dataset``) and describes the content graphs; it does not count itself.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, VOID

from graph_build import __version__
from graph_build.iris import DESCRIPTION_GRAPH, FRAMEWORK_GRAPH, ONTOLOGY_IRI
from graph_build.namespaces import BASE, ID, SDG, SDGKG
from graph_build.release.rdf_syntaxes import RELEASE_PREFIXES, SYNTAXES, Term

OX_TYPE = ox.NamedNode(str(RDF.type))
DATASET = URIRef(BASE + "dataset")
UN_KOS = URIRef("http://metadata.un.org/sdg")
PUBLISHER = URIRef(BASE + "dataset/publisher")
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
LANDING_PAGE = URIRef(BASE)
DOWNLOAD_BASE = BASE + "release/"
IANA = "https://www.iana.org/assignments/media-types/"
GZIP = URIRef(IANA + "application/gzip")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's closed namespace lacks it
LANGUAGES = (
    URIRef("http://id.loc.gov/vocabulary/iso639-1/en"),
    URIRef("http://id.loc.gov/vocabulary/iso639-1/ja"),
)
TITLE = {
    "en": "sdgkg: local SDG plans as a knowledge graph",
    "ja": "sdgkg：地域のSDGs計画のナレッジグラフ",
}
DESCRIPTION = {
    "en": (
        "Directions, goals, actions, initiatives, KPIs with baselines and targets, stakeholders "
        "and agreements from municipal SDG plans, linked to the UN SDG goals, targets and "
        "indicators. Every fact names its source document, section and lines."
    ),
    "ja": (
        "自治体のSDGs計画に書かれた方向性・目標・行動・取組・KPI（基準値と目標値）・"
        "ステークホルダー・協定を、国連SDGsのゴール・ターゲット・指標に結び付けたナレッジグラフ。"
        "すべての事実に出典（文書・節・行）を付す。"
    ),
}
KEYWORDS = (
    ("SDGs", "en"),
    ("local SDGs", "en"),
    ("KPI", "en"),
    ("linked data", "en"),
    ("持続可能な開発目標", "ja"),
    ("地方創生SDGs", "ja"),
    ("SDGs未来都市", "ja"),
    ("リンクトデータ", "ja"),
)


@dataclass(frozen=True)
class Counts:
    """VoID statistics of one graph."""

    triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int


def graph_counts(triples: Iterable[ox.Triple]) -> Counts:
    """Triples; entities (distinct IRI subjects); classes; properties; distinct subjects/objects."""
    unique = set(triples)
    subjects = {t.subject for t in unique}
    return Counts(
        triples=len(unique),
        entities=sum(isinstance(s, ox.NamedNode) for s in subjects),
        classes=len({t.object for t in unique if t.predicate == OX_TYPE}),
        properties=len({t.predicate for t in unique}),
        distinct_subjects=len(subjects),
        distinct_objects=len({t.object for t in unique}),
    )


def class_entities(triples: Iterable[ox.Triple]) -> dict[str, int]:
    """Distinct IRI subjects per class IRI."""
    pairs = {
        (t.subject, t.object.value)
        for t in triples
        if t.predicate == OX_TYPE
        and isinstance(t.subject, ox.NamedNode)
        and isinstance(t.object, ox.NamedNode)
    }
    return dict(sorted(Counter(cls for _, cls in pairs).items()))


def property_triples(triples: Iterable[ox.Triple]) -> dict[str, int]:
    """Distinct triples per predicate IRI."""
    return dict(sorted(Counter(t.predicate.value for t in set(triples)).items()))


def is_un_sdg(term: Term) -> bool:
    """Whether ``term`` is the UN SDG KOS or one of its concepts (not its ontology's terms)."""
    if not isinstance(term, ox.NamedNode):
        return False
    iri = term.value
    if iri == str(UN_KOS):
        return True
    return iri.startswith(str(SDG)) and not iri.startswith(str(SDG) + "ontology")


def un_linkset_counts(triples: Iterable[ox.Triple]) -> dict[str, int]:
    """Links from the project's own resources to UN SDG KOS resources, per link predicate."""
    counts = Counter(
        t.predicate.value
        for t in set(triples)
        if t.predicate != OX_TYPE and is_un_sdg(t.object) and not is_un_sdg(t.subject)
    )
    return dict(sorted(counts.items()))


def _instances(triples: Iterable[ox.Triple], cls: URIRef) -> list[str]:
    target = ox.NamedNode(str(cls))
    return sorted(
        {
            t.subject.value
            for t in triples
            if t.predicate == OX_TYPE and t.object == target and isinstance(t.subject, ox.NamedNode)
        }
    )


def issued_date(triples: Iterable[ox.Triple]) -> Literal | None:
    """The latest ``dcterms:issued`` of the source documents (the release date comes from data)."""
    unique = set(triples)
    documents = set(_instances(unique, SDGKG.PlanDocument))
    dates = [
        Literal(t.object.value, datatype=URIRef(t.object.datatype.value))
        for t in unique
        if t.predicate.value == str(DCTERMS.issued)
        and isinstance(t.subject, ox.NamedNode)
        and t.subject.value in documents
        and isinstance(t.object, ox.Literal)
    ]
    return max(dates, key=lambda d: (str(d), str(d.datatype))) if dates else None


def _slug(iri: str) -> str:
    """A readable path segment for a class or property IRI (``sdgkg-KPI``), else a short hash."""
    for prefix, ns in sorted(RELEASE_PREFIXES.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(ns) :]
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.-]+", local):
            return f"{prefix}-{local}"
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


def _namespace(iri: str) -> str:
    for ns in sorted(RELEASE_PREFIXES.values(), key=len, reverse=True):
        if iri.startswith(ns):
            return ns
    return iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]


def _add_counts(out: Graph, node: URIRef, counts: Counts) -> None:
    out.add((node, VOID.triples, Literal(counts.triples)))
    out.add((node, VOID.entities, Literal(counts.entities)))
    out.add((node, VOID.classes, Literal(counts.classes)))
    out.add((node, VOID.properties, Literal(counts.properties)))
    out.add((node, VOID.distinctSubjects, Literal(counts.distinct_subjects)))
    out.add((node, VOID.distinctObjects, Literal(counts.distinct_objects)))


def _documents(triples: Iterable[ox.Triple]) -> list[URIRef]:
    return [URIRef(d) for d in _instances(triples, SDGKG.PlanDocument)]


def _describe_subsets(out: Graph, graphs: dict[str, list[ox.Triple]]) -> None:
    """One ``void:Dataset`` per named graph, named by the graph IRI, with its counts and sources."""
    for name in sorted(graphs):
        node = URIRef(name)
        out.add((DATASET, VOID.subset, node))
        out.add((node, RDF.type, VOID.Dataset))
        _add_counts(out, node, graph_counts(graphs[name]))
        sources = _documents(graphs[name])
        if node == FRAMEWORK_GRAPH:
            sources.append(UN_KOS)
        for doc in sources:
            out.add((node, PROV.wasDerivedFrom, doc))
            out.add((node, DCTERMS.source, doc))


def _describe_partitions(out: Graph, union: set[ox.Triple]) -> None:
    for cls, n in class_entities(union).items():
        part = URIRef(f"{DATASET}/class/{_slug(cls)}")
        out.add((DATASET, VOID.classPartition, part))
        out.add((part, VOID["class"], URIRef(cls)))
        out.add((part, VOID.entities, Literal(n)))
    for prop, n in property_triples(union).items():
        part = URIRef(f"{DATASET}/property/{_slug(prop)}")
        out.add((DATASET, VOID.propertyPartition, part))
        out.add((part, VOID.property, URIRef(prop)))
        out.add((part, VOID.triples, Literal(n)))


def _describe_linksets(out: Graph, union: set[ox.Triple]) -> None:
    out.add((UN_KOS, RDF.type, VOID.Dataset))
    out.add((UN_KOS, DCTERMS.title, Literal("UN SDG Knowledge Organization System", lang="en")))
    out.add((UN_KOS, DCTERMS.title, Literal("国連SDGs知識組織体系（UN SDG KOS）", lang="ja")))
    out.add((UN_KOS, VOID.uriSpace, Literal(str(SDG))))
    for prop, n in un_linkset_counts(union).items():
        linkset = URIRef(f"{DATASET}/linkset/un-sdg/{_slug(prop)}")
        out.add((DATASET, VOID.subset, linkset))
        out.add((linkset, RDF.type, VOID.Linkset))
        out.add((linkset, VOID.subjectsTarget, DATASET))
        out.add((linkset, VOID.objectsTarget, UN_KOS))
        out.add((linkset, VOID.linkPredicate, URIRef(prop)))
        out.add((linkset, VOID.triples, Literal(n)))


def _describe_distributions(out: Graph, dumps: Sequence[str]) -> None:
    by_extension = {s.extension: s for s in SYNTAXES.values()}
    for filename in sorted(dumps):
        gzipped = filename.endswith(".gz")
        syntax = by_extension[filename.removesuffix(".gz").rsplit(".", 1)[-1]]
        url = URIRef(DOWNLOAD_BASE + filename)
        dist = URIRef(f"{DATASET}/distribution/{filename}")
        out.add((DATASET, VOID.dataDump, url))
        out.add((DATASET, VOID.feature, URIRef(syntax.format_iri)))
        out.add((DATASET, DCAT.distribution, dist))
        out.add((dist, RDF.type, DCAT.Distribution))
        title = f"{syntax.label}{' (gzip)' if gzipped else ''}"
        out.add((dist, DCTERMS.title, Literal(title, lang="en")))
        out.add((dist, DCAT.downloadURL, url))
        out.add((dist, DCAT.mediaType, URIRef(IANA + syntax.media_type)))
        out.add((dist, DCTERMS.format, URIRef(syntax.format_iri)))
        out.add((dist, DCTERMS.license, LICENCE))
        if gzipped:
            out.add((dist, DCAT.compressFormat, GZIP))


def _describe_catalogue(out: Graph, union: set[ox.Triple], version: str) -> None:
    """DCAT: titles, licence, publisher, version, issued date, sources, places, languages."""
    out.add((DATASET, RDF.type, DCAT.Dataset))
    for lang in ("en", "ja"):
        out.add((DATASET, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        out.add((DATASET, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
        out.add((DATASET, RDFS.label, Literal(TITLE[lang], lang=lang)))
    for text, lang in KEYWORDS:
        out.add((DATASET, DCAT.keyword, Literal(text, lang=lang)))
    out.add((DATASET, DCTERMS.license, LICENCE))
    out.add((DATASET, DCTERMS.publisher, PUBLISHER))
    out.add((PUBLISHER, RDF.type, FOAF.Organization))
    out.add((PUBLISHER, FOAF.name, Literal("sdgkg contributors", lang="en")))
    out.add((PUBLISHER, FOAF.name, Literal("sdgkg 開発者一同", lang="ja")))
    out.add((DATASET, DCAT_VERSION, Literal(version)))
    out.add((DATASET, OWL.versionInfo, Literal(version)))
    out.add((DATASET, DCAT.landingPage, LANDING_PAGE))
    out.add((DATASET, DCTERMS.conformsTo, ONTOLOGY_IRI))
    for language in LANGUAGES:
        out.add((DATASET, DCTERMS.language, language))
    issued = issued_date(union)
    if issued is not None:
        out.add((DATASET, DCTERMS.issued, issued))
    year = str(issued)[:4] if issued is not None else "n.d."
    citation = f"sdgkg contributors ({year}). {TITLE['en']}, version {version}. {BASE}"
    out.add((DATASET, DCTERMS.bibliographicCitation, Literal(citation)))
    for doc in [*_documents(union), UN_KOS]:
        out.add((DATASET, PROV.wasDerivedFrom, doc))
        out.add((DATASET, DCTERMS.source, doc))
    for place in _instances(union, SDGKG.Municipality):
        out.add((DATASET, DCTERMS.spatial, URIRef(place)))


def _describe_vocabulary_and_examples(out: Graph, union: set[ox.Triple]) -> None:
    terms = {t.predicate.value for t in union} | {
        t.object.value
        for t in union
        if t.predicate == OX_TYPE and isinstance(t.object, ox.NamedNode)
    }
    for ns in sorted({_namespace(t) for t in terms}):
        out.add((DATASET, VOID.vocabulary, URIRef(ns)))
    out.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    for cls in (SDGKG.Municipality, SDGKG.KPI, SDGKG.Initiative):
        instances = _instances(union, cls)
        if instances:
            out.add((DATASET, VOID.exampleResource, URIRef(instances[0])))


def dataset_description(
    quads: Iterable[ox.Quad],
    dumps: Iterable[str] = (),
    sparql_endpoint: str | None = None,
    version: str = __version__,
) -> Graph:
    """VoID and DCAT description of the quads' named graphs; ``dumps`` are the download files."""
    graphs: dict[str, list[ox.Triple]] = {}
    for quad in quads:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graphs.setdefault(name, []).append(quad.triple)
    union = {t for triples in graphs.values() for t in triples}
    out = Graph()
    out.add((DESCRIPTION_GRAPH, RDF.type, VOID.DatasetDescription))
    out.add((DESCRIPTION_GRAPH, FOAF.primaryTopic, DATASET))
    out.add((DATASET, RDF.type, VOID.Dataset))
    _describe_catalogue(out, union, version)
    _add_counts(out, DATASET, graph_counts(union))
    _describe_vocabulary_and_examples(out, union)
    _describe_subsets(out, graphs)
    _describe_partitions(out, union)
    _describe_linksets(out, union)
    _describe_distributions(out, list(dumps))
    if sparql_endpoint:
        out.add((DATASET, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    if any(isinstance(t, BNode) for triple in out for t in triple):  # pragma: no cover
        raise AssertionError("the dataset description must not contain blank nodes")
    return out


__all__ = [
    "DATASET",
    "DESCRIPTION_GRAPH",
    "UN_KOS",
    "Counts",
    "class_entities",
    "dataset_description",
    "graph_counts",
    "issued_date",
    "property_triples",
    "un_linkset_counts",
]
