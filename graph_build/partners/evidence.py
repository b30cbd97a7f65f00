"""What partner finding reads from the graph: stakeholders and initiatives with their evidence.

Two queries (``queries/partners/*.rq``) fetch every fact at once; the graph of a few cities is
small, and holding it in memory lets the leave-one-out benchmark hide one tie at a time without
querying again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from graph_build.paths import PARTNER_QUERIES_DIR
from graph_build.sparql.query import parse_spec, run_spec

TIE_KINDS = ("initiative", "agreement", "body", "mechanism")


@dataclass(frozen=True)
class Candidate:
    """A stakeholder as a possible partner."""

    iri: str
    ja: str
    en: str
    type: str
    cities: frozenset[str] = frozenset()
    declared_targets: frozenset[str] = frozenset()
    declared_goals: frozenset[str] = frozenset()
    texts: tuple[str, ...] = ()  # registered themes and offers, role descriptions
    needs: tuple[str, ...] = ()
    illustrative: bool = False
    # tie kind -> IRIs of the initiatives, agreements, bodies, mechanisms it takes part in
    ties: tuple[tuple[str, frozenset[str]], ...] = ()

    def tied(self, kind: str) -> frozenset[str]:
        """The nodes of one kind of tie."""
        return dict(self.ties).get(kind, frozenset())

    def all_ties(self) -> frozenset[str]:
        """Every node it is tied to."""
        return frozenset().union(*(nodes for _, nodes in self.ties))


@dataclass(frozen=True)
class InitiativeFacts:
    """An initiative: its labels, text, municipality, SDG links by way, and stakeholders."""

    iri: str
    ja: str
    en: str
    city: str
    texts: tuple[str, ...]
    stated_targets: frozenset[str]
    inherited_targets: frozenset[str]
    stated_goals: frozenset[str]
    inherited_goals: frozenset[str]
    stakeholders: frozenset[str]


@dataclass
class PartnerGraph:
    """Every candidate and initiative, by IRI."""

    candidates: dict[str, Candidate] = field(default_factory=dict)
    initiatives: dict[str, InitiativeFacts] = field(default_factory=dict)

    def without_tie(self, stakeholder: str, initiative: str) -> PartnerGraph:
        """A copy in which the document does not name ``stakeholder`` for ``initiative``."""
        cand = self.candidates[stakeholder]
        ties = tuple(
            (kind, nodes - {initiative} if kind == "initiative" else nodes)
            for kind, nodes in cand.ties
        )
        ini = self.initiatives[initiative]
        return PartnerGraph(
            {**self.candidates, stakeholder: replace(cand, ties=ties)},
            {
                **self.initiatives,
                initiative: replace(ini, stakeholders=ini.stakeholders - {stakeholder}),
            },
        )

    def initiatives_of(self, stakeholder: str) -> list[InitiativeFacts]:
        """The initiatives a document names the stakeholder for."""
        cand = self.candidates[stakeholder]
        return [
            self.initiatives[i] for i in sorted(cand.tied("initiative")) if i in self.initiatives
        ]


def _rows(store: ox.Store, name: str) -> list[list[str]]:
    return run_spec(store, parse_spec(PARTNER_QUERIES_DIR / f"{name}.rq")).plain_rows()


def load_partner_graph(store: ox.Store) -> PartnerGraph:
    """Read the candidates and initiatives of a built store."""
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for iri, evidence, value, via in _rows(store, "stakeholder_evidence"):
        facts[iri][evidence].add(via if evidence in (*TIE_KINDS, "city") else value)
    graph = PartnerGraph()
    for iri, got in sorted(facts.items()):
        graph.candidates[iri] = Candidate(
            iri=iri,
            ja=min(got["label-ja"], default=iri),
            en=min(got["label-en"], default=iri),
            type=min(got["type"], default=""),
            cities=frozenset(got["city"]),
            declared_targets=frozenset(got["declared-target"]),
            declared_goals=frozenset(got["declared-goal"]),
            texts=tuple(sorted(got["themes"] | got["offers"] | got["role"])),
            needs=tuple(sorted(got["needs"])),
            illustrative=bool(got["illustrative"]),
            ties=tuple((kind, frozenset(got[kind])) for kind in TIE_KINDS if got[kind]),
        )
    ini_facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for iri, evidence, value in _rows(store, "initiative_evidence"):
        ini_facts[iri][evidence].add(value)
    for iri, got in sorted(ini_facts.items()):
        graph.initiatives[iri] = InitiativeFacts(
            iri=iri,
            ja=min(got["label-ja"], default=iri),
            en=min(got["label-en"], default=iri),
            city=min(got["city"], default=""),
            texts=tuple(sorted(got["label-ja"] | got["label-en"] | got["text"])),
            stated_targets=frozenset(got["stated-target"]),
            inherited_targets=frozenset(got["inherited-target"] - got["stated-target"]),
            stated_goals=frozenset(got["stated-goal"]),
            inherited_goals=frozenset(got["inherited-goal"] - got["stated-goal"]),
            stakeholders=frozenset(got["stakeholder"]),
        )
    return graph
