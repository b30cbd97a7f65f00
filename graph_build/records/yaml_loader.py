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


def _construct(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], file: Path) -> Any:
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
            result[key] = _construct(value_node, (*path, key), lines, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), lines, file) for i, item in enumerate(node.value)]
    build = _SCALARS.get(node.tag, SafeConstructor.construct_undefined)
    return build(_CONSTRUCTOR, node)


# Scalars are built by PyYAML's safe constructors, looked up by the tag the resolver gave them.
# One shared constructor: building a loader per scalar would dominate the time of a large corpus.
_CONSTRUCTOR = SafeConstructor()
_SCALARS = SafeConstructor.yaml_constructors


# libyaml's parser when PyYAML was built with it (the wheels are): same nodes and marks, faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_located_yaml(path: Path) -> LocatedYaml:
    """Read ``path`` as YAML; raise :class:`InputError` with file and line on any syntax problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(path, f"cannot read file: {exc.strerror}")]) from exc
    text = decode_text(
        path, raw, "a UTF-8 YAML record file", empty_hint="add records or delete the file"
    )
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
        data = _construct(node, (), lines, path) if node is not None else None
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
