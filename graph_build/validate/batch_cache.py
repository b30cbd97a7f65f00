"""Results of validation batches an earlier build made, reused where a batch is unchanged.

Validation runs in batches of municipalities (:mod:`graph_build.validate.batches`), and a batch's
result depends only on its statements, on the statements that link municipalities (added to every
batch), on the shapes and code, and on the language of the messages. Its *key* is a digest of all
of them: the digests of the dump's blocks the batch covers (:mod:`graph_build.emit.dump_blocks`),
a digest of every linking statement, sdgkg's code digest and the language. A build writes each
batch's key and result to :data:`CACHE_FILE`, and records the file's digest in its receipt; the
next build by the same code takes a batch's result from that file instead of validating it again
when the key matches. A changed municipality changes its own batches' keys; one that changes a
link between municipalities changes every key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph_build.emit.dump_blocks import Block, EarlierBuild, code_digest
from graph_build.validate.shacl import Finding

#: The file, beside the validation reports, that the next build reads batch results from.
CACHE_FILE = "validation-batches.jsonl"
#: Where the receipt's entry for the next build keeps the digest of the cache file.
BATCHES_KEY = "validation_batches"
#: Largest cache file read: anything larger is not a build's, and every batch is validated.
MAX_CACHE_BYTES = 1024 * 1024 * 1024


@dataclass(frozen=True)
class BatchResult:
    """Findings of one batch and the N-Triples of their SHACL results."""

    findings: list[Finding]
    report_ntriples: str


def _result(raw: Any) -> BatchResult:
    findings = [Finding(**item) for item in raw["findings"]]
    text = raw["report"]
    if not isinstance(text, str):
        raise ValueError("a batch's report is not text")
    return BatchResult(findings, text)


def read_cache(path: Path, digest: str | None) -> dict[str, BatchResult]:
    """The batch results in an earlier build's cache file, by key, if the file is the one its
    receipt recorded (``digest``); else none."""
    try:
        if digest is None or path.stat().st_size > MAX_CACHE_BYTES:
            return {}
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            return {}
        found = {}
        for line in data.decode("utf-8").splitlines():
            raw = json.loads(line)
            found[str(raw["key"])] = _result(raw)
        return found
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def earlier_results(earlier: EarlierBuild | None) -> dict[str, BatchResult]:
    """The batch results the earlier build kept, if its receipt vouches for the file."""
    if earlier is None:
        return {}
    digest = earlier.entry.get(BATCHES_KEY)
    return read_cache(earlier.out / CACHE_FILE, digest if isinstance(digest, str) else None)


@dataclass
class BatchCache:
    """Looks batch results up by key and collects this build's, to write for the next one."""

    blocks: list[Block]
    shared_lines: Iterable[str]
    lang: str
    earlier: dict[str, BatchResult] = field(default_factory=dict)
    looked: int = 0
    reused: int = 0
    kept: list[tuple[str, BatchResult]] = field(default_factory=list)

    def __post_init__(self) -> None:
        shared = hashlib.sha256("".join(sorted(set(self.shared_lines))).encode("utf-8"))
        self._base = f"{code_digest()}\0{shared.hexdigest()}\0{self.lang}"
        self._by_start = {block.start: block for block in self.blocks}
        self._starts = sorted(self._by_start)

    def key(self, spans: Iterable[tuple[int, int]]) -> str | None:
        """The key of a batch of byte ``spans``: ``None`` unless each span is whole blocks."""
        digest = hashlib.sha256(self._base.encode("utf-8"))
        for start, end in spans:
            offset = start
            while offset < end:
                block = self._by_start.get(offset)
                if block is None or block.end > end:
                    return None
                digest.update(f"\0{block.sha256}".encode("ascii"))
                offset = block.end
        return digest.hexdigest()

    def lookup(self, spans: Iterable[tuple[int, int]]) -> BatchResult | None:
        """The earlier result of the batch of ``spans``, if its key is known."""
        key = self.key(spans)
        found = None if key is None else self.earlier.get(key)
        self.looked += 1
        if found is not None:
            self.reused += 1
        return found

    def keep(self, spans: Iterable[tuple[int, int]], result: BatchResult) -> None:
        """Note a batch's result for the next build."""
        key = self.key(spans)
        if key is not None:
            self.kept.append((key, result))

    def write(self, path: Path) -> str:
        """Write the results kept, one JSON line per batch; return the file's SHA-256."""
        lines = [
            json.dumps(
                {
                    "key": key,
                    "findings": [asdict(f) for f in result.findings],
                    "report": result.report_ntriples,
                },
                ensure_ascii=False,
                sort_keys=True,
            )
            + "\n"
            for key, result in self.kept
        ]
        data = "".join(lines).encode("utf-8")
        path.write_bytes(data)
        return hashlib.sha256(data).hexdigest()
