"""Ontology documentation: one bilingual HTML page, plus the ontology in Turtle, RDF/XML, JSON-LD.

Every class, property, concept scheme and concept of the ontology gets a section with its English
and Japanese labels and definitions, its axioms (superclasses, domain, range, scheme) and examples:
``skos:example`` where the ontology gives one, and real uses from the graph with their counts.
The page is generated from the graph alone (no clock, sorted), so it is byte-identical on rebuild.
"""

from __future__ import annotations

import hashlib
import html
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from graph_build.emit.ntriples import from_ox, to_ox
from graph_build.iris import ONTOLOGY_IRI
from graph_build.namespaces import BASE, SDGKG
from graph_build.release.rdf_syntaxes import RELEASE_PREFIXES, serialize_triples

ONTOLOGY_FILES = {"turtle": "sdgkg.ttl", "rdfxml": "sdgkg.rdf", "jsonld": "sdgkg.jsonld"}
HTML_FILE = "sdgkg.html"
EXAMPLES_SHOWN = 3
SECTIONS = (
    ("classes", "Classes", "クラス", OWL.Class),
    ("object-properties", "Object properties", "オブジェクトプロパティ", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", "データ型プロパティ", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", "注釈プロパティ", OWL.AnnotationProperty),
)
AXIOMS = (
    (RDF.type, "Type", "型"),
    (RDFS.subClassOf, "Subclass of", "上位クラス"),
    (RDFS.subPropertyOf, "Subproperty of", "上位プロパティ"),
    (OWL.inverseOf, "Inverse of", "逆プロパティ"),
    (RDFS.domain, "Domain", "定義域"),
    (RDFS.range, "Range", "値域"),
    (SKOS.inScheme, "In scheme", "所属スキーム"),
    (SKOS.broader, "Broader", "上位概念"),
    (SKOS.notation, "Notation", "記法"),
    (SDGKG.symbol, "Symbol", "記号"),
    (SKOS.altLabel, "Alternative label", "別名"),
    (SKOS.note, "Note", "注記"),
    (RDFS.comment, "Comment", "コメント"),
)
STYLE = """
body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
code{font-size:.9em;background:#f4f4f4;padding:0 .2em}
section.term{border-top:1px solid #ddd;padding:.5rem 0}
dl{display:grid;grid-template-columns:14rem 1fr;gap:.2rem 1rem;margin:.5rem 0}
dt{font-weight:600;color:#555}dd{margin:0}
p{margin:.2rem 0}nav ul{columns:3}
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _row(en: str, ja: str, value: str) -> str:
    head = f"{en} / {ja}" if ja else en
    return f"<dt>{head}</dt><dd>{value}</dd>"


def own_terms(ontology: Graph) -> list[URIRef]:
    """Every IRI under ``https://w3id.org/sdgkg/`` the ontology describes, but its own IRI."""
    return sorted(
        s
        for s in set(ontology.subjects())
        if isinstance(s, URIRef) and str(s).startswith(BASE) and s != ONTOLOGY_IRI
    )


