"""Hostile or broken record input: refused with file:line and a fix, never a traceback or a hang."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_build.build import build
from graph_build.cli.main import main as cli
from graph_build.errors import InputError
from graph_build.files import OWNER_FILE, STALE_AFTER_SECONDS, remove_stale_staging
from graph_build.records.limits import RECORD_BYTES_ENV, TEXT_LENGTH_ENV
from graph_build.records.sources import load_corpus
from graph_build.records.yaml_loader import load_located_yaml

from .conftest import ALL_RECORD_KINDS

PLAN_NAME = "plan-2024.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the all-record-kinds fixture that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(ALL_RECORD_KINDS, target)
    return target


def plan_text(data: Path) -> str:
    return (data / "sampletown" / PLAN_NAME).read_text(encoding="utf-8")


def write_plan(data: Path, text: str | bytes) -> Path:
    path = data / "sampletown" / PLAN_NAME
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def only_problem(exc: pytest.ExceptionInfo[InputError]) -> str:
    assert len(exc.value.problems) == 1, str(exc.value)
    return str(exc.value.problems[0])


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_nested_aliases_are_refused_before_expansion(tmp_path: Path) -> None:
    # Nine levels of nine aliases: 387 million leaves if expanded.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_located_yaml(path)
    assert "YAML aliases expand to far more values" in only_problem(exc)
    assert only_problem(exc).startswith(f"{path}:")


def test_a_plain_alias_is_read(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text("a: &x [1, 2]\nb: *x\n", encoding="utf-8")
    assert load_located_yaml(path).data == {"a": [1, 2], "b": [1, 2]}


def test_text_with_ampersand_and_star_is_not_an_alias(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text('x: "R&D * 2"\ny: a & b\n', encoding="utf-8")
    assert load_located_yaml(path).data == {"x": "R&D * 2", "y": "a & b"}


def test_impossible_date_names_file_line_and_field(data: Path) -> None:
    text = plan_text(data).replace("issued: 2024-03", "issued: 2019-13-45")
    path = write_plan(data, text)
    with pytest.raises(InputError) as exc:
        load_corpus(data)
    message = only_problem(exc)
    assert message.startswith(f"{path}:{line_of(text, 'issued')}, field 'document.issued'")
    assert "2019-13-45" in message and "YYYY-MM-DD" in message


@pytest.mark.parametrize("count", ["many", "1.5", "-3", "true", "[1]"])
def test_bad_count_in_qc_yaml_names_file_and_line(data: Path, tmp_path: Path, count: str) -> None:
    qc = data / "qc.yaml"
    text = qc.read_text(encoding="utf-8")
    head, rest = text.split(":\n", 1)
    first, tail = rest.split("\n", 1)
    key = first.split(":")[0]
    qc.write_text(f"{head}:\n{key}: {count}\n{tail}", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        build(data, tmp_path / "dist")
    message = only_problem(exc)
    assert message.startswith(f"{qc}:{head.count(chr(10)) + 2}, record ")
    assert "whole number" in message
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("\\0", "U+0000"),
        ("\\e", "U+001B"),
        ("\\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\\u200b", "U+200B (ZERO WIDTH SPACE)"),
        ("\\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("\\x7f", "U+007F"),
    ],
)
def test_escaped_invisible_characters_in_labels_are_errors(
    data: Path, written: str, named: str
) -> None:
    text = plan_text(data).replace("en: A green town", f'en: "A green{written} town"')
    path = write_plan(data, text)
    with pytest.raises(InputError) as exc:
        load_corpus(data)
    message = only_problem(exc)
    line = line_of(text, "A green")
    assert message.startswith(f"{path}:{line}, field 'areas.0.en': the text holds {named}")
    assert "at character 8" in message and "fix: delete it" in message


@pytest.mark.parametrize(
    ("char", "named"),
    [("\x1b", "U+001B"), ("\u202e", "U+202E"), ("\u200b", "U+200B"), ("\u200f", "U+200F")],
)
def test_typed_invisible_characters_are_errors_with_line_and_column(
    data: Path, char: str, named: str
) -> None:
    text = plan_text(data).replace("ja: 緑のまち", f"ja: 緑の{char}まち")
    path = write_plan(data, text)
    with pytest.raises(InputError) as exc:
        load_corpus(data)
    message = only_problem(exc)
    assert message.startswith(f"{path}:{line_of(text, '緑の')}: {named}")
    assert "at column 11" in message


def test_raw_nul_byte_is_refused_with_its_line(data: Path) -> None:
    text = plan_text(data)
    line = line_of(text, "A green town")
    path = write_plan(data, text.replace("A green town", "A green\x00town").encode("utf-8"))
    with pytest.raises(InputError) as exc:
        load_corpus(data)
    assert only_problem(exc).startswith(f"{path}:{line}: this is not a text file")


def test_bad_utf8_gives_the_line_of_the_bad_bytes(data: Path) -> None:
    text = plan_text(data)
    line = line_of(text, "学びのまち")
    raw = text.encode("utf-8").replace("学びのまち".encode(), "学び".encode() + b"\xff\xfe")
    path = write_plan(data, raw)
    with pytest.raises(InputError) as exc:
        load_corpus(data)
    message = only_problem(exc)
    assert message.startswith(f"{path}:{line}: not valid UTF-8 at column 11 (byte 0xFF)")


def test_overlong_text_field_names_the_limit_and_flag(data: Path, tmp_path: Path) -> None:
    text = plan_text(data).replace("en: A green town", "en: " + "x" * 10_001)
    path = write_plan(data, text)
    with pytest.raises(InputError) as exc:
        build(data, tmp_path / "dist")
    message = only_problem(exc)
    assert message.startswith(f"{path}:{line_of(text, 'xxx')}, field 'areas.0.en'")
    assert "limit of 10000" in message and "--max-text-length" in message


def test_text_limit_is_read_from_the_environment(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(data, plan_text(data).replace("en: A green town", "en: " + "x" * 10_001))
    monkeypatch.setenv(TEXT_LENGTH_ENV, "20000")
    load_corpus(data)
    monkeypatch.setenv(TEXT_LENGTH_ENV, "50")
    with pytest.raises(InputError, match="limit of 50"):
        load_corpus(data)


def test_a_50_mb_field_is_refused_by_the_file_limit_before_it_is_read(
    data: Path, tmp_path: Path
) -> None:
    path = write_plan(data, plan_text(data) + "\nhuge: " + "x" * 50_000_000 + "\n")
    with pytest.raises(InputError) as exc:
        build(data, tmp_path / "dist")
    message = only_problem(exc)
    assert message.startswith(f"{path}: file is larger than the limit of 10000000 bytes")
    assert "--max-record-bytes" in message


def test_record_bytes_limit_is_read_from_the_environment(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RECORD_BYTES_ENV, "100")
    with pytest.raises(InputError, match="limit of 100 bytes"):
        load_corpus(data)


def test_build_flags_raise_the_limits(data: Path, tmp_path: Path) -> None:
    write_plan(data, plan_text(data).replace("en: A green town", "en: " + "x" * 10_001))
    env = {k: v for k, v in os.environ.items() if k not in (TEXT_LENGTH_ENV, RECORD_BYTES_ENV)}
    cmd = [sys.executable, "-m", "graph_build.cli", "build", "--data", str(data), "--no-release"]
    refused = subprocess.run(
        [*cmd, "--out", str(tmp_path / "a")], capture_output=True, text=True, env=env
    )
    assert refused.returncode != 0 and "--max-text-length" in refused.stderr
    assert "Traceback" not in refused.stderr
    accepted = subprocess.run(
        [*cmd, "--out", str(tmp_path / "b"), "--max-text-length", "20000"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert accepted.returncode == 0, accepted.stderr


def test_broken_symlink_city_folder_is_an_error(data: Path, tmp_path: Path) -> None:
    link = data / "ghosttown"
    link.symlink_to(tmp_path / "does-not-exist", target_is_directory=True)
    with pytest.raises(InputError) as exc:
        build(data, tmp_path / "dist")
    assert only_problem(exc).startswith(f"{link}: broken symbolic link")
    assert not (tmp_path / "dist").exists()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_city_folder_is_an_error(data: Path) -> None:
    folder = data / "sampletown"
    folder.chmod(0)
    try:
        with pytest.raises(InputError) as exc:
            load_corpus(data)
    finally:
        folder.chmod(0o755)
    assert f"{folder}: cannot read this municipality folder" in str(exc.value)


# --- staging folders of killed builds -------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _staging(out: Path, suffix: str, owner: str | None, age: float = 0) -> Path:
    folder = out.parent / f".{out.name}.build-{suffix}"
    folder.mkdir(parents=True)
    (folder / "sdgkg.nq").write_text("partial\n", encoding="utf-8")
    if owner is not None:
        (folder / OWNER_FILE).write_text(owner, encoding="utf-8")
    if age:
        then = time.time() - age
        os.utime(folder, (then, then))
    return folder


def test_stale_staging_of_dead_builds_is_removed_and_live_ones_kept(tmp_path: Path) -> None:
    host = socket.gethostname()
    out = tmp_path / "dist"
    dead = _staging(out, "dead", f"{host} {_dead_pid()}\n")
    live = _staging(out, "live", f"{host} {os.getpid()}\n")
    orphan_old = _staging(out, "old", None, age=STALE_AFTER_SECONDS + 60)
    orphan_new = _staging(out, "new", None)
    other_host = _staging(out, "other", "elsewhere 1\n")
    other_dist = _staging(tmp_path / "other-dist", "x", f"{host} {_dead_pid()}\n")
    assert remove_stale_staging(out) == sorted([dead, orphan_old])
    assert live.exists() and orphan_new.exists() and other_host.exists() and other_dist.exists()


def test_build_removes_staging_left_by_a_killed_build(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import graph_build.build as b\n"
        "import graph_build.store.incremental as store\n"
        "def die(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "store.load_store = die\n"
        f"b.build(Path({str(data)!r}), Path({str(out)!r}), release=False)\n"
    )
    killed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    assert killed.returncode != 0
    left = list(tmp_path.glob(".dist.build-*"))
    assert len(left) == 1 and (left[0] / OWNER_FILE).exists()
    build(data, out, release=False)
    assert not list(tmp_path.glob(".dist.build-*"))
    assert not (out / OWNER_FILE).exists()


# --- fuzzing ----------------------------------------------------------------------------------

BASE: dict[str, Any] = yaml.safe_load((ALL_RECORD_KINDS / "sampletown" / PLAN_NAME).read_bytes())
TEXT_FIELDS = [("document", "ja"), ("document", "en"), ("areas", 0, "ja"), ("areas", 1, "en")]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(TEXT_FIELDS), st.text(min_size=1, max_size=40)),
        min_size=1,
        max_size=3,
    )
)
def test_arbitrary_text_in_fields_builds_or_is_a_located_input_error(
    edits: list[tuple[tuple[Any, ...], str]],
) -> None:
    import copy

    doc = copy.deepcopy(BASE)
    for where, text in edits:
        parent: Any = doc
        for key in where[:-1]:
            parent = parent[key]
        parent[where[-1]] = text
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ALL_RECORD_KINDS, data)
        path = data / "sampletown" / PLAN_NAME
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        out = Path(tmp) / "dist"
        try:
            build(data, out, release=False)
        except InputError as exc:
            for problem in exc.problems:
                assert problem.line is not None or problem.file != path, str(problem)
                assert str(problem).startswith(str(data))
            assert not out.exists()
            assert sorted(p.name for p in Path(tmp).iterdir()) == ["data"]


# --- sdgkg validate on files --------------------------------------------------------------


def run_validate(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", *args])


def assert_refused(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for word in words:
        assert word in result.output


def test_gzip_bomb_is_stopped_at_the_byte_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.ttl.gz"
    line = b'<http://ex.org/s> <http://ex.org/p> "' + b"x" * 1000 + b'" .\n'
    with gzip.open(bomb, "wb") as handle:
        for _ in range(5000):  # 5 MB decompressed from a few kB
            handle.write(line)
    assert_refused(
        run_validate(str(bomb), "--max-input-bytes", "1000000"),
        "more than 1000000 bytes",
        "--max-input-bytes",
    )


def test_triple_count_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "many.nt"
    path.write_text(
        "".join(f"<http://ex.org/s{i}> <http://ex.org/p> <http://ex.org/o> .\n" for i in range(20)),
        encoding="utf-8",
    )
    assert_refused(run_validate(str(path), "--max-triples", "10"), "10 statements", "--max-triples")


def test_literal_length_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "long.ttl"
    path.write_text(f'<http://ex.org/s> <http://ex.org/p> "{"x" * 200}" .\n', encoding="utf-8")
    assert_refused(
        run_validate(str(path), "--max-literal-length", "100"), "200 characters", "--max-literal"
    )


def test_rdf_xml_entities_are_refused_before_expansion(tmp_path: Path) -> None:
    entities = ['<!ENTITY a0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    path = tmp_path / "laughs.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [' + "".join(entities) + "]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://ex.org/"><rdf:Description rdf:about="http://ex.org/s">'
        "<ex:p>&a9;</ex:p></rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    assert_refused(run_validate(str(path)), "<!ENTITY")


@pytest.mark.parametrize(
    "context",
    ['"http://attacker.example/ctx.jsonld"', '{"@import": "http://attacker.example/ctx.jsonld"}'],
)
def test_remote_json_ld_context_is_never_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, context: str
) -> None:
    attempts: list[object] = []

    def record(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("blocked")

    def resolve(*args: object, **kwargs: object) -> list[object]:
        attempts.append(args)
        raise OSError("blocked")

    monkeypatch.setattr(socket.socket, "connect", record)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    path = tmp_path / "x.jsonld"
    path.write_text(
        f'{{"@context": {context}, "@id": "http://ex.org/s", "name": "v"}}', encoding="utf-8"
    )
    assert_refused(run_validate(str(path)), str(path))
    assert attempts == []


def test_truncated_turtle_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.ttl"
    path.write_text(
        '<http://ex.org/s> <http://ex.org/p> "a" .\n<http://ex.org/s> <http://ex.org/p> "unfini',
        encoding="utf-8",
    )
    result = run_validate(str(path))
    assert_refused(result, f"{path}:2: cannot parse as")


def test_bad_utf8_in_rdf_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.nt"
    path.write_bytes(
        b'<http://ex.org/s> <http://ex.org/p> "a" .\n<http://ex.org/s> <http://ex.org/p> "\xff" .\n'
    )
    assert_refused(run_validate(str(path)), f"{path}:2:")


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from([".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".n3", ".ttl.gz"]),
    st.binary(max_size=300)
    | st.text(max_size=300).map(lambda t: t.encode("utf-8"))
    | st.sampled_from([b"\x1f\x8b\x08\x00garbage", gzip.compress(b"<a> <b> <c> .")]),
)
def test_arbitrary_bytes_give_an_exit_code_and_a_message(suffix: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(content)
        result = run_validate(str(path))
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert result.output.strip()
