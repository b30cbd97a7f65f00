"""What ``sdgkg query`` and the notebook API give back: readable tables, typed DataFrames, graph
results as Turtle, ``SELECT *`` in the query's order, and a KPI's values on its entity page."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_build.build import BuildResult
from graph_build.cli.main import main
from graph_build.errors import SdgkgError
from graph_build.serve.entity_pages import entity_html
from graph_build.sparql.dataframes import query_dataframe
from graph_build.sparql.display import MAX_CELL_WIDTH, render_table, text_width, wrap
from graph_build.sparql.query import (
    STREAMED_FORMATS,
    QueryResult,
    format_result,
    library,
    parse_spec,
    run_query,
    run_spec,
    stream_select,
)
from graph_build.sparql.text import query_form, variable_order
from graph_build.store.embedded import open_store

KPI = "https://w3id.org/sdgkg/id/sampletown/kpi/co2-emissions"
PREFIXES = """PREFIX sdgkg: <https://w3id.org/sdgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# the variables first appear as kpi, label, b, value; Oxigraph would list them by name
STAR = PREFIXES + (
    "SELECT * WHERE { ?kpi a sdgkg:KPI ; rdfs:label ?label ; sdgkg:baseline ?b .\n"
    '  # ?aaa in a comment and "?zzz" in a string are no variables\n'
    '  ?b sdgkg:value ?value FILTER(?label != "?zzz") }\n'
)
CONSTRUCT = PREFIXES + (
    "CONSTRUCT { ?kpi rdfs:label ?label ; sdgkg:baseline ?b }\n"
    "WHERE { ?kpi a sdgkg:KPI ; rdfs:label ?label ; sdgkg:baseline ?b }\n"
)


def _query_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _cli(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["query", *args])
    return done.exit_code, done.output


# --- readable tables -------------------------------------------------------------------------


def test_table_shows_prefixed_names_and_no_tags_in_one_language_columns(
    fixture_build: BuildResult,
) -> None:
    code, out = _cli("kpis", "--out", str(fixture_build.out))
    assert code == 0, out
    assert "id:sampletown/kpi/co2-emissions" in out and "https://w3id.org/" not in out
    # every column holds one language: no tags
    assert "@ja" not in out and "@en" not in out
    assert "温室効果ガス排出量" in out


def test_tags_shown_where_two_languages_meet(fixture_build: BuildResult, tmp_path: Path) -> None:
    code, out = _cli(_query_file(tmp_path, "star", STAR), "--out", str(fixture_build.out))
    assert code == 0, out
    assert "温室効果ガス排出量@ja" in out and "Greenhouse gas emissions@en" in out


def test_machine_formats_keep_full_iris_and_tags(fixture_build: BuildResult) -> None:
    out = str(fixture_build.out)
    _, csv_text = _cli("kpis", "--out", out, "--format", "csv")
    assert f",{KPI}," in csv_text
    assert "id:sampletown" not in csv_text
    _, json_text = _cli("kpis", "--out", out, "--format", "json")
    bindings = json.loads(json_text)["results"]["bindings"]
    assert {"type": "literal", "value": "温室効果ガス排出量", "xml:lang": "ja"} in [
        b["kpi"] for b in bindings
    ]
    assert KPI in [b["kpi_iri"]["value"] for b in bindings]


def test_numbers_are_right_aligned(fixture_build: BuildResult) -> None:
    result = run_query("kpis", fixture_build.out)
    md = format_result(result, "md").splitlines()
    rule = md[1].strip("|").split("|")
    kinds = dict(zip(result.variables, rule, strict=True))
    assert kinds["baseline_value"] == "---:" and kinds["baseline_year"] == "---:"
    assert kinds["kpi"] == "---" and kinds["kpi_iri"] == "---"
    table = format_result(result, "table").splitlines()
    start = table[0].index("baseline_value")
    end = start + len("baseline_value")
    cells = [line for line in table[2:-1] if "温室効果ガス排出量" in line]
    # after the wide kpi name, columns are counted in terminal columns, not characters
    assert cells and _columns(cells[0], start, end).strip() == "2778"
    assert _columns(cells[0], start, end).endswith("2778")


