"""The YAML loader keeps line numbers and turns every unreadable file into a clear problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_build.errors import InputError
from graph_build.records.yaml_loader import load_located_yaml


def write(tmp_path: Path, text: str | bytes, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_lines_of_nested_values(tmp_path: Path) -> None:
    path = write(tmp_path, "document:\n  id: x\nkpis:\n  - id: a\n    ja: 指標\n  - id: b\n")
    located = load_located_yaml(path)
    assert located.data["kpis"][1]["id"] == "b"
    assert located.line_of(("kpis", 0, "ja")) == 5
    assert located.line_of(("kpis", 1)) == 6
    # an unknown path falls back to its nearest known ancestor
    assert located.line_of(("kpis", 1, "missing")) == 6


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        (b"\x00\x01binary", "not a text file"),
        (b"\xff\xfe\xfa", "not valid UTF-8"),
        ("a: [1, 2\nb: 3\n", "YAML syntax error"),
        ("a: 1\na: 2\n", "appears twice"),
        ("? [a, b]\n: 1\n", "plain text"),
    ],
)
def test_unreadable_files_raise_input_error(
    tmp_path: Path, content: str | bytes, fragment: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InputError) as info:
        load_located_yaml(path)
    message = str(info.value)
    assert fragment in message
    assert str(path) in message


def test_syntax_error_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 1\nb:\n  - x\n  y: [\n")
    with pytest.raises(InputError) as info:
        load_located_yaml(path)
    assert info.value.problems[0].line is not None
