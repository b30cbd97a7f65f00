"""Generated malformed records never reach the user as a traceback, and never leave output."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_build.build import build
from graph_build.errors import InputError
from graph_build.records.sources import load_corpus

from .conftest import ALL_RECORD_KINDS

PLAN = ALL_RECORD_KINDS / "sampletown" / "plan-2024.yaml"
BASE: dict[str, Any] = yaml.safe_load(PLAN.read_text(encoding="utf-8"))

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found


ALL_PATHS = paths(BASE)


def mutate(doc: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    import copy

    doc = copy.deepcopy(doc)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "drop":
        del parent[last]
    else:
        parent[last] = value
    return doc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["drop", "set"]), junk),
        min_size=1,
        max_size=3,
    )
)
def test_mutated_records_give_input_errors_only(edits: list[tuple[Any, str, Any]]) -> None:
    doc: Any = BASE
    for path, action, value in edits:
        try:
            doc = mutate(doc, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed this path
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ALL_RECORD_KINDS, data)
        (data / "sampletown" / "plan-2024.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8"
        )
        try:
            load_corpus(data)
        except InputError as exc:
            for problem in exc.problems:
                assert str(problem.file).startswith(str(data))
                assert problem.message


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_arbitrary_file_content_is_an_input_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ALL_RECORD_KINDS, data)
        (data / "sampletown" / "plan-2024.yaml").write_bytes(content)
        out = Path(tmp) / "dist"
        try:
            build(data, out)
        except InputError as exc:
            assert "plan-2024.yaml" in str(exc)
            assert not out.exists()
            assert sorted(p.name for p in Path(tmp).iterdir()) == ["data"]
