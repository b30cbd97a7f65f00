"""File helpers every stage shares: checksums, reading text input, replacing a folder whole."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

from graph_build.errors import InputError, Problem


def update_digest(digest: hashlib._Hash, path: Path) -> None:
    """Feed a file's bytes to ``digest``, read in chunks."""
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    update_digest(digest, path)
    return digest.hexdigest()


# Published folders are read by web servers and other users: directories 0755, like files 0644.
PUBLISHED_DIR_MODE = 0o755


def staging_folder(parent: Path, prefix: str) -> Path:
    """A new empty folder in ``parent`` to build output in, readable by everyone once in place.

    :func:`tempfile.mkdtemp` creates it for its owner only (0700); the folder becomes the
    published one when renamed, so it is opened up here.
    """
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    staging.chmod(PUBLISHED_DIR_MODE)
    return staging


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


def line_of_offset(raw: bytes, offset: int) -> int:
    """1-based line of the byte at ``offset`` in ``raw``."""
    return raw.count(b"\n", 0, offset) + 1


def decode_text(path: Path, raw: bytes, kind: str, empty_hint: str) -> str:
    """UTF-8 text of ``raw`` read from ``path``; a clear :class:`InputError` for binary, badly
    encoded or empty input. ``kind`` names what was expected (e.g. "a UTF-8 YAML record file")."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(
            [
                Problem(
                    path,
                    "this is not a text file (it contains NUL bytes)",
                    line=line_of_offset(raw, nul),
                    hint=f"give {kind}",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_of_offset(raw, exc.start)
        # Column in characters, as an editor counts it (the line may hold valid multibyte text).
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise InputError(
            [
                Problem(
                    path,
                    f"not valid UTF-8 at column {column} (byte 0x{raw[exc.start]:02X})",
                    line=line,
                    hint="save the file as UTF-8",
                )
            ]
        ) from exc
    if not text.strip():
        raise InputError([Problem(path, "the file is empty", hint=empty_hint)])
    return text


# A build writes into ``.<out>.build-XXXX`` beside ``out`` and renames it into place at the end.
# A build that is killed (SIGKILL, power loss) cannot remove its folder, so the next build does.
# Ownership is recorded as the owner's host and process id rather than judged by age: a build of
# thousands of municipalities can run for hours, and no age is both safe for it and prompt for a
# folder left by a build killed a minute ago. A folder of another host, or one whose owner file
# is missing (a build killed between creating the folder and writing the file), is only removed
# once it is older than STALE_AFTER_SECONDS, since its owner cannot be asked.
OWNER_FILE = ".owner"
STALE_AFTER_SECONDS = 24 * 3600


def staging_prefix(out: Path) -> str:
    """Name prefix of the staging folders of builds of ``out``."""
    return f".{out.name}.build-"


def claim_staging(staging: Path) -> None:
    """Record this process as the owner of ``staging``."""
    (staging / OWNER_FILE).write_text(f"{socket.gethostname()} {os.getpid()}\n", encoding="utf-8")


def release_staging(staging: Path) -> None:
    """Drop the owner record before ``staging`` is published (it is no part of the output)."""
    (staging / OWNER_FILE).unlink(missing_ok=True)


def _owner_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a process of another user holds the id
    return True


def _is_stale(folder: Path, now: float) -> bool:
    try:
        owner = (folder / OWNER_FILE).read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        owner = []
    if len(owner) == 2 and owner[0] == socket.gethostname() and owner[1].isdigit():
        return not _owner_alive(int(owner[1]))
    try:
        return now - folder.stat().st_mtime > STALE_AFTER_SECONDS
    except OSError:
        return False


def remove_stale_staging(out: Path) -> list[Path]:
    """Remove staging folders beside ``out`` that no running build owns; return them."""
    removed: list[Path] = []
    if not out.parent.is_dir():
        return removed
    now = time.time()
    for folder in sorted(out.parent.glob(staging_prefix(out) + "*")):
        if folder.is_dir() and not folder.is_symlink() and _is_stale(folder, now):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
