"""Expert interaction files: several assessors in both layouts, agreement per pair, synergies and
trade-offs kept apart, the Weitz et al. (2018) influence measures against a hand calculation,
the SEI cross-impact matrix round trip, the illustrative mark, and clear errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_build.analysis.expert import assess, expert_links, summarise_pairs, weitz_influence
from graph_build.analysis.expert_outputs import cross_impact_text, matrix_texts
from graph_build.analysis.interactions import read_cross_impact, read_scores
from graph_build.analysis.layers import SYNERGY, TRADE_OFF
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


# Two assessors. x: 7→13 +2, 13→15 +3, 15→7 −1, 7→15 +1; y: 7→13 +2, 15→7 +1, 7→15 −3.
EDGES = """# a hand-made example
assessor,from,to,score,confidence,comment,context
x,7,13,+2,high,energy cuts emissions,test
x,13,15,3,,,test
x,15,7,-1,low,land for solar,test
x,7,15,1,medium,,
y,7,13,2,medium,,
y,15,7,1,low,solar jobs,
y,7,15,-3,high,dams flood valleys,
"""
MATRIX_X = """# assessor: x
from\\to,7,13,15
7,,2,1
13,,,3
15,-1,,
"""
MATRIX_Y = """from\\to,7,13,15
7,,2,-3
15,1,,
"""
STACKED = """from\\to,assessor,7,13,15
7,x,,2,1
13,x,,,3
15,x,-1,,
7,y,,2,-3
15,y,1,,
"""


def triples(path: Path | list[Path], data: PlanData) -> list[tuple[str, str, str, int]]:
    return sorted((s.assessor, s.source, s.target, s.score) for s in read_scores(path, data))


def test_edge_list_matrices_and_stacked_matrix_give_the_same_scores(
    tmp_path: Path, data: PlanData
) -> None:
    edges = triples(write(tmp_path, EDGES), data)
    # one matrix per assessor: the id from '# assessor:' or else from the file name
    per_file = triples(
        [write(tmp_path, MATRIX_X, "m.csv"), write(tmp_path, MATRIX_Y, "y.csv")], data
    )
    stacked = triples(write(tmp_path, STACKED, "stacked.csv"), data)
    assert edges == per_file == stacked
    assert len(edges) == 7 and {a for a, *_ in edges} == {"x", "y"}


def test_pairs_show_how_far_assessors_agree(tmp_path: Path, data: PlanData) -> None:
    pairs = {
        (p.source, p.target): p for p in summarise_pairs(read_scores(write(tmp_path, EDGES), data))
    }
    both = pairs[("7", "15")]  # x +1, y −3
    assert (both.count, both.mean, both.median, both.minimum, both.maximum) == (2, -1, -1, -3, 1)
    assert both.stdev == pytest.approx(2.0)  # population: deviations ±2
    assert both.sign_disagreement and (both.synergy, both.trade_off) == (0.5, -1.5)
    agree = pairs[("7", "13")]
    assert (agree.mean, agree.stdev, agree.sign_disagreement) == (2, 0, False)
    assert agree.joined("comment") == "x: energy cuts emissions"
    assert pairs[("13", "15")].count == 1


def test_synergies_and_trade_offs_are_separate_layers(tmp_path: Path, data: PlanData) -> None:
    links = expert_links(assess([write(tmp_path, EDGES)], data))
    by_pair = {(x.layer, x.source, x.target): x.weight for x in links}
    # 7→15 (+1, −3) is a synergy of 0.5 AND a trade-off of −1.5: not a summed −1
    assert by_pair[(SYNERGY, "7", "15")] == 0.5
    assert by_pair[(TRADE_OFF, "7", "15")] == -1.5
    assert all(w > 0 for (layer, *_), w in by_pair.items() if layer == SYNERGY)
    assert all(w < 0 for (layer, *_), w in by_pair.items() if layer == TRADE_OFF)
    assert all(x.directed and x.level == "goal" and x.basis == "scored" for x in links)


def test_influence_matches_a_hand_calculation(tmp_path: Path, data: PlanData) -> None:
    # Mean matrix M (S = positive parts, T = negative parts, averaged over the pair's assessors):
    #   7→13: S 2; 7→15: S 0.5, T −1.5; 13→15: S 3; 15→7: S 0.5, T −0.5 (x −1, y +1)
    # Row sums: 7: + 2.5, − −1.5, net 1; 13: +3, net 3; 15: +0.5, −0.5, net 0.
    # Column sums: 7: +0.5 −0.5; 13: +2; 15: +3.5 −1.5.
    # Two-step paths i→j→k with k ≠ i (products of parts):
    #   7→13→15: S·S 2·3 = 6; 7→15→7 returns to 7 (left out);
    #   13→15→7: S·S 3·0.5 = 1.5, S·T 3·(−0.5) = −1.5;
    #   15→7→13: S·S 0.5·2 = 1, T·S −0.5·2 = −1;
    #   15→7→15: returns to 15 (left out).
    # Second order: 7: +6; 13: +1.5 −1.5; 15: +1 −1. Received: 15: 6; 7: 0; 13: 0.
    result = {
        i.node: (
            i.out_positive,
            i.out_negative,
            i.net_influence,
            i.in_positive,
            i.in_negative,
            i.second_order_positive,
            i.second_order_negative,
            i.second_order,
            i.second_order_in,
        )
        for i in weitz_influence(summarise_pairs(read_scores(write(tmp_path, EDGES), data)))
    }
    assert result == {
        "7": (2.5, -1.5, 1, 0.5, -0.5, 6, 0, 6, 0),
        "13": (3, 0, 3, 2, 0, 1.5, -1.5, 0, 0),
        "15": (0.5, -0.5, 0, 3.5, -1.5, 1, -1, 0, 6),
    }


def test_second_order_equals_row_sums_of_the_squared_mean_matrix(
    tmp_path: Path, data: PlanData
) -> None:
    # The split into positive and negative paths adds up to M² (without paths back home).
    assessment = assess([EXAMPLE], data)
    m = assessment.matrix()
    codes = assessment.codes
    for i in assessment.influence:
        squared = sum(
            m.get((i.node, j), 0.0) * m.get((j, k), 0.0)
            for j in codes
            for k in codes
            if k != i.node
        )
        assert i.second_order == pytest.approx(squared)
        assert i.net_influence == pytest.approx(sum(m.get((i.node, j), 0.0) for j in codes))


def test_cross_impact_matrices_round_trip(tmp_path: Path, data: PlanData) -> None:
    assessment = assess([EXAMPLE], data)
    texts = matrix_texts(assessment)
    assert set(texts) == {
        "assessor-example-a.csv",
        "assessor-example-b.csv",
        "assessor-example-c.csv",
        "aggregate-mean.csv",
    }
    for name, text in texts.items():
        path = write(tmp_path, text, name)
        matrix = read_cross_impact(path)
        assert matrix.codes == assessment.codes
        expected = assessment.matrix(None if name == "aggregate-mean.csv" else matrix.assessor)
        assert matrix.cells == pytest.approx(expected) and matrix.cells.keys() == expected.keys()
        assert matrix.illustrative
        comments = [line for line in text.splitlines() if line.startswith("#")]
        again = cross_impact_text(matrix.codes, matrix.cells, [c[2:] for c in comments])
        assert again == text  # byte-identical on the second write
    # an assessor's matrix is valid input again, with the same scores and assessor id
    path = tmp_path / "assessor-example-b.csv"
    back = read_scores(path, data)
    assert sorted((s.assessor, s.source, s.target, s.score) for s in back) == sorted(
        (s.assessor, s.source, s.target, s.score)
        for s in assessment.scores
        if s.assessor == "example-b"
    )
    assert all(s.illustrative for s in back)


def test_the_shipped_example_is_valid_and_marked_illustrative(data: PlanData) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "ILLUSTRATIVE EXAMPLE, NOT EXPERT DATA" in text.splitlines()[0]
    assessment = assess([EXAMPLE], data)
    assert assessment.assessors == ["example-a", "example-b", "example-c"]
    assert assessment.illustrative and all(s.illustrative for s in assessment.scores)
    assert assessment.disagreements  # the example shows what a disagreement looks like
    assert all(s.confidence for s in assessment.scores) and all(
        s.comment for s in assessment.scores
    )
    assert all(x.attribute("illustrative") == "true" for x in expert_links(assessment))


def test_a_file_without_the_mark_is_not_illustrative(tmp_path: Path, data: PlanData) -> None:
    assert not assess([write(tmp_path, EDGES)], data).illustrative


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
        ("from,to,score\n7,13.1,1\n", "mix goal codes and target codes"),
        ("from,to,score\n7,13,1\n7,13,2\n", "7 → 13 is scored twice by scores (first on line 2)"),
        ("assessor,from,to,score\na,7,13,1\na,7,13,2\n", "scored twice by a (first on line 2)"),
        ("from\\to,assessor,7,13\n7,a,,1\n7,a,,2\n", "scores.csv:3: 7 → 13 is scored twice by a"),
        ("from,to,score,confidence\n7,13,1,sure\n", "confidence 'sure' is not one of low"),
        ("assessor,from,to,score\nDr Who,7,13,1\n", "scores.csv:2, field 'assessor': assessor id"),
        ("# assessor: a b\nfrom,to,score\n7,13,1\n", "scores.csv:1, field 'assessor'"),
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


def test_two_assessors_may_score_the_same_pair(tmp_path: Path, data: PlanData) -> None:
    path = write(tmp_path, "assessor,from,to,score\na,7,13,1\nb,7,13,-2\n")
    assert len(read_scores(path, data)) == 2


def test_the_same_assessor_in_two_files_is_caught_with_both_places(
    tmp_path: Path, data: PlanData
) -> None:
    first = write(tmp_path, "# assessor: a\nfrom,to,score\n7,13,1\n", "one.csv")
    second = write(tmp_path, "# assessor: a\nfrom,to,score\n7,13,2\n", "two.csv")
    with pytest.raises(InputError) as caught:
        read_scores([first, second], data)
    assert f"{second}:3: 7 → 13 is scored twice by a (first on line one.csv:3)" in str(caught.value)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path, data: PlanData) -> None:
    one = write(tmp_path, "from,to,score\n7,13,5\n9,9,1\n", "one.csv")
    two = write(tmp_path, "from,to,score\n99,1,1\n", "two.csv")
    with pytest.raises(InputError) as caught:
        read_scores([one, two], data)
    assert len(caught.value.problems) == 3
    assert "fix:" in str(caught.value)


def test_missing_file_is_explained(tmp_path: Path, data: PlanData) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_scores(tmp_path / "nope.csv", data)
