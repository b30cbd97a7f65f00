"""Errors meant for people: what was wrong, where, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Problem:
    """One problem found in an input file."""

    file: Path | str
    message: str
    line: int | None = None
    record: str | None = None
    field: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.record:
            parts.append(f"record '{self.record}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        text = ", ".join(parts) + f": {self.message}"
        if self.hint:
            text += f" (fix: {self.hint})"
        return text


@dataclass
class InputError(Exception):
    """Raised when input cannot be used; carries every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"{len(self.problems)} problem(s) in the input:" if len(self.problems) > 1 else ""
        lines = [str(p) for p in self.problems]
        return "\n".join([head, *lines] if head else lines)


class SdgkgError(Exception):
    """A failure that is not about a specific input record (missing build, bad option)."""
