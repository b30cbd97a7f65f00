"""The release's counts agree with each other as the README explains them."""

from __future__ import annotations

import json

import pyoxigraph as ox

from graph_build.build import BuildResult
from graph_build.namespaces import BASE

VOID_TRIPLES = ox.NamedNode("http://rdfs.org/ns/void#triples")


def lines(path: object) -> int:
    with open(str(path), encoding="utf-8") as handle:
        return sum(1 for line in handle if line.strip())


def test_each_count_is_what_the_readme_says(fixture_build: BuildResult) -> None:
    out = fixture_build.out
    receipt = json.loads((out / "build.json").read_text(encoding="utf-8"))
    statements = receipt["statements_in_named_graphs"]
    assert statements == sum(receipt["triples_per_graph"].values()) == lines(out / "sdgkg.nq")

    quads = list(ox.parse(path=str(out / "sdgkg.nq"), format=ox.RdfFormat.N_QUADS))
    union = {q.triple for q in quads}
    description = list(ox.parse(path=str(out / "release" / "void.ttl"), format=ox.RdfFormat.TURTLE))
    dataset = ox.NamedNode(BASE + "dataset")
    stated = [
        t.object.value for t in description if t.subject == dataset and t.predicate == VOID_TRIPLES
    ]
    assert stated == [str(len(union))]

    release = out / "release"
    assert lines(release / "sdgkg.nq") == statements + len(description)
    assert lines(release / "sdgkg.nt") == len(union) + len(set(description))
