"""Pages of municipalities: a corpus-wide library answer, a slice of municipalities at a time.

A library query whose header says ``# pages: city`` gives rows that each belong to one
municipality, in an order that starts with the municipality's Japanese name (``ORDER BY ?city
…``). Its answer for a run of municipalities that follow each other in name order is then that
run's part of the unbound answer, in the same order, so the unbound answer is its pages one after
the other (tests/test_query_pages.py checks this for every such query). A page binds the query's
city parameter to the page's municipalities (one ``VALUES`` block of many rows, placed as for one
city), so the query is evaluated for those municipalities only (benchmarks/corpus_pages.py
measures a first page and all pages against a build).

Municipalities that share a name stay on one page, so that a page boundary never falls between
rows the query orders as equals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph_build.errors import SdgkgError

#: Municipalities per page when the caller does not say.
DEFAULT_PAGE_SIZE = 50

_MUNICIPALITIES = """
PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?city_iri ?city WHERE {
  ?city_iri a sdgkg:Municipality ; rdfs:label ?city . FILTER(lang(?city) = "ja")
}
"""


@dataclass(frozen=True)
class Page:
    """One page: its number (from 1) of how many, and its municipalities' IRIs in name order."""

    number: int
    count: int
    cities: tuple[str, ...]
    #: Position (from 1) of the page's first municipality among all of them.
    first: int
    #: Municipalities in the graph.
    total: int

    def describe(self, header: bool = False) -> str:
        """``page 2 of 35: municipalities 51–100 of 1,741 (in name order)``; as an HTTP header
        value (ASCII, no thousands separators), ``2 of 35; municipalities 51-100 of 1741 in
        name order``."""
        last = self.first + len(self.cities) - 1
        if header:
            return (
                f"{self.number} of {self.count}; municipalities {self.first}-{last} "
                f"of {self.total} in name order"
            )
        return (
            f"page {self.number} of {self.count}: municipalities {self.first:,}–{last:,} "
            f"of {self.total:,} (in name order)"
        )


def municipality_pages(store: Any, size: int = DEFAULT_PAGE_SIZE) -> list[Page]:
    """The graph's municipalities in pages of about ``size``, in the order of their Japanese
    names (then IRIs); municipalities sharing a name are kept on one page."""
    if size < 1:
        raise SdgkgError(f"page size {size}: give at least 1 municipality per page")
    named = sorted(
        (str(row["city"].value), str(row["city_iri"].value))
        for row in store.query(_MUNICIPALITIES, use_default_graph_as_union=True)
    )
    runs: list[list[str]] = []
    previous = None
    for name, iri in named:
        if runs and name == previous and len(runs[-1]) >= size:
            runs[-1].append(iri)  # a name shared across the boundary stays with its page
        elif not runs or len(runs[-1]) >= size:
            runs.append([iri])
        else:
            runs[-1].append(iri)
        previous = name
    pages, first = [], 1
    for number, cities in enumerate(runs, start=1):
        pages.append(Page(number, len(runs), tuple(cities), first, len(named)))
        first += len(cities)
    return pages


def choose_page(pages: list[Page], number: int, option: str = "--page ") -> Page:
    """Page ``number`` (from 1), or an error that says how many there are (and how to ask for
    one: ``option`` is ``--page `` on the command line, ``page=`` in a URL)."""
    if not 1 <= number <= len(pages):
        raise SdgkgError(
            f"page {number}: the graph has {len(pages)} page(s) of municipalities; "
            f"give {option}1 to {max(len(pages), 1)}"
        )
    return pages[number - 1]


def page_bindings(variable: str, page: Page) -> Mapping[ox.Variable, tuple[ox.NamedNode, ...]]:
    """The binding that restricts a query's ``?variable`` to the page's municipalities."""
    return {ox.Variable(variable): tuple(ox.NamedNode(iri) for iri in page.cities)}
