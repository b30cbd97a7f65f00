"""File helpers every stage shares: checksums, reading text input, replacing a folder whole."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from graph_build.errors import InputError, Problem


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def replace_folder(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging``: readers see the old or the new folder, never half."""
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old)
    else:
        staging.rename(target)


def decode_text(path: Path, raw: bytes, kind: str, empty_hint: str) -> str:
    """UTF-8 text of ``raw`` read from ``path``; a clear :class:`InputError` for binary, badly
    encoded or empty input. ``kind`` names what was expected (e.g. "a UTF-8 YAML record file")."""
    if b"\x00" in raw:
        raise InputError(
            [Problem(path, "this is not a text file (it contains NUL bytes)", hint=f"give {kind}")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(path, f"not valid UTF-8 at byte {exc.start}", hint="save the file as UTF-8")]
        ) from exc
    if not text.strip():
        raise InputError([Problem(path, "the file is empty", hint=empty_hint)])
    return text
