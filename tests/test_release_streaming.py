"""The release dumps are written as they are formatted, never held as text: the streamed
writers give exactly the bytes the whole-document forms give, and the compact sort keys give
exactly the tuple order."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_build.release import folder, rdf_syntaxes
from graph_build.release.jsonld import jsonld_bytes, project_context, write_jsonld
from graph_build.release.rdf_syntaxes import (
    RDF_TYPE,
    serialize_triples,
    sorted_quads,
    sorted_triples,
    term_key,
)

EX = "http://example.org/"
TEXT = st.text(alphabet=st.sampled_from(["a", "b", "\x00", "\x01", "あ", " "]), max_size=4)
IRIS = st.sampled_from([EX, EX + "a", EX + "a/b", EX + "ab", RDF_TYPE, EX + "b"])


@st.composite
def terms(draw: st.DrawFn) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind = draw(st.sampled_from(["iri", "blank", "plain", "lang", "typed"]))
    if kind == "iri":
        return ox.NamedNode(draw(IRIS))
    if kind == "blank":
        return ox.BlankNode(draw(st.sampled_from(["b0", "b1", "b10"])))
    if kind == "lang":
        return ox.Literal(draw(TEXT), language=draw(st.sampled_from(["ja", "en", "en-gb"])))
    if kind == "typed":
        return ox.Literal(draw(TEXT), datatype=ox.NamedNode(draw(IRIS)))
    return ox.Literal(draw(TEXT))


@st.composite
def quads(draw: st.DrawFn) -> ox.Quad:
    subject = draw(terms().filter(lambda t: not isinstance(t, ox.Literal)))
    graph = ox.NamedNode(draw(IRIS))
    return ox.Quad(subject, ox.NamedNode(draw(IRIS)), draw(terms()), graph)


def tuple_key(q: ox.Quad) -> tuple[object, ...]:
    predicate = (q.predicate.value != RDF_TYPE, q.predicate.value)
    return (term_key(q.graph_name), term_key(q.subject), predicate, term_key(q.object))


@settings(max_examples=300, deadline=None)
@given(st.lists(quads(), max_size=30))
def test_compact_sort_keys_give_the_tuple_order(statements: list[ox.Quad]) -> None:
    # NUL characters, prefixes of one another, and every kind of term
    expected = sorted(set(statements), key=tuple_key)
    assert sorted_quads(statements) == expected
    triples = [q.triple for q in statements]
    by_tuple = sorted(set(triples), key=lambda t: tuple_key(ox.Quad(*t, ox.NamedNode(EX)))[1:])
    assert sorted_triples(triples) == by_tuple


def test_a_value_ending_in_nul_characters_sorts_after_its_prefix() -> None:
    # Without escaping, "a" (then the language "ja") would sort after "a\0\0".
    s, p = ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p")
    values = ["a\x00\x00", "a", "a\x00", "a\x00\x01"]
    statements = [ox.Quad(s, p, ox.Literal(v, language="ja"), ox.NamedNode(EX)) for v in values]
    assert [q.object.value for q in sorted_quads(statements)] == sorted(values)


def test_gzip_of_a_file_is_gzip_of_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(folder, "GZIP_CHUNK", 1000)  # many pieces
    data = "".join(f'<{EX}s{i}> <{EX}p> "値{i}" .\n' for i in range(3000)).encode()
    path = tmp_path / "dump.nt"
    path.write_bytes(data)
    packed = folder.gzip_file(path).read_bytes()
    assert packed == gzip.compress(data, compresslevel=folder.GZIP_LEVEL, mtime=0)
    assert gzip.decompress(packed) == data


def sample_triples() -> list[ox.Triple]:
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    triples = []
    for i in range(40):
        node = ox.NamedNode(f"https://w3id.org/sdgkg/id/x/{i}")
        triples.append(ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(EX + "Thing")))
        triples.append(ox.Triple(node, label, ox.Literal(f"名前{i}\n改行", language="ja")))
        triples.append(ox.Triple(node, label, ox.Literal(f"name {i}", language="en")))
    return sorted_triples(triples)


def test_streamed_jsonld_is_the_whole_document(tmp_path: Path) -> None:
    triples = sample_triples()
    data = jsonld_bytes(triples)
    document = json.loads(data)
    assert data == (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()
    assert len(document["@graph"]) == 40
    parsed = ox.parse(data, format=ox.RdfFormat.JSON_LD)
    assert {q.triple for q in parsed} == set(triples)
    empty = json.loads(jsonld_bytes([]))
    assert empty == {"@context": project_context().document["@context"], "@graph": []}


def test_jsonld_refuses_triples_not_grouped_by_subject() -> None:
    triples = sample_triples()
    with pytest.raises(ValueError, match="not together"):
        write_jsonld(triples[:1] + triples[3:] + triples[1:3], io.BytesIO())  # node 0 split


def test_prefix_lines_are_sorted_however_the_writer_splits_them() -> None:
    held = io.BytesIO()
    sorter = rdf_syntaxes._SortedPrefixes(held)
    text = b"@prefix z: <http://z/> .\n@prefix a: <http://a/> .\n\n<http://a/s> a z:C .\n"
    for i in range(len(text)):
        sorter.write(text[i : i + 1])
    sorter.flush_head()
    assert held.getvalue() == (
        b"@prefix a: <http://a/> .\n@prefix z: <http://z/> .\n\n<http://a/s> a z:C .\n"
    )
    turtle = serialize_triples(sample_triples(), "turtle")
    heads = [line for line in turtle.split(b"\n") if line.startswith(b"@prefix")]
    assert heads == sorted(heads) and len(heads) >= 2
