"""Load YAML record files while remembering the line of every value.

Error messages must point at a line a curator can jump to, so the loader walks PyYAML's node tree
itself instead of using ``safe_load`` and records ``path -> line`` for each mapping key and item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from graph_build.errors import InputError, Problem
from graph_build.files import decode_text
from graph_build.records.limits import (
    TEXT_LENGTH_FLAG,
    UNSAFE_CHARACTER,
    UNSAFE_HINT,
    character_name,
    max_text_length,
    read_record_bytes,
    unsafe_character_problems,
)

PathKey = tuple[str | int, ...]


class LocatedYaml:
    """Plain Python data from a YAML file plus the 1-based line of every path in it."""

    def __init__(self, path: Path, data: Any, lines: dict[PathKey, int]) -> None:
        self.path = path
        self.data = data
        self.lines = lines

    def line_of(self, key: PathKey) -> int | None:
        """Line of ``key``, or of its nearest ancestor that has one."""
        probe = tuple(key)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), None)


class _Budget:
    """How many more values aliases may expand to, and how long a text may be.

    Without aliases a file holds fewer values than characters; nested aliases ("billion
    laughs") can expand a few hundred bytes to billions of values, so expansion stops at a
    small multiple of the file's length. The text limit is read once per file.
    """

    def __init__(self, text: str) -> None:
        self.left = 2 * len(text) + 1000
        self.text_limit = max_text_length()

    def spend(self, node: yaml.Node, file: Path) -> None:
        self.left -= 1
        if self.left < 0:
            raise InputError(
                [
                    Problem(
                        file,
                        "YAML aliases expand to far more values than the file holds",
                        line=node.start_mark.line + 1,
                        hint="write the values out in full instead of nesting '*' aliases",
                    )
                ]
            )


def _construct(
    node: yaml.Node, path: PathKey, lines: dict[PathKey, int], file: Path, budget: _Budget
) -> Any:
    budget.spend(node, file)
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    [
                        Problem(
                            file,
                            "mapping keys must be plain text",
                            line=key_node.start_mark.line + 1,
                        )
                    ]
                )
            key = str(key_node.value)
            if key in result:
                raise InputError(
                    [
                        Problem(
                            file,
                            f"key '{key}' appears twice in the same mapping",
                            line=key_node.start_mark.line + 1,
                            hint="remove or rename one of the two",
                        )
                    ]
                )
            result[key] = _construct(value_node, (*path, key), lines, file, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, (*path, i), lines, file, budget) for i, item in enumerate(node.value)
        ]
    build = _SCALARS.get(node.tag, SafeConstructor.construct_undefined)
    try:
        value = build(_CONSTRUCTOR, node)
    except (ValueError, OverflowError) as exc:
        # An unquoted 2019-13-45 resolves as a timestamp that datetime cannot hold.
        raise InputError(
            [
                Problem(
                    file,
                    f"cannot read value '{node.value}': {exc}",
                    line=node.start_mark.line + 1,
                    field=_field(path),
                    hint="write a real date as YYYY-MM-DD, or quote the value to keep it as text",
                )
            ]
        ) from exc
    if isinstance(value, str):
        _check_text(value, node, path, file, budget.text_limit)
    return value


def _field(path: PathKey) -> str | None:
    """A path as a problem names its field: ``directions.0.name``."""
    return ".".join(str(p) for p in path) or None


def _check_text(value: str, node: yaml.Node, path: PathKey, file: Path, limit: int) -> None:
    """Refuse over-long text and invisible characters written as escapes (``"\\u202e"``)."""
    if len(value) > limit:
        raise InputError(
            [
                Problem(
                    file,
                    f"text of {len(value)} characters is longer than the limit of {limit}",
                    line=node.start_mark.line + 1,
                    field=_field(path),
                    hint=f"shorten it, or raise the limit with sdgkg build {TEXT_LENGTH_FLAG}",
                )
            ]
        )
    match = UNSAFE_CHARACTER.search(value)
    if match is not None:
        raise InputError(
            [
                Problem(
                    file,
                    f"the text holds {character_name(match.group())} at character "
                    f"{match.start() + 1}",
                    line=node.start_mark.line + 1,
                    field=_field(path),
                    hint=UNSAFE_HINT,
                )
            ]
        )


# Scalars are built by PyYAML's safe constructors, looked up by the tag the resolver gave them.
# One shared constructor: building a loader per scalar would dominate the time of a large corpus.
_CONSTRUCTOR = SafeConstructor()
_SCALARS = SafeConstructor.yaml_constructors


# libyaml's parser when PyYAML was built with it (the wheels are): same nodes and marks, faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_located_yaml(path: Path) -> LocatedYaml:
    """Read ``path`` as YAML; raise :class:`InputError` with file and line on any syntax problem."""
    raw = read_record_bytes(path, split_hint="split it into several documents")
    text = decode_text(
        path, raw, "a UTF-8 YAML record file", empty_hint="add records or delete the file"
    )
    unsafe = unsafe_character_problems(path, text)
    if unsafe:
        raise InputError(unsafe)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            [
                Problem(
                    path,
                    f"YAML syntax error: {exc.problem or exc}",
                    line=line,
                    hint="check indentation and quoting around this line",
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, f"YAML syntax error: {exc}")]) from exc
    lines: dict[PathKey, int] = {}
    try:
        data = _construct(node, (), lines, path, _Budget(text)) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise InputError(
            [
                Problem(
                    path, f"cannot read value: {exc.problem}", line=mark.line + 1 if mark else None
                )
            ]
        ) from exc
    return LocatedYaml(path, data, lines)
