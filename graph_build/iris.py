"""Minting of stable, readable IRIs. Same record, same IRI, every build.

Every IRI the project mints is spelled out here, once. Each rule is a ``*_iri_value`` function
that returns the IRI as a plain string: the emitters mint millions and write them as N-Triples
text, for which an rdflib term would only cost time. The ``*_iri`` functions give the same IRI as
an rdflib :class:`~rdflib.URIRef`, for code that builds rdflib graphs.
"""

from __future__ import annotations

from rdflib import URIRef

from graph_build.namespaces import BASE, DIM, GRAPH, ID, SDG

_ID = str(ID)
_DIM = str(DIM)
_SDG = str(SDG)


def municipality_iri_value(city: str) -> str:
    """The municipality as a place, e.g. ``…/id/kanazawa``."""
    return _ID + city


def entity_iri_value(city: str, kind: str, slug: str) -> str:
    """A city-scoped entity, e.g. ``…/id/kanazawa/kpi/greenhouse-gas-emissions``."""
    return f"{_ID}{city}/{kind}/{slug}"


def organisation_iri_value(slug: str) -> str:
    """Organisations and stakeholders are global: one node for every city that names them."""
    return f"{_ID}org/{slug}"


def document_iri_value(city: str, doc_id: str) -> str:
    """A source document."""
    return entity_iri_value(city, "document", doc_id)


def funding_programme_iri_value(slug: str) -> str:
    """A funding programme: global, like organisations (several cities draw on one programme)."""
    return f"{_ID}funding-programme/{slug}"


def part_iri_value(whole: str, *path: str) -> str:
    """A node that only exists as part of another, below its IRI: a KPI's ``…/baseline``, an
    initiative's ``…/placement/<area>`` or ``…/funding/<programme>``."""
    return whole + "".join(f"/{step}" for step in path)


def source_span_iri_value(entity: str, city: str, doc_id: str, start: int, end: int) -> str:
    """The lines ``start``–``end`` of a document that ``entity`` was curated from.

    The city is part of the IRI: global nodes (stakeholders) are named by documents of several
    cities, which may share a document id and line numbers.
    """
    return f"{entity}/source/{city}/{doc_id}/L{start}-{end}"


def dimension_iri_value(scheme: str, key: str) -> str:
    """A dimension of a scheme, e.g. ``…/dimension/future-city/economy``."""
    return f"{_DIM}{scheme}/{key}"


def sdg_iri_value(code: str) -> str:
    """UN IRI of a goal (``11``), target (``11.6``) or indicator permanent code (``C110601``)."""
    return _SDG + code


def specific_goal_slug(area: str, goal_number: int) -> str:
    """Slug of a specific goal: its area and number, e.g. ``direction-1-2``."""
    return f"{area}-{goal_number}"


def action_slug(goal_slug: str, action_number: int) -> str:
    """Slug of an action: its specific goal's slug and its number."""
    return f"{goal_slug}-{action_number}"


def example_slug(action: str, position: int) -> str:
    """Slug of an example initiative: its action's slug and its position in the list."""
    return f"{action}-{position}"


def suggestion_iri_value(entity: str, target: str) -> str:
    """A suggested SDG target of an entity, below the entity's IRI."""
    return part_iri_value(entity, "sdg-suggestion", target)


def curated_link_iri_value(entity: str, target: str) -> str:
    """An SDG link a curator accepted for an entity, below the entity's IRI."""
    return part_iri_value(entity, "curated-sdg-link", target)


def suggestion_activity_iri_value(method: str, version: str) -> str:
    """The run of a suggestion method of one version, e.g. ``…/id/activity/keyword-bm25/1``."""
    return f"{_ID}activity/{method}/{version}"


def municipality_iri(city: str) -> URIRef:
    """:func:`municipality_iri_value` as an rdflib term."""
    return URIRef(municipality_iri_value(city))


def entity_iri(city: str, kind: str, slug: str) -> URIRef:
    """:func:`entity_iri_value` as an rdflib term."""
    return URIRef(entity_iri_value(city, kind, slug))


def organisation_iri(slug: str) -> URIRef:
    """:func:`organisation_iri_value` as an rdflib term."""
    return URIRef(organisation_iri_value(slug))


def document_iri(city: str, doc_id: str) -> URIRef:
    """:func:`document_iri_value` as an rdflib term."""
    return URIRef(document_iri_value(city, doc_id))


def scheme_iri(scheme: str) -> URIRef:
    """IRI of a dimension scheme, e.g. ``…/dimension/wedding-cake``."""
    return DIM[scheme]


