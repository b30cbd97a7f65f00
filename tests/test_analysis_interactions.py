"""Expert interaction files: both layouts read the same scores, metrics match a hand calculation,
and every kind of malformed file gets a clear error with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_build.analysis.interactions import interaction_links, read_scores
from graph_build.analysis.metrics import influence
from graph_build.analysis.plan_data import PlanData, read_plan_data
from graph_build.build import BuildResult
from graph_build.errors import InputError
from graph_build.store.embedded import open_store

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "interactions_example.csv"


@pytest.fixture(scope="module")
def data(fixture_build: BuildResult) -> PlanData:
    return read_plan_data(open_store(fixture_build.out))


def write(tmp_path: Path, text: str, name: str = "scores.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


EDGES = """# a hand-made example
from,to,score,confidence,context,rationale
7,13,+2,high,test,energy cuts emissions
13,15,3,,test,
15,7,-1,low,test,land for solar
7,15,1,medium,test,
"""
MATRIX = """from\\to,7,13,15
7,,2,1
13,,,3
15,-1,,
"""


def test_edge_list_and_matrix_give_the_same_layer(tmp_path: Path, data: PlanData) -> None:
    edges = interaction_links(read_scores(write(tmp_path, EDGES), data), data)
    matrix = interaction_links(read_scores(write(tmp_path, MATRIX, "m.csv"), data), data)
    assert [(x.source, x.target, x.weight) for x in edges] == [
        (x.source, x.target, x.weight) for x in matrix
    ]
    assert all(x.directed and x.level == "goal" for x in edges)
    assert dict(edges[0].attributes)["rationale"] == "energy cuts emissions"


def test_imported_layer_metrics_match_a_hand_calculation(tmp_path: Path, data: PlanData) -> None:
    # 7→13 +2, 13→15 +3, 15→7 −1, 7→15 +1 (the a, b, c example of test_analysis_metrics):
    # net influence 7: 3 − (−1) = 4, 13: 3 − 2 = 1, 15: −1 − 4 = −5;
    # second order (A², no diagonal) out: 7 = 2·3 = 6, 13 = 3·(−1) = −3, 15 = −1·2 = −2.
    links = interaction_links(read_scores(write(tmp_path, EDGES), data), data)
    result = {
        i.node: (i.net_influence, i.second_order_out, i.second_order_in) for i in influence(links)
    }
    assert result == {"7": (4, 6, -3), "13": (1, -3, -2), "15": (-5, -2, 6)}


def test_the_shipped_example_is_valid_and_marked_illustrative(data: PlanData) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "ILLUSTRATIVE EXAMPLE, NOT EXPERT DATA" in text.splitlines()[0]
    scores = read_scores(EXAMPLE, data)
    assert len(scores) >= 10 and all(-3 <= s.score <= 3 for s in scores)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from,to,score\n7,13,4\n", "scores.csv:2: 7 → 13: score '4' is not on the ICSU/SEI scale"),
        ("from,to,score\n7,13,2.5\n", "score '2.5' is not on the ICSU/SEI scale"),
        ("from,to,score\n7,13,strong\n", "score 'strong' is not on the ICSU/SEI scale"),
        ("from,to,score\n7,7,2\n", "scores.csv:2: self-link 7 → 7"),
        ("from\\to,7,13\n7,1,2\n", "self-link 7 → 7"),
        ("from,to,score\n7,18,1\n", "'18' is not a UN SDG goal or target"),
        ("from,to,score\n7.2,13.9,1\n", "'13.9' is not a UN SDG goal or target"),
        ("from,to,score\n7,13.1,1\n", "mixes goal codes and target codes"),
        ("from,to,score\n7,13,1\n7,13,2\n", "7 → 13 is scored twice (first on line 2)"),
        ("from,to,score,confidence\n7,13,1,sure\n", "confidence 'sure' is not one of low"),
        ("source,score\n7,1\n", "header lacks column(s) to"),
        ("# only a comment\n", "no scores in the file"),
        ("from,to,score\n7,,1\n", "row needs 'from', 'to' and 'score'"),
    ],
)
def test_malformed_files_get_clear_errors(
    tmp_path: Path, data: PlanData, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_scores(path, data)
    message = str(caught.value)
    assert expected in message
    assert str(path) in message  # where: the file (and line)


def test_every_problem_is_reported_at_once(tmp_path: Path, data: PlanData) -> None:
    path = write(tmp_path, "from,to,score\n7,13,5\n9,9,1\n99,1,1\n")
    with pytest.raises(InputError) as caught:
        read_scores(path, data)
    assert len(caught.value.problems) == 3
    assert "fix:" in str(caught.value)


def test_missing_file_is_explained(tmp_path: Path, data: PlanData) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_scores(tmp_path / "nope.csv", data)
