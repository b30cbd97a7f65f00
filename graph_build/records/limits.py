"""What a record file may hold: size of the file, length of a text, characters in a text.

Limits keep one bad or hostile file from exhausting memory before the records are checked; the
character rule keeps invisible or direction-changing characters out of labels, where a reader
could not see them but every query would match on them.

The limits are read from the environment (``SDGKG_MAX_TEXT_LENGTH``, ``SDGKG_MAX_RECORD_BYTES``):
municipalities are read in spawned worker processes, which inherit the environment but not the
settings of the parent's modules. ``sdgkg build --max-text-length/--max-record-bytes`` set them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from graph_build.errors import InputError, Problem

MAX_TEXT_LENGTH = 10_000
MAX_RECORD_BYTES = 10_000_000
TEXT_LENGTH_ENV = "SDGKG_MAX_TEXT_LENGTH"
RECORD_BYTES_ENV = "SDGKG_MAX_RECORD_BYTES"
TEXT_LENGTH_FLAG = "--max-text-length"
RECORD_BYTES_FLAG = "--max-record-bytes"

# C0 and C1 controls except tab and line feed (descriptions may span lines), carriage return
# (a file saved on Windows), bidirectional embeddings, overrides, isolates and marks, and
# zero-width characters (the byte-order mark too, when it is not the file's first character),
# and lone surrogates and non-characters, which a "\\ud800" escape can produce but no UTF-8 output
# can hold.
UNSAFE_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\ud800-\udfff\ufffe\uffff]"
)


def _env_limit(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else default


def max_text_length() -> int:
    """Longest text (in characters) a record field may hold."""
    return _env_limit(TEXT_LENGTH_ENV, MAX_TEXT_LENGTH)


def max_record_bytes() -> int:
    """Largest record file (in bytes) that is read."""
    return _env_limit(RECORD_BYTES_ENV, MAX_RECORD_BYTES)


def character_name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: a character a reader cannot see, named."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if not name and ord(char) < 0x20:
        name = "control character"
    return f"{code} ({name})" if name else code


UNSAFE_HINT = "delete it; control, zero-width and text-direction characters are invisible"


def unsafe_character_problems(path: Path, text: str) -> list[Problem]:
    """Every unsafe character typed into the file itself, with its line and column."""
    problems = []
    for match in UNSAFE_CHARACTER.finditer(text):
        if match.start() == 0 and match.group() == "\ufeff":
            continue  # a byte-order mark opening the file is encoding, not text
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(
            Problem(
                path,
                f"{character_name(match.group())} at column {column}",
                line=line,
                hint=UNSAFE_HINT,
            )
        )
        if len(problems) >= 20:  # enough to show the pattern; a binary file would list millions
            break
    return problems


def read_record_bytes(path: Path, split_hint: str) -> bytes:
    """The bytes of a record file, refused with a clear error when larger than the limit.

    At most one byte over the limit is read, so a huge file costs no memory.
    """
    limit = max_record_bytes()
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputError([Problem(path, f"cannot read file: {exc.strerror or exc}")]) from exc
    if len(raw) > limit:
        raise InputError(
            [
                Problem(
                    path,
                    f"file is larger than the limit of {limit} bytes",
                    hint=f"{split_hint}, or raise the limit with sdgkg build {RECORD_BYTES_FLAG}",
                )
            ]
        )
    return raw
