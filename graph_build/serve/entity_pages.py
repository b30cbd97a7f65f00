"""Pages for resource IRIs: HTML for people, Turtle, JSON-LD, N-Triples or RDF/XML for machines.

Pure functions over a pyoxigraph store, for a web server to call::

    iri = resource_iri(request_path)                      # "/id/kanazawa" → "https://w3id.org/sdgkg/id/kanazawa"
    media_type = format_media_type(query_format) or negotiate(accept_header)
    page = render_entity(store, iri, media_type)          # None: unknown IRI (404)
    if media_type is None: answer 406 with ACCEPTABLE
    else: answer 200 with page.body, Content-Type page.content_type, and "Vary: Accept"

The description of a resource is what the graph says about it (every named graph), the blank
nodes it points to, and its source spans (document, section, lines), so the provenance travels
with it. The HTML page adds labels in Japanese and English, links to related resources and the
resources that point back.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph_build.iris import SUGGESTIONS_GRAPH, municipality_iri_value
from graph_build.namespaces import BASE, PROV, RDF, RDFS, SDGKG, SKOS
from graph_build.partners.evidence import PartnerGraph, load_partner_graph
from graph_build.partners.scoring import (
    Subject,
    SubjectError,
    initiative_subject,
    rank_candidates,
    target_subject,
)
from graph_build.progress import pages as kpi_pages
from graph_build.progress.read import is_municipality, kpi_city, read_city_progress, read_kpi
from graph_build.release.rdf_syntaxes import RELEASE_PREFIXES, Term, serialize_triples

HTML = "text/html"
TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
N_TRIPLES = "application/n-triples"
RDF_XML = "application/rdf+xml"
# Server preference, best first: a browser or a bare "*/*" gets the HTML page.
ACCEPTABLE = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
SYNTAX_OF = {TURTLE: "turtle", JSON_LD: "jsonld", N_TRIPLES: "ntriples", RDF_XML: "rdfxml"}
ALIASES = {
    "application/xhtml+xml": HTML,
    "application/x-turtle": TURTLE,
    "application/json": JSON_LD,
    "application/xml": RDF_XML,
}
FORMAT_NAMES = {
    "html": HTML,
    "ttl": TURTLE,
    "turtle": TURTLE,
    "jsonld": JSON_LD,
    "json": JSON_LD,
    "nt": N_TRIPLES,
    "ntriples": N_TRIPLES,
    "rdf": RDF_XML,
    "xml": RDF_XML,
}
CONTENT_TYPES = {
    HTML: "text/html; charset=utf-8",
    TURTLE: "text/turtle; charset=utf-8",
    JSON_LD: "application/ld+json",
    N_TRIPLES: "application/n-triples",
    RDF_XML: "application/rdf+xml",
}
INCOMING_SHOWN = 100
#: Where a city's KPI progress board is served, below the link base: ``/kpi-progress/kanazawa``.
BOARD_PATH = "kpi-progress/"
#: Where candidate partners are served: ``/partners/target/11.2``,
#: ``/partners/initiative/kanazawa/initiative/<id>`` (the initiative's path below ``/id/``).
PARTNERS_PATH = "partners/"
PARTNERS_SHOWN = 10
LABELS = (RDFS.label, SKOS.prefLabel)
STYLE = """
body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
code{font-size:.9em;background:#f4f4f4;padding:0 .2em}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid #eee}
th{width:16rem;color:#555;font-weight:600}
.en{color:#555}ul{margin:0;padding-left:1.2rem}
"""


def _parse_accept(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((ALIASES.get(media, media), q))
    return ranges


def negotiate(accept_header: str | None) -> str | None:
    """The media type to answer with for an ``Accept`` header, or ``None`` if none is acceptable.

    Follows RFC 9110: the most specific matching range gives a type its q-value; the highest q
    wins, then the more specific match (``text/turtle, */*`` means Turtle), then the server's
    order (:data:`ACCEPTABLE`). A missing or empty header means HTML.
    """
    if not accept_header or not accept_header.strip():
        return HTML
    ranges = _parse_accept(accept_header)
    best: tuple[float, int, int] | None = None
    chosen = None
    for preference, media_type in enumerate(ACCEPTABLE):
        major = media_type.split("/")[0]
        match: tuple[int, float] | None = None
        for media, q in ranges:
            if media == media_type:
                specificity = 2
            elif media == f"{major}/*":
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            if match is None or specificity > match[0]:
                match = (specificity, q)
        if match is None or match[1] <= 0:
            continue
        rank = (match[1], match[0], -preference)
        if best is None or rank > best:
            best, chosen = rank, media_type
    return chosen


def format_media_type(name: str | None) -> str | None:
    """The media type for a ``?format=`` value (``ttl``, ``jsonld``, ``nt``, ``rdf``, ``html``)."""
    return FORMAT_NAMES.get(name.strip().lower()) if name else None


def resource_iri(path: str, base: str = BASE) -> str:
    """The IRI a request path stands for: ``/id/kanazawa`` → ``https://w3id.org/sdgkg/id/kanazawa``."""
    return base + path.lstrip("/")


def local_link(iri: str, link_base: str = "/") -> str:
    """Where a page links for ``iri``: project IRIs stay on this server, others stay as they are."""
    if iri.startswith(BASE):
        return link_base + iri[len(BASE) :]
    return iri


def _node(term: str) -> ox.NamedNode:
    return ox.NamedNode(term)


def _statements(store: ox.Store, subject: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
    return list(store.quads_for_pattern(subject, None, None, None))


def describe(store: ox.Store, iri: str) -> list[ox.Triple]:
    """What the graph says about ``iri``: its statements, its blank nodes and its source spans."""
    subject = _node(iri)
    seen: set[ox.NamedNode | ox.BlankNode] = {subject}
    queue: list[ox.NamedNode | ox.BlankNode] = [subject]
    triples: set[ox.Triple] = set()
    derived_from = _node(str(PROV.wasDerivedFrom))
    while queue:
        current = queue.pop()
        for quad in _statements(store, current):
            triples.add(quad.triple)
            obj = quad.object
            follow = isinstance(obj, ox.BlankNode) or (
                current == subject and quad.predicate == derived_from
            )
            if follow and isinstance(obj, ox.NamedNode | ox.BlankNode) and obj not in seen:
                seen.add(obj)
                queue.append(obj)
    return sorted(triples, key=str)


def entity_rdf(store: ox.Store, iri: str, media_type: str) -> bytes | None:
    """The description of ``iri`` in Turtle, JSON-LD, N-Triples or RDF/XML; ``None`` if unknown."""
    syntax = SYNTAX_OF.get(media_type)
    if syntax is None:
        raise ValueError(f"no RDF syntax for {media_type!r}: use one of {', '.join(SYNTAX_OF)}")
    triples = describe(store, iri)
    if not triples:
        return None
    return serialize_triples(triples, syntax)


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _labels(store: ox.Store, term: Term) -> dict[str, str]:
    """First label per language (sorted, so stable), from rdfs:label or skos:prefLabel."""
    if not isinstance(term, ox.NamedNode | ox.BlankNode):
        return {}
    found: dict[str, list[str]] = defaultdict(list)
    for prop in LABELS:
        for quad in store.quads_for_pattern(term, _node(str(prop)), None, None):
            if isinstance(quad.object, ox.Literal):
                found[quad.object.language or ""].append(quad.object.value)
    return {lang: sorted(values)[0] for lang, values in found.items()}


def _compact(iri: str) -> str:
    for prefix, ns in sorted(RELEASE_PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _first(store: ox.Store, node: ox.NamedNode, prop: object) -> ox.NamedNode | None:
    for quad in store.quads_for_pattern(node, _node(str(prop)), None):
        if isinstance(quad.object, ox.NamedNode):
            return quad.object
    return None


def _literal(store: ox.Store, node: ox.NamedNode, prop: object) -> str:
    """The first literal of ``prop`` on ``node`` (sorted, so stable), or ``""``."""
    values = sorted(
        q.object.value
        for q in store.quads_for_pattern(node, _node(str(prop)), None)
        if isinstance(q.object, ox.Literal)
    )
    return values[0] if values else ""


def _scaled(value: str, multiplier: str) -> str:
    """value × multiplier, written without exponent (``2778`` × ``1000`` → ``2778000``)."""
    try:
        product = Decimal(value) * Decimal(multiplier)
    except InvalidOperation:
        return ""
    return format(product.normalize(), "f")


def _target_order(iri: str) -> tuple[int, int, str]:
    """``…/sdg/11.2`` before ``…/sdg/11.10`` before ``…/sdg/11.a``."""
    goal, _, rest = iri.rsplit("/", 1)[-1].partition(".")
    return (int(goal) if goal.isdigit() else 99, int(rest) if rest.isdigit() else 100, rest)


@dataclass
class _Renderer:
    store: ox.Store
    link_base: str

    def name(self, term: Term) -> str:
        """Japanese label, then English, for a linked resource."""
        labels = _labels(self.store, term)
        parts = [
            f'<span lang="{lang}" class="{lang}">{_esc(labels[lang])}</span>'
            for lang in ("ja", "en")
            if lang in labels
        ]
        return " / ".join(parts)

    def value(self, term: Term) -> str:
        if isinstance(term, ox.Literal):
            if term.language:
                return f'<span lang="{_esc(term.language)}">{_esc(term.value)}</span>'
            return _esc(term.value)
        if isinstance(term, ox.BlankNode):
            return "(" + "; ".join(self.inline(term)) + ")"
        if isinstance(term, ox.NamedNode):
            href = _esc(local_link(term.value, self.link_base))
            label = self.name(term)
            code = f'<a href="{href}"><code>{_esc(_compact(term.value))}</code></a>'
            return f"{label} {code}" if label else code
        return _esc(term)

    def inline(self, node: ox.BlankNode) -> list[str]:
        return [
            f"{self.property_name(q.predicate)}: {_esc(q.object)}"
            for q in sorted(_statements(self.store, node), key=str)
        ]

    def property_name(self, predicate: ox.NamedNode) -> str:
        """The property's English label (or compact IRI) and its Japanese label."""
        labels = _labels(self.store, predicate)
        text = _esc(labels.get("en") or _compact(predicate.value))
        if "ja" in labels:
            text += f' / <span lang="ja">{_esc(labels["ja"])}</span>'
        return text

    def rows(self, iri: str) -> str:
        by_property: dict[str, list[Term]] = defaultdict(list)
        graphs: set[str] = set()
        for quad in _statements(self.store, _node(iri)):
            if quad.object not in by_property[quad.predicate.value]:
                by_property[quad.predicate.value].append(quad.object)
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.add(quad.graph_name.value)
        type_iri = str(RDF.type)
        order = sorted(by_property, key=lambda p: (p != type_iri, _compact(p)))
        out = []
        for prop in order:
            values = sorted(by_property[prop], key=str)
            cells = "".join(f"<li>{self.value(v)}</li>" for v in values)
            name = self.property_name(_node(prop))
            if name != _esc(_compact(prop)):
                name += f"<br><code>{_esc(_compact(prop))}</code>"
            out.append(f"<tr><th>{name}</th><td><ul>{cells}</ul></td></tr>")
        graph_cells = "".join(f"<li>{self.value(_node(g))}</li>" for g in sorted(graphs))
        out.append(
            f"<tr><th>named graphs / 名前付きグラフ</th><td><ul>{graph_cells}</ul></td></tr>"
        )
        return "".join(out)

    def span(self, span: ox.NamedNode) -> str:
        """A source span as document, section and lines."""
        facts = {q.predicate.value: q.object for q in _statements(self.store, span)}
        document = facts.get(str(SDGKG.sourceDocument))
        section = facts.get(str(SDGKG.section))
        start, end = facts.get(str(SDGKG.startLine)), facts.get(str(SDGKG.endLine))
        parts = [self.value(document) if document is not None else self.value(span)]
        if section is not None:
            parts.append(f"§ {self.value(section)}")
        if isinstance(start, ox.Literal) and isinstance(end, ox.Literal):
            parts.append(f"lines / 行 {_esc(start.value)}–{_esc(end.value)}")
        return ", ".join(parts)

    def sources(self, node: ox.NamedNode) -> str:
        """Every source span of ``node``, separated by semicolons."""
        spans = sorted(
            {
                q.object
                for q in self.store.quads_for_pattern(node, _node(str(PROV.wasDerivedFrom)), None)
                if isinstance(q.object, ox.NamedNode)
            },
            key=str,
        )
        return "; ".join(self.span(span) for span in spans)

    def kpi_values(self, iri: str) -> str:
        """A KPI's baseline and target (value, year, unit, multiplier, scaled value), the SDG
        targets printed in the tables that list it and its monitored values, each with its
        source; nothing for other resources."""
        kpi = _node(iri)
        kpi_type = _node(str(SDGKG.KPI))
        if not any(self.store.quads_for_pattern(kpi, _node(str(RDF.type)), kpi_type)):
            return ""
        rows = []
        for prop, name in (
            (SDGKG.baseline, "現在値 / baseline"),
            (SDGKG.target, "目標値 / target"),
        ):
            for quad in self.store.quads_for_pattern(kpi, _node(str(prop)), None):
                if isinstance(quad.object, ox.NamedNode):
                    rows.append(self.observation_row(name, quad.object))
        monitored = sorted(
            (
                q.subject
                for q in self.store.quads_for_pattern(None, _node(str(SDGKG.observedKpi)), kpi)
                if isinstance(q.subject, ox.NamedNode)
                and any(
                    self.store.quads_for_pattern(
                        q.subject,
                        _node(str(SDGKG.observationRole)),
                        _node(str(SDGKG.MonitoredRole)),
                    )
                )
            ),
            key=lambda node: (_literal(self.store, node, SDGKG.referenceYear), node.value),
        )
        rows += [self.observation_row("実績値 / monitored", node) for node in monitored]
        head = (
            "<tr><th>role / 種別</th><th>value / 値</th><th>year / 年</th><th>unit / 単位</th>"
            "<th>multiplier / 倍率</th><th>value × multiplier / 値×倍率</th>"
            "<th>source / 出典</th></tr>"
        )
        return (
            '<section class="kpi-values" id="kpi-values">'
            "<h2>Baseline, target and SDG targets / 現在値・目標値・SDGsターゲット</h2>"
            f'<table class="kpi-values">{head}{"".join(rows)}</table>'
            f"{self.kpi_targets(kpi)}</section>"
        )

    def observation_row(self, role: str, node: ox.NamedNode) -> str:
        """One observation as a table row: value as printed, year, unit, multiplier, scaled."""
        value = _literal(self.store, node, SDGKG.value)
        multiplier = _literal(self.store, node, SDGKG.unitMultiplier)
        year = _literal(self.store, node, SDGKG.referenceYear)
        year_type = _first(self.store, node, SDGKG.yearType)
        unit = _first(self.store, node, SDGKG.unit)
        symbol = _literal(self.store, unit, SDGKG.symbol) if unit is not None else ""
        scaled = _scaled(value, multiplier)
        kind = self.name(year_type) if year_type is not None else ""
        illustrative = _literal(self.store, node, SDGKG.illustrative) == "true"
        source = self.sources(node)
        published = _literal(self.store, node, SDGKG.publishedSource)
        if published:
            source = _esc(published) + (f"; {source}" if source else "")
        if illustrative:
            source += " <strong>(illustrative / 例示)</strong>"
        return (
            f'<tr><td><a href="{_esc(local_link(node.value, self.link_base))}">{role}</a></td>'
            f"<td>{_esc(value)}</td><td>{_esc(year)} {kind}</td><td>{_esc(symbol)}</td>"
            f"<td>{_esc(multiplier)}</td><td>{_esc(scaled)}</td><td>{source}</td></tr>"
        )

    def kpi_targets(self, kpi: ox.NamedNode) -> str:
        """The SDG targets printed in each table that lists the KPI, with the table's source."""
        items = []
        blocks = sorted(
            {
                q.subject
                for q in self.store.quads_for_pattern(None, _node(str(SDGKG.hasKpi)), kpi)
                if isinstance(q.subject, ox.NamedNode)
            },
            key=str,
        )
        for block in blocks:
            targets = sorted(
                {
                    q.object
                    for q in self.store.quads_for_pattern(
                        block, _node(str(SDGKG.addressesTarget)), None
                    )
                    if isinstance(q.object, ox.NamedNode)
                },
                key=lambda t: _target_order(t.value),
            )
            for target in targets:
                items.append(
                    f"<li>{self.value(target)} — {self.value(block)}; "
                    f"source / 出典: {self.sources(block)}</li>"
                )
        if not items:
            return "<p>No SDG target printed for this KPI / SDGsターゲットの記載なし</p>"
        return "<h3>SDG targets / SDGsターゲット</h3><ul>" + "".join(items) + "</ul>"

    def provenance(self, iri: str) -> str:
        spans = [
            q.object
            for q in self.store.quads_for_pattern(
                _node(iri), _node(str(PROV.wasDerivedFrom)), None, None
            )
            if isinstance(q.object, ox.NamedNode)
        ]
        items = [f"<li>{self.span(span)}</li>" for span in sorted(set(spans), key=str)]
        if not items:
            return ""
        return "<h2>Provenance / 出典</h2><ul>" + "".join(items) + "</ul>"

    def suggestions(self, iri: str) -> str:
        """The SDG targets suggested for ``iri``, marked as inferred, best first."""
        graph = _node(str(SUGGESTIONS_GRAPH))
        rows: list[tuple[int, str]] = []
        for quad in self.store.quads_for_pattern(
            None, _node(str(SDGKG.suggestedFor)), _node(iri), graph
        ):
            facts: dict[str, list[Term]] = defaultdict(list)
            for q in self.store.quads_for_pattern(quad.subject, None, None, graph):
                facts[q.predicate.value].append(q.object)
            rank = facts[str(SDGKG.suggestionRank)][0]
            score = facts[str(SDGKG.suggestionScore)][0]
            target = facts[str(SDGKG.suggestedTarget)][0]
            terms = [
                word
                for t in facts[str(SDGKG.matchedTerms)]
                if isinstance(t, ox.Literal)
                for word in t.value.split()
            ]
            position = int(rank.value) if isinstance(rank, ox.Literal) else 0
            rows.append(
                (
                    position,
                    f"<tr><td>{position}</td><td>{self.value(target)}</td>"
                    f"<td>{_esc(score.value if isinstance(score, ox.Literal) else score)}</td>"
                    f"<td>{_esc(' '.join(terms))}</td></tr>",
                )
            )
        if not rows:
            return ""
        return (
            '<h2 class="suggested">Suggested SDG targets (suggested, not printed in the plan) / '
            "推定されたSDGsターゲット（推定：計画には記載なし）</h2>"
            "<p>Ranked from this entity's words and those of its place in the plan by a "
            "text-matching method; review them with <code>sdgkg suggest</code>. / "
            "この実体と、それが置かれた方向性・分野の語句から文章照合で推定した候補です。</p>"
            "<table><tr><th>rank / 順位</th><th>target / ターゲット</th><th>score / スコア</th>"
            "<th>matched words / 一致した語</th></tr>"
            + "".join(row for _, row in sorted(rows))
            + "</table>"
        )

    def incoming(self, iri: str) -> str:
        # suggestions have their own section, marked as inferred
        suggested = _node(str(SDGKG.suggestedFor))
        quads = sorted(
            {
                (q.subject, q.predicate)
                for q in self.store.quads_for_pattern(None, None, _node(iri), None)
                if isinstance(q.subject, ox.NamedNode) and q.predicate != suggested
            },
            key=lambda sp: (sp[1].value, sp[0].value),
        )
        if not quads:
            return ""
        items = [
            f"<li>{self.value(s)} — {self.property_name(p)}</li>" for s, p in quads[:INCOMING_SHOWN]
        ]
        more = len(quads) - INCOMING_SHOWN
        tail = f"<li>… {more} more / ほか {more} 件</li>" if more > 0 else ""
        return "<h2>Referenced by / 参照元</h2><ul>" + "".join(items) + tail + "</ul>"


def board_href(city: str, link_base: str = "/") -> str:
    """Where the KPI progress board of ``city`` is served."""
    return f"{link_base}{BOARD_PATH}{city}"


def progress_html(store: ox.Store, iri: str, link_base: str = "/") -> str:
    """A KPI's progress panel (latest status, trajectory chart), a city's link to its KPI
    progress board, or nothing for other resources."""
    city = kpi_city(store, iri)
    if city is not None:
        series, state = read_kpi(store, city, iri)
        return kpi_pages.kpi_panel(series, state, board_href(city, link_base))
    city = is_municipality(store, iri)
    if city is not None:
        return kpi_pages.board_link(board_href(city, link_base))
    return ""


def _partners_link(store: ox.Store, iri: str, link_base: str) -> str:
    """A link to the candidate partners of an initiative; nothing for other resources."""
    href = partners_href(iri, link_base)
    initiative = ox.NamedNode(str(SDGKG.Initiative))
    rdf_type = ox.NamedNode(str(RDF.type))
    if (
        href is None
        or next(store.quads_for_pattern(_node(iri), rdf_type, initiative), None) is None
    ):
        return ""
    return (
        f'<p class="partners-link"><a href="{_esc(href)}"><span lang="ja">連携相手の候補</span>'
        f'<span class="bi-sep"> / </span><span lang="en">candidate partners</span></a></p>\n'
    )


def board_html(store: ox.Store, city: str, link_base: str = "/") -> str | None:
    """The KPI progress board of the municipality ``city``; None if it has no KPIs."""
    if is_municipality(store, municipality_iri_value(city)) is None:
        return None
    progress = read_city_progress(store, city, with_series=False)
    return kpi_pages.board_page(
        progress,
        lambda iri: local_link(iri, link_base),
        local_link(municipality_iri_value(city), link_base),
        link_base,
        STYLE,
    )


# The partner evidence of a store, read once (two queries) and reused by every request; the
# store is kept with it so that its id is not reused while cached.
_PARTNER_GRAPHS: dict[int, tuple[ox.Store, PartnerGraph]] = {}


def partner_graph(store: ox.Store) -> PartnerGraph:
    """The candidates and initiatives of ``store``, read on first use."""
    cached = _PARTNER_GRAPHS.get(id(store))
    if cached is None or cached[0] is not store:
        _PARTNER_GRAPHS.clear()  # one store per process: keep one graph
        cached = (store, load_partner_graph(store))
        _PARTNER_GRAPHS[id(store)] = cached
    return cached[1]


def partners_href(iri: str, link_base: str = "/") -> str | None:
    """Where the candidate partners of an initiative (``…/id/<city>/initiative/<id>``) or an SDG
    target (``…/sdg/11.2``) are served; None for anything else."""
    if iri.startswith(BASE + "id/") and "/initiative/" in iri:
        return f"{link_base}{PARTNERS_PATH}initiative/{iri.removeprefix(BASE + 'id/')}"
    code = iri.removeprefix("http://metadata.un.org/sdg/")
    if code != iri and "." in code and code.count(".") == 1:
        return f"{link_base}{PARTNERS_PATH}target/{code}"
    return None


def partners_html(store: ox.Store, path: str, link_base: str = "/") -> str | None:
    """The page of candidate partners for ``target/<code>`` or ``initiative/<path below /id/>``;
    None when the path names no target or initiative of the graph. The work per request is one
    ranking of the candidates, on evidence read once per store."""
    kind, _, key = path.partition("/")
    graph = partner_graph(store)
    subject: Subject
    try:
        if kind == "target":
            subject = target_subject(key)
            subject_href = ""
        elif kind == "initiative":
            iri = BASE + "id/" + key
            subject = initiative_subject(graph, iri)
            subject_href = local_link(iri, link_base)
        else:
            return None
    except SubjectError:
        return None
    rows = [
        {
            "rank": rec.rank,
            "href": local_link(rec.candidate.iri, link_base),
            "ja": rec.candidate.ja,
            "en": rec.candidate.en,
            "type": rec.candidate.type,
            "score": f"{rec.score:.2f}",
            "illustrative": rec.candidate.illustrative,
            "reasons": rec.reasons,
        }
        for rec in rank_candidates(graph, subject, top=PARTNERS_SHOWN)
    ]
    return (
        kpi_pages.environment()
        .get_template("partners_page.html.j2")
        .render(
            subject_ja=subject.ja,
            subject_en=subject.en,
            subject_href=subject_href,
            home=link_base,
            page_style=STYLE,
            rows=rows,
        )
    )


def entity_html(store: ox.Store, iri: str, link_base: str = "/") -> str | None:
    """The HTML page of ``iri`` (labels in ja and en, links, provenance); ``None`` if unknown.

    Links to other project resources start with ``link_base`` (``/id/…`` on the same server).
    """
    if not _statements(store, _node(iri)):
        return None
    page = _Renderer(store, link_base)
    labels = _labels(store, _node(iri))
    title = labels.get("ja") or labels.get("en") or _compact(iri)
    subtitle = labels.get("en", "") if "ja" in labels else ""
    here = _esc(local_link(iri, link_base))
    alternates = [
        (TURTLE, "ttl", "Turtle"),
        (JSON_LD, "jsonld", "JSON-LD"),
        (N_TRIPLES, "nt", "N-Triples"),
    ]
    head_links = "".join(
        f'<link rel="alternate" type="{t}" href="{here}?format={f}">' for t, f, _ in alternates
    )
    body_links = " · ".join(f'<a href="{here}?format={f}">{n}</a>' for _, f, n in alternates)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="ja">\n<head>\n<meta charset="utf-8">\n<title>{_esc(title)}</title>\n'
        f"{head_links}\n<style>{STYLE}{kpi_pages.style()}</style>\n</head>\n<body>\n"
        f'<h1>{_esc(title)}</h1>\n<p class="en" lang="en">{_esc(subtitle)}</p>\n'
        f"<p><code>{_esc(iri)}</code></p>\n"
        f"<p>Download / ダウンロード: {body_links}</p>\n"
        f"{progress_html(store, iri, link_base)}\n"
        f"{_partners_link(store, iri, link_base)}"
        f"{page.kpi_values(iri)}\n"
        f"<table>{page.rows(iri)}</table>\n"
        f"{page.provenance(iri)}\n{page.suggestions(iri)}\n{page.incoming(iri)}\n"
        "</body>\n</html>\n"
    )


@dataclass(frozen=True)
class EntityPage:
    """A rendered answer: the body and its ``Content-Type``."""

    body: bytes
    content_type: str


def render_entity(
    store: ox.Store, iri: str, media_type: str, link_base: str = "/"
) -> EntityPage | None:
    """The page of ``iri`` in ``media_type`` (one of :data:`ACCEPTABLE`); ``None`` if unknown."""
    if media_type == HTML:
        text = entity_html(store, iri, link_base)
        body = text.encode("utf-8") if text is not None else None
    else:
        body = entity_rdf(store, iri, media_type)
    if body is None:
        return None
    return EntityPage(body, CONTENT_TYPES[media_type])
