"""Work spread over processes: one rule for when, and one way to start them."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Above this many municipalities, reading, emitting and ranking run in one process per core.
PARALLEL_ABOVE_CITIES = 8
#: Above this many statements, SHACL validation (of a dump's batches, or of a file's parts)
#: runs in one process per core: below it, starting the processes costs more than it saves.
PARALLEL_VALIDATION_ABOVE = 150_000
#: Above this many statements in the store, the SPARQL checks run in one process per core,
#: each reading the flushed store.
PARALLEL_CHECKS_ABOVE = 1_000_000


def workers_for(size: int, above: int) -> int:
    """One process per core when the work (``size``) is larger than ``above``, else one."""
    return (os.cpu_count() or 1) if size > above else 1


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    chunksize: int = 1,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``function`` over ``items``, results in the items' order; in ``workers`` processes when
    that is more than one (``initializer`` runs once in each), else here (where a caller that
    needs the initializer's state sets it up itself)."""
    if workers <= 1:
        yield from map(function, items)
        return
    # "spawn": a process that holds Oxigraph's threads cannot be forked safely.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs
    ) as pool:
        yield from pool.map(function, items, chunksize=chunksize)