def _columns(line: str, start: int, end: int) -> str:
    """The part of ``line`` between terminal columns ``start`` and ``end``."""
    out, used = "", 0
    for ch in line:
        if start <= used < end:
            out += ch
        used += text_width(ch)
    return out


def _lit(text: str, lang: str = "") -> ox.Literal:
    return ox.Literal(text, language=lang) if lang else ox.Literal(text)


def test_wide_and_combining_characters_keep_columns_aligned() -> None:
    # が written as か + combining voiced mark takes two columns, like the precomposed が
    names = ["温室効果ガス排出量", "ka\u3099 decomposed か\u3099", "CO2"]
    result = QueryResult(
        ["name", "tail"],
        [{"name": _lit(n), "tail": _lit("x")} for n in names],
    )
    lines = format_result(result, "table").splitlines()[2:-1]
    tails = {text_width(line[: line.rindex("x")]) for line in lines}
    assert len(tails) == 1, lines
    assert text_width("か\u3099") == 2 and text_width("が") == 2


def test_long_cells_wrap_inside_their_column() -> None:
    long_ja = (
        "市民一人ひとりが持続可能な暮らしを実践するまちを目指し、地域の資源を活かした取組を進める"
    )
    long_en = "Residents practise sustainable living and the city uses its local resources " * 2
    for text in (long_ja, long_en):
        lines = wrap(text, MAX_CELL_WIDTH)
        assert len(lines) > 1
        assert all(text_width(line) <= MAX_CELL_WIDTH for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    table = render_table(["text", "n"], [{"text": _lit(long_ja), "n": _lit("1")}])
    body = table.splitlines()[2:-1]
    assert len(body) == len(wrap(long_ja, MAX_CELL_WIDTH))
    assert all(text_width(line) <= MAX_CELL_WIDTH + 2 + 1 for line in body)


# --- SELECT *, CONSTRUCT, DESCRIBE, ASK -------------------------------------------------------


def test_select_star_keeps_the_query_order(fixture_build: BuildResult, tmp_path: Path) -> None:
    assert variable_order(STAR) == ["kpi", "label", "b", "value"]
    result = run_query(_query_file(tmp_path, "star", STAR), fixture_build.out)
    assert result.variables == ["kpi", "label", "b", "value"]
    # each row still holds the values of its own variables
    row = next(r for r in result.rows if r["kpi"] == ox.NamedNode(KPI))
    assert row["b"] == ox.NamedNode(KPI + "/baseline")
    _, csv_text = _cli(
        _query_file(tmp_path, "star", STAR), "--out", str(fixture_build.out), "--format", "csv"
    )
    assert csv_text.splitlines()[0] == "kpi,label,b,value"


def test_construct_prints_turtle_with_the_prefixes_it_uses(
    fixture_build: BuildResult, tmp_path: Path
) -> None:
    path = _query_file(tmp_path, "construct", CONSTRUCT)
    code, out = _cli(path, "--out", str(fixture_build.out))
    assert code == 0, out
    assert "@prefix sdgkg: <https://w3id.org/sdgkg/ontology#> ." in out
    assert "@prefix rdfs:" in out and "@prefix foaf:" not in out and "@prefix rdf:" not in out
    assert "sdgkg:baseline" in out
    store = open_store(fixture_build.out)
    expected = set(store.query(CONSTRUCT, use_default_graph_as_union=True))  # type: ignore[arg-type]
    parsed = {q.triple for q in ox.parse(out.encode(), format=ox.RdfFormat.TURTLE)}
    assert parsed == expected and len(expected) == 6
    # the same bytes every time
    assert _cli(path, "--out", str(fixture_build.out))[1] == out


def test_describe_as_ntriples_and_ask(fixture_build: BuildResult, tmp_path: Path) -> None:
    out = str(fixture_build.out)
    describe = _query_file(tmp_path, "describe", f"DESCRIBE <{KPI}/baseline>\n")
    code, text = _cli(describe, "--out", out, "--format", "ntriples")
    assert code == 0, text
    assert f"<{KPI}/baseline> <https://w3id.org/sdgkg/ontology#value> " in text
    ask = _query_file(tmp_path, "ask", f"ASK {{ <{KPI}> a ?type }}\n")
    assert _cli(ask, "--out", out, "--format", "csv")[1] == "answer\ntrue\n"


def test_graph_and_table_formats_do_not_mix(fixture_build: BuildResult, tmp_path: Path) -> None:
    out = str(fixture_build.out)
    code, text = _cli(_query_file(tmp_path, "c", CONSTRUCT), "--out", out, "--format", "csv")
    assert code == 2 and "turtle, ntriples" in text
    code, text = _cli("kpis", "--out", out, "--format", "turtle")
    assert code == 2 and "table, csv" in text
    # refused before any request: nothing listens on this port
    code, text = _cli(
        _query_file(tmp_path, "c", CONSTRUCT), "--endpoint", "http://127.0.0.1:9/sparql"
    )
    assert code == 2 and "--endpoint runs SELECT queries" in text


def test_query_form_skips_comments_and_strings() -> None:
    assert query_form("# CONSTRUCT in a comment\nSELECT ?x WHERE { ?x ?p 'ASK' }") == "SELECT"
    assert query_form(CONSTRUCT) == "CONSTRUCT"
    assert query_form("PREFIX ask: <http://e/>\nDESCRIBE ask:x") == "DESCRIBE"


# --- typed DataFrames ---------------------------------------------------------------------------


def test_goal_numbers_are_integers_and_sort_as_numbers(fixture_build: BuildResult) -> None:
    goals = query_dataframe("goal_coverage", out=fixture_build.out)
    assert str(goals["sdg_goal"].dtype) == "Int64"
    numbers = list(goals["sdg_goal"])
    assert numbers == sorted(numbers) and len(numbers) > 1
    pairs = query_dataframe("goal_link_weights", out=fixture_build.out)
    assert str(pairs["goal_a"].dtype) == "Int64" and str(pairs["goal_b"].dtype) == "Int64"
    assert (pairs["goal_a"] < pairs["goal_b"]).all()
    # the printed table is unchanged: the lexical form of 11 is 11
    assert "11" in format_result(run_query("goal_coverage", fixture_build.out), "csv").split(",")


def test_kpi_values_are_scaled_by_their_multiplier(fixture_build: BuildResult) -> None:
    frame = query_dataframe("kpis", out=fixture_build.out)
    assert str(frame["baseline_year"].dtype) == "Int64"
    assert frame["baseline_value"].dtype.kind == "f"
    row = frame.set_index("kpi_iri").loc[KPI]
    assert (row["baseline_value"], row["multiplier"]) == (2778, 1000)
    assert row["baseline_value_scaled"] == 2_778_000
    assert row["target_value_scaled"] == 1761 * 1000
    assert (frame["baseline_value_scaled"] == frame["baseline_value"] * frame["multiplier"]).all()


def test_one_row_per_kpi_unless_asked_per_table(project_build: BuildResult) -> None:
    per_table = query_dataframe("kpis", out=project_build.out, per_table=True)
    merged = query_dataframe("kpis", out=project_build.out)
    repeated = per_table[per_table["kpi_iri"].duplicated(keep=False)]
    assert not repeated.empty, "the project data lists some KPI in two tables"
    assert merged["kpi_iri"].is_unique
    assert set(merged["kpi_iri"]) == set(per_table["kpi_iri"])
    for iri, rows in repeated.groupby("kpi_iri"):
        listed = merged.set_index("kpi_iri").loc[iri, "direction"]
        assert listed == sorted(set(rows["direction"].dropna()))


# --- KPI entity pages ---------------------------------------------------------------------------


def test_kpi_page_shows_baseline_target_and_sdg_targets_with_sources(
    fixture_build: BuildResult,
) -> None:
    page = entity_html(open_store(fixture_build.out), KPI)
    assert page is not None
    section = page[
        page.index('id="kpi-values"') : page.index("</section>", page.index('id="kpi-values"'))
    ]
    baseline = section[section.index("baseline") :]
    baseline = baseline[: baseline.index("</tr>")]
    for cell in ("<td>2778</td>", "2021", "t-CO2", "<td>1000</td>", "<td>2778000</td>", "20–21"):
        assert cell in baseline, (cell, baseline)
    target = section[section.index("目標値 / target") :]
    assert "<td>1761</td>" in target[: target.index("</tr>")]
    # 13.2 is printed only in the priority table (lines 19-21), 15.c only in direction 1's
    items = section[section.index("<h3>") :].split("<li>")[1:]
    by_code = {code: [i for i in items if f"sdg/{code}" in i] for code in ("13.2", "15.c", "11.7")}
    assert len(by_code["13.2"]) == 1 and "19–21" in by_code["13.2"][0]
    assert len(by_code["15.c"]) == 1 and "19–23" in by_code["15.c"][0]
    assert len(by_code["11.7"]) == 2


def test_kpi_page_lists_monitored_values(monitored_build: BuildResult) -> None:
    store = open_store(monitored_build.out)
    observed = next(
        q.object
        for q in store.quads_for_pattern(
            None, ox.NamedNode("https://w3id.org/sdgkg/ontology#observedKpi"), None
        )
        if any(
            store.quads_for_pattern(
                q.subject,
                None,
                ox.NamedNode("https://w3id.org/sdgkg/ontology#MonitoredRole"),
            )
        )
    )
    page = entity_html(store, observed.value)
    assert page is not None
    assert "実績値 / monitored" in page and "illustrative / 例示" in page


# --- machine formats, written row by row ------------------------------------------------------


@pytest.mark.parametrize("fmt", STREAMED_FORMATS)
def test_streamed_answers_are_the_formatted_answers(project_build: BuildResult, fmt: str) -> None:
    """Every library query with its example parameters: the rows written one by one give the
    same text as the whole result formatted at once, and as many rows."""
    store = open_store(project_build.out)
    checked = 0
    for spec in library():
        if query_form(spec.text) != "SELECT":
            continue
        params = spec.required_examples()
        expected = format_result(run_spec(store, spec, params), fmt)
        chunks: list[str] = []
        rows = stream_select(store, spec, params, fmt, chunks.append)
        assert "".join(chunks) == expected, spec.name
        assert rows == len(run_spec(store, spec, params).rows)
        checked += rows > 0
    assert checked > 20  # most library queries answer rows on the seed build


@pytest.mark.parametrize("fmt", STREAMED_FORMATS)
def test_streamed_select_star_and_empty_answers(
    fixture_build: BuildResult, tmp_path: Path, fmt: str
) -> None:
    store = open_store(fixture_build.out)
    empty = STAR.replace("FILTER(", 'FILTER(?label = "no such label" && ')
    for name, text in (("star", STAR), ("empty", empty)):
        spec = parse_spec(Path(_query_file(tmp_path, name, text)))
        code, out = _cli(str(spec.path), "--out", str(fixture_build.out), "--format", fmt)
        assert code == 0, out
        assert out == format_result(run_spec(store, spec), fmt), name
    assert len(run_spec(store, spec).rows) == 0  # the last one answered nothing


def test_streaming_is_only_for_machine_formats(fixture_build: BuildResult) -> None:
    store = open_store(fixture_build.out)
    spec = next(s for s in library() if s.name == "kpis")
    with pytest.raises(SdgkgError, match="not written row by row"):
        stream_select(store, spec, {}, "table", print)