def dimension_iri(scheme: str, key: str) -> URIRef:
    """:func:`dimension_iri_value` as an rdflib term."""
    return URIRef(dimension_iri_value(scheme, key))


def sdg_iri(code: str) -> URIRef:
    """:func:`sdg_iri_value` as an rdflib term."""
    return URIRef(sdg_iri_value(code))


# A municipality's named graphs besides its documents' are ``<city>/<kind>``, one per kind.
OBSERVATIONS_KIND = "kpi-observations"
PARTNER_REGISTRY_KIND = "partner-registry"
KPI_PROGRESS_KIND = "computed/kpi-progress"
INITIATIVE_GOALS_KIND = "computed/initiative-goals"
STAKEHOLDER_SDGS_KIND = "computed/stakeholder-sdgs"
CITY_GRAPH_KINDS = (
    OBSERVATIONS_KIND,
    PARTNER_REGISTRY_KIND,
    KPI_PROGRESS_KIND,
    INITIATIVE_GOALS_KIND,
    STAKEHOLDER_SDGS_KIND,
)
#: Each document's graph, ``<city>/<document>``, is of this kind.
DOCUMENTS_KIND = "documents"


def document_graph_iri(city: str, doc_id: str) -> URIRef:
    """The named graph holding everything curated from one document."""
    return GRAPH[f"{city}/{doc_id}"]


def kpi_observations_graph_iri(city: str) -> URIRef:
    """The named graph of the KPI values a municipality monitors (``kpi-observations.csv``)."""
    return GRAPH[f"{city}/{OBSERVATIONS_KIND}"]


def partner_registry_graph_iri(city: str) -> URIRef:
    """The named graph of a municipality's partner registry (``partners.csv``)."""
    return GRAPH[f"{city}/{PARTNER_REGISTRY_KIND}"]


def kpi_progress_graph_iri(city: str) -> URIRef:
    """The named graph of the progress computed from those values: derived, not curated."""
    return GRAPH[f"{city}/{KPI_PROGRESS_KIND}"]


def initiative_goals_graph_iri(city: str) -> URIRef:
    """The named graph of the goals each initiative counts for in co-reference: computed."""
    return GRAPH[f"{city}/{INITIATIVE_GOALS_KIND}"]


def stakeholder_sdgs_graph_iri(city: str) -> URIRef:
    """The named graph of the SDG targets and goals each stakeholder works on through its
    initiatives: computed."""
    return GRAPH[f"{city}/{STAKEHOLDER_SDGS_KIND}"]


FRAMEWORK_GRAPH = GRAPH["un-sdg"]
SCHEMES_GRAPH = GRAPH["schemes"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
# The dataset description (VoID, DCAT) of a release; published with the graphs.
DESCRIPTION_GRAPH = GRAPH["dataset"]
UN_LABELS_GRAPH = GRAPH["un-sdg-labels"]
# Suggested SDG links, kept apart from every graph of stated facts.
SUGGESTIONS_GRAPH = GRAPH["inferred/sdg-suggestions"]
# SDG links curators accepted from the suggestions: neither printed nor computed.
CURATED_LINKS_GRAPH = GRAPH["curated/sdg-links"]
# What `sdgkg analyze` computed from the graph, with its method and parameters.
ANALYSIS_GRAPH = GRAPH["analysis"]
_CORPUS_GRAPHS = (
    FRAMEWORK_GRAPH,
    UN_LABELS_GRAPH,
    SCHEMES_GRAPH,
    ONTOLOGY_GRAPH,
    DESCRIPTION_GRAPH,
    SUGGESTIONS_GRAPH,
    CURATED_LINKS_GRAPH,
    ANALYSIS_GRAPH,
)
#: The kinds of the project's named graphs, as a library query's ``# reads:`` line names them:
#: a municipality's documents, its other graphs, then each graph of the whole corpus by name.
GRAPH_KINDS = (
    DOCUMENTS_KIND,
    *CITY_GRAPH_KINDS,
    *(str(graph).removeprefix(str(GRAPH)) for graph in _CORPUS_GRAPHS),
)


def graph_kind(graph: str) -> str:
    """The kind (one of :data:`GRAPH_KINDS`) of one of the project's named graphs, by its IRI;
    empty for a graph the project does not name."""
    if not graph.startswith(str(GRAPH)):
        return ""
    rest = graph.removeprefix(str(GRAPH))
    if rest in GRAPH_KINDS:
        return rest
    _city, _, kind = rest.partition("/")
    return kind if kind in CITY_GRAPH_KINDS else DOCUMENTS_KIND


ONTOLOGY_IRI = URIRef(BASE + "ontology")
