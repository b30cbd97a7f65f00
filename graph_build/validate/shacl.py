"""SHACL validation of the graph against ``shapes/*.ttl``, with reports people can read.

Structural breaks are ``sh:Violation`` and fail a build; data-quality doubts are ``sh:Warning``
and are listed. The project's ontology, UN framework and dimension schemes are supplied as the
ontology graph, so a file validated on its own still resolves classes, units and SDG codes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl_turbo
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from graph_build.errors import SdgkgError
from graph_build.namespaces import SDGKG, SH
from graph_build.paths import ONTOLOGY_FILE, SHAPES_DIR
from graph_build.sdg.framework import framework_graph
from graph_build.sdg.schemes import schemes_graph
from graph_build.validate.rdf_input import InputLimits, read_rdf_file

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Finding:
    """One validation result, with what a reader needs to find and fix it."""

    severity: str
    shape: str
    focus: str
    focus_label: str
    path: str
    value: str
    message_en: str
    message_ja: str

    def message(self, lang: str) -> str:
        """The message in ``lang`` (falls back to the other language)."""
        first, second = (
            (self.message_ja, self.message_en)
            if lang == "ja"
            else (self.message_en, self.message_ja)
        )
        return first or second


class ShaclViolationsError(SdgkgError):
    """The graph has SHACL violations; carries the report so callers can show it."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"the graph has {len(report.violations)} SHACL violation(s)")
        self.report = report