def anchor(iri: str) -> str:
    """The HTML id of a term: ``KPI`` for ``sdgkg:KPI``, ``unit-person`` for ``unit:person``."""
    if iri.startswith(str(SDGKG)):
        return iri[len(str(SDGKG)) :]
    curie = compact(iri)
    if curie != iri:
        return curie.replace(":", "-")
    return "t-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace, else the IRI."""
    for prefix, ns in sorted(RELEASE_PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _by_lang(graph: Graph, node: Node, *props: URIRef) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for prop in props:
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                out[value.language or ""].append(str(value))
    return {lang: sorted(set(values)) for lang, values in sorted(out.items())}


@dataclass
class Usage:
    """How the data uses a term: instances of a class, triples of a property, uses of a concept."""

    count: int = 0
    examples: list[tuple[Node, ...]] = field(default_factory=list)


@dataclass
class DataIndex:
    """What the page needs from the data graph: term usage and labels of example resources."""

    usage: dict[URIRef, Usage]
    labels: dict[Node, dict[str, list[str]]]


def index_data(data: Iterable[ox.Triple], terms: Iterable[URIRef]) -> DataIndex:
    """Counts and the first few (sorted) examples of each term's use in ``data``."""
    wanted = {str(t) for t in terms}
    label_props = {str(RDFS.label), str(SKOS.prefLabel)}
    rdf_type = str(RDF.type)
    found: dict[str, set[tuple[Node, ...]]] = defaultdict(set)
    labels: dict[Node, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for triple in data:
        p = triple.predicate.value
        o = triple.object
        subject = from_ox(triple.subject)
        o_iri = o.value if isinstance(o, ox.NamedNode) else None
        if o_iri is not None and o_iri in wanted:
            found[o_iri].add((subject,) if p == rdf_type else (subject, URIRef(p)))
        if p in wanted:
            found[p].add((subject, from_ox(o)))
        if p in label_props and isinstance(o, ox.Literal):
            labels[subject][o.language or ""].append(o.value)
    usage = {}
    for term, rows in found.items():
        ordered = sorted(rows, key=lambda row: tuple(str(n) for n in row))
        usage[URIRef(term)] = Usage(len(ordered), ordered[:EXAMPLES_SHOWN])
    tidy = {node: {k: sorted(set(v)) for k, v in by.items()} for node, by in labels.items()}
    return DataIndex(usage, tidy)


class _Page:
    """Renders terms with links to sections of the same page where a term has one."""

    def __init__(self, ontology: Graph, data: DataIndex, documented: set[URIRef]) -> None:
        self.ontology = ontology
        self.data = data
        self.documented = documented

    def link(self, node: Node) -> str:
        if isinstance(node, Literal):
            lang = f' lang="{_esc(node.language)}"' if node.language else ""
            return f"<q{lang}>{_esc(node)}</q>"
        if isinstance(node, BNode):
            members = self.ontology.value(node, OWL.unionOf)
            if members is not None:
                items = Collection(self.ontology, members)
                return "one of " + ", ".join(self.link(m) for m in items)
            return "(anonymous)"
        iri = str(node)
        if node in self.documented:
            return f'<a href="#{_esc(anchor(iri))}"><code>{_esc(compact(iri))}</code></a>'
        return f'<a href="{_esc(iri)}"><code>{_esc(compact(iri))}</code></a>'

    def labelled(self, node: Node) -> str:
        """A data resource with its labels, e.g. ``id:kanazawa/kpi/x (温室効果ガス排出量 / …)``."""
        labels = self.data.labels.get(node, {})
        shown = [
            f'<span lang="{_esc(lang)}">{_esc(v[0])}</span>'
            for lang in ("ja", "en")
            if (v := labels.get(lang))
        ]
        text = self.link(node)
        return f"{text} ({' / '.join(shown)})" if shown else text

    def bilingual(self, values: dict[str, list[str]], tag: str) -> str:
        """English first, then Japanese, then any other language; spans separated by " · "."""
        parts = []
        for lang in ("en", "ja", *sorted(k for k in values if k not in ("en", "ja"))):
            for value in values.get(lang, []):
                attr = f' lang="{_esc(lang)}"' if lang else ""
                parts.append(f"<{tag}{attr}>{_esc(value)}</{tag}>")
        return (" · " if tag == "span" else "").join(parts)

    def examples(self, term: URIRef, usage: Usage | None) -> str:
        rows = [
            f"<p>{self.link(ex)}</p>"
            for ex in sorted(self.ontology.objects(term, SKOS.example), key=str)
        ]
        if usage is not None:
            rows.append(
                f"<p>{usage.count} use(s) in the graph / グラフでの使用数 {usage.count}:</p>"
            )
            items = []
            for example in usage.examples:
                if len(example) == 1:
                    items.append(self.labelled(example[0]))
                elif term in self.documented and (term, RDF.type, SKOS.Concept) in self.ontology:
                    # A concept is used as a value: show who uses it, through which property.
                    items.append(f"{self.labelled(example[0])} ({self.link(example[1])})")
                else:
                    items.append(f"{self.labelled(example[0])} → {self.labelled(example[1])}")
            rows.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        return "".join(rows)

    def term(self, term: URIRef, usage: Usage | None) -> str:
        iri = str(term)
        labels = _by_lang(self.ontology, term, RDFS.label, SKOS.prefLabel)
        title = " / ".join(
            f'<span lang="{lang}">{_esc(labels[lang][0])}</span>'
            for lang in ("en", "ja")
            if labels.get(lang)
        )
        rows = [
            ("IRI", "", f"<code>{_esc(iri)}</code>"),
            ("Label", "ラベル", self.bilingual(labels, "span")),
            (
                "Definition",
                "定義",
                self.bilingual(_by_lang(self.ontology, term, SKOS.definition), "p"),
            ),
        ]
        for prop, en, ja in AXIOMS:
            values = sorted(self.ontology.objects(term, prop), key=str)
            values = [v for v in values if not (prop == RDF.type and v == OWL.NamedIndividual)]
            if values:
                rows.append((en, ja, ", ".join(self.link(v) for v in values)))
        example = self.examples(term, usage)
        if example:
            rows.append(("Examples", "例", example))
        body = "".join(_row(en, ja, value) for en, ja, value in rows)
        return (
            f'<section class="term" id="{_esc(anchor(iri))}">'
            f"<h3>{title} <code>{_esc(compact(iri))}</code></h3><dl>{body}</dl></section>\n"
        )


def _grouped_terms(ontology: Graph) -> list[tuple[str, str, str, list[URIRef]]]:
    """Sections of the page: classes, properties, each concept scheme, anything else."""
    terms = own_terms(ontology)
    placed: set[URIRef] = set()
    groups = []
    for key, en, ja, cls in SECTIONS:
        members = [t for t in terms if (t, RDF.type, cls) in ontology]
        placed.update(members)
        groups.append((key, en, ja, members))
    schemes = [t for t in terms if (t, RDF.type, SKOS.ConceptScheme) in ontology]
    placed.update(schemes)
    for scheme in schemes:
        members = [scheme] + [
            t for t in terms if (t, SKOS.inScheme, scheme) in ontology and t not in placed
        ]
        placed.update(members)
        labels = _by_lang(ontology, scheme, RDFS.label, SKOS.prefLabel)
        en = labels.get("en", [compact(str(scheme))])[0]
        ja = labels.get("ja", [""])[0]
        groups.append((anchor(str(scheme)) + "-scheme", f"Concept scheme: {en}", ja, members))
    rest = [t for t in terms if t not in placed]
    groups.append(("other-terms", "Other terms", "その他の語", rest))
    return [g for g in groups if g[3]]


def ontology_html(ontology: Graph, data: Iterable[ox.Triple] = ()) -> str:
    """The documentation page of ``ontology``; ``data`` (the other graphs) gives examples of use."""
    groups = _grouped_terms(ontology)
    documented = {t for *_, members in groups for t in members}
    index = index_data(data, documented)
    page = _Page(ontology, index, documented)
    usage = index.usage
    head = _by_lang(ontology, ONTOLOGY_IRI, DCTERMS.title) or _by_lang(
        ontology, ONTOLOGY_IRI, RDFS.label
    )
    version = ontology.value(ONTOLOGY_IRI, OWL.versionInfo)
    licence = ontology.value(ONTOLOGY_IRI, DCTERMS.license)
    title_en = head.get("en", ["sdgkg ontology"])[0]
    meta = [
        ("IRI", "", f"<code>{_esc(ONTOLOGY_IRI)}</code>"),
        ("Prefix", "接頭辞", f"<code>sdgkg: &lt;{_esc(SDGKG)}&gt;</code>"),
        ("Version", "版", _esc(version or "")),
        ("Licence", "ライセンス", page.link(licence) if licence is not None else ""),
        (
            "Downloads",
            "ダウンロード",
            " · ".join(f'<a href="{f}">{f}</a>' for f in ONTOLOGY_FILES.values()),
        ),
    ]
    out = [
        "<!DOCTYPE html>\n",
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{_esc(title_en)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        f"<h1>{page.bilingual(head, 'span')}</h1>\n",
        page.bilingual(_by_lang(ontology, ONTOLOGY_IRI, SKOS.definition, RDFS.comment), "p"),
        "<dl>" + "".join(_row(en, ja, v) for en, ja, v in meta) + "</dl>\n",
        "<nav><h2>Contents / 目次</h2><ul>",
        *(
            f'<li><a href="#{key}">{_esc(en)} / {_esc(ja)}</a> ({len(members)})</li>'
            for key, en, ja, members in groups
        ),
        "</ul></nav>\n",
    ]
    for key, en, ja, members in groups:
        out.append(f'<h2 id="{key}">{_esc(en)} / {_esc(ja)}</h2>\n')
        out.extend(page.term(term, usage.get(term)) for term in members)
    out.append("</body>\n</html>\n")
    return "".join(out)


def ontology_triples(ontology: Graph) -> list[ox.Triple]:
    """The ontology as pyoxigraph triples."""
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in ontology]  # type: ignore[arg-type]


def write_ontology_docs(ontology: Graph, data: Iterable[ox.Triple], folder: Path) -> list[Path]:
    """Write the HTML page and the ontology in Turtle, RDF/XML and JSON-LD into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    triples = ontology_triples(ontology)
    for syntax, name in ONTOLOGY_FILES.items():
        path = folder / name
        path.write_bytes(serialize_triples(triples, syntax))
        written.append(path)
    page = folder / HTML_FILE
    page.write_text(ontology_html(ontology, data), encoding="utf-8")
    written.append(page)
    return written