@dataclass
class Report:
    """All findings of one validation run, and the raw SHACL report.

    The raw report is an rdflib graph, or, for a large validation run in batches, N-Triples text
    (``report_ntriples``), which is cheaper to hold and to write.
    """

    findings: list[Finding]
    graph: Graph = field(default_factory=Graph)
    report_ntriples: str = ""

    @property
    def violations(self) -> list[Finding]:
        """Findings of severity Violation."""
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        """Findings of severity Warning."""
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings allowed)."""
        return not self.violations


@lru_cache(maxsize=2)
def load_shapes(folder: Path = SHAPES_DIR) -> Graph:
    """Every shapes file, merged."""
    shapes = Graph()
    for path in sorted(folder.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


@lru_cache(maxsize=1)
def reference_graph() -> Graph:
    """Ontology, UN framework and schemes: what any data graph may refer to."""
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    graph += framework_graph()
    graph += schemes_graph()
    return graph


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


BLANK_VALUE = "(blank node)"
NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float}


def _value_text(node: Node | None) -> str:
    """A value as a reader sees it; numbers without trailing zeros (stores differ in those),
    blank nodes without their label, which a parser invents and so differs from run to run."""
    if isinstance(node, BNode):
        return BLANK_VALUE
    if isinstance(node, Literal) and node.datatype in NUMERIC:
        try:
            text = format(Decimal(str(node)), "f")
        except InvalidOperation:
            return str(node)
        return text.rstrip("0").rstrip(".") if "." in text else text
    return _text(node)


def _label(data: Graph, node: Node, lang: str) -> str:
    labels = {
        getattr(o, "language", None): str(o)
        for o in data.objects(node, RDFS.label)
        if isinstance(o, Literal)
    }
    return labels.get(lang) or labels.get("en") or labels.get("ja") or ""


JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _messages(report: Graph, result: Node) -> tuple[str, str]:
    """English and Japanese message of a result.

    SHACL engines drop the language tag of messages of SPARQL-based constraints, so an untagged
    message counts as Japanese when it contains Japanese script.
    """
    by_lang: dict[str, str] = {}
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for message in sorted(messages, key=str):
        lang = message.language or ("ja" if JAPANESE.search(str(message)) else "en")
        by_lang.setdefault(lang, str(message))
    return by_lang.get("en", ""), by_lang.get("ja", "")


def _shape_name(shapes: Graph, report: Graph, result: Node) -> str:
    """Readable name of the shape behind a result: its own IRI, or the node shape it belongs to."""
    source = report.value(result, SH.sourceShape)
    if source is not None:
        owner = shapes.value(None, SH.property, source)
        if isinstance(owner, URIRef):
            return str(owner)
        if isinstance(source, URIRef):
            return str(source)
    constraint = report.value(result, SH.sourceConstraint)
    if isinstance(constraint, URIRef):
        return str(constraint)
    return "(anonymous shape)"


def findings_from(report: Graph, data: Graph, shapes: Graph, lang: str = "en") -> list[Finding]:
    """Turn a SHACL report graph into sorted findings."""
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = _text(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        focus = report.value(result, SH.focusNode)
        en, ja = _messages(report, result)
        focus_text = "" if focus is None or isinstance(focus, BNode) else str(focus)
        findings.append(
            Finding(
                severity=severity,
                shape=_shape_name(shapes, report, result),
                focus=focus_text,
                focus_label=_label(data, focus, lang) if focus is not None else "",
                path=_text(report.value(result, SH.resultPath)),
                value=_value_text(report.value(result, SH.value)),
                message_en=en,
                message_ja=ja,
            )
        )
    return sorted(findings, key=finding_key)


def finding_key(f: Finding) -> tuple[int, str, str, str, str, str]:
    """Report order: severity, shape, focus node, path, value, message."""
    return (SEVERITY_ORDER.get(f.severity, 9), f.shape, f.focus, f.path, f.value, f.message_en)


ENGINES = ("turbo", "pyshacl")
# How every validation here runs pySHACL (or pyshacl-turbo): no inference, the whole report,
# warnings and infos do not make the graph non-conforming.
SHACL_OPTIONS: dict[str, Any] = {
    "inference": "none",
    "allow_warnings": True,
    "abort_on_first": False,
}


def validate_graph(data: Graph, lang: str = "en", engine: str = "turbo") -> Report:
    """Validate ``data`` against the project's shapes.

    ``turbo`` (pyshacl-turbo, a Rust engine with pySHACL's API) is the default: on the seed graph
    it gives the same findings as ``pyshacl`` about 45 times faster (see benchmarks/).
    """
    if engine not in ENGINES:
        raise SdgkgError(f"unknown SHACL engine '{engine}': use one of {', '.join(ENGINES)}")
    run = pyshacl_turbo.validate if engine == "turbo" else pyshacl_validate
    shapes = load_shapes()
    # The reference terms go into a copy of the data itself: pyshacl's ont_graph is only mixed
    # in when it runs inference, and class checks (sh:class sdgo:Target) need them.
    combined = Graph()
    combined += data
    combined += reference_graph()
    _conforms, report, _text_report = run(
        combined,
        shacl_graph=shapes,
        advanced=True,
        **SHACL_OPTIONS,
    )
    assert isinstance(report, Graph)
    return Report(findings_from(report, data, shapes, lang), report)


def load_rdf_files(paths: list[Path], limits: InputLimits | None = None) -> Graph:
    """Read RDF files of any common syntax (gzip too) into one graph (named graphs merged).

    Reading is bounded by ``limits`` and never touches the network (see
    :mod:`graph_build.validate.rdf_input`).
    """
    store = ox.Store()
    for path in paths:
        read_rdf_file(path, limits or InputLimits(), store)
    data = ox.serialize(store, format=ox.RdfFormat.N_TRIPLES)
    union = Graph()
    if data:
        union.parse(data=data.decode("utf-8"), format="nt")
    return union


def format_text(report: Report, lang: str = "en") -> str:
    """Findings grouped by severity and shape, focus nodes named by label and IRI."""
    ja = lang == "ja"
    heads = {
        "Violation": "違反" if ja else "Violations",
        "Warning": "警告" if ja else "Warnings",
        "Info": "情報" if ja else "Info",
    }
    lines = [
        (
            f"検証結果：違反 {len(report.violations)} 件、警告 {len(report.warnings)} 件"
            if ja
            else f"Validation: {len(report.violations)} violation(s), "
            f"{len(report.warnings)} warning(s)"
        ),
    ]
    grouped: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        grouped[finding.severity][finding.shape].append(finding)
    for severity in sorted(grouped, key=lambda s: SEVERITY_ORDER.get(s, 9)):
        lines.append("")
        lines.append(f"== {heads.get(severity, severity)}")
        for shape, items in sorted(grouped[severity].items()):
            lines.append(f"-- {shape.rsplit('#', 1)[-1]} ({len(items)})")
            for f in items:
                name = f"{f.focus_label} <{f.focus}>" if f.focus_label else f"<{f.focus}>"
                detail = f" [{f.path.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}]" if f.path else ""
                value = f" = {f.value}" if f.value and f.value != f.focus else ""
                lines.append(f"   {name}{detail}{value}: {f.message(lang)}")
    return "\n".join(lines) + "\n"


def format_json(report: Report) -> str:
    """Findings as a JSON document (stable key order)."""
    doc = {
        "conforms": report.conforms,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "results": [f.__dict__ for f in report.findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def format_turtle(report: Report) -> str:
    """The SHACL report graph in Turtle."""
    if report.report_ntriples:
        triples = ox.parse(report.report_ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        data = ox.serialize(
            triples, format=ox.RdfFormat.TURTLE, prefixes={"sh": str(SH), "sdgkg": str(SDGKG)}
        )
        assert data is not None
        return data.decode("utf-8")
    out = Graph()
    out.bind("sh", SH)
    out += report.graph
    return out.serialize(format="turtle")


def write_reports(report: Report, folder: Path) -> dict[str, Path]:
    """Write ``validation-report.ttl`` and ``validation-report.txt`` (en) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    ttl = folder / "validation-report.ttl"
    ttl.write_text(format_turtle(report), encoding="utf-8")
    txt = folder / "validation-report.txt"
    txt.write_text(format_text(report, "en"), encoding="utf-8")
    return {"turtle": ttl, "text": txt}
