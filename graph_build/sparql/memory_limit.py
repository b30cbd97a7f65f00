"""How much memory one query may take, and what happens when it takes more.

pyoxigraph cannot bound a query's memory itself: a query that sorts or groups a large part of the
graph holds it all, and at 300 municipalities or more one library query can fill a machine's
memory. So a query on the build runs in a process of its own whose data segment the kernel limits
(``RLIMIT_DATA``: the heap and private anonymous mappings, not the store's files). A query that
passes the limit fails an allocation, and the Rust code of pyoxigraph then aborts its process
(``SIGABRT``); Python code raises :class:`MemoryError`. Either way the caller gets
:class:`QueryMemoryError`, with the limit and what to do, and the machine keeps its memory.

The limit counts from what the process holds when the query starts (the interpreter, the store's
caches, an in-memory copy of the store), so it is the query's own allowance. It is enforced where
the kernel has ``RLIMIT_DATA`` and ``/proc/self/status`` (Linux); elsewhere queries run unbounded,
and :func:`limits_supported` says so.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from graph_build.errors import SdgkgError

MIB = 1 << 20
_STATUS = Path("/proc/self/status")


class QueryMemoryError(SdgkgError):
    """A query needed more memory than its limit and was stopped."""

    def __init__(self, allowance: int, where: str = "--max-memory") -> None:
        super().__init__(
            f"the query needed more than {allowance // MIB:,} MiB of memory and was stopped; "
            "bind a city or ask for a page (a library query's --list line says whether it has "
            f"pages), or raise {where}"
        )
        self.allowance = allowance


def limits_supported() -> bool:
    """Whether this system can bound a query's memory (Linux: ``RLIMIT_DATA`` and ``/proc``)."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    return hasattr(resource, "RLIMIT_DATA") and _STATUS.exists() and hasattr(os, "fork")


def physical_memory() -> int:
    """Bytes of physical memory, or 0 when the system does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def default_allowance(shares: int = 1) -> int:
    """The default limit in bytes: half of physical memory, split among ``shares`` queries that
    may run at once (at least 256 MiB each)."""
    return max(physical_memory() // 2 // max(shares, 1), 256 * MIB)


def data_in_use() -> int:
    """Bytes of this process's data segment (``VmData``), which ``RLIMIT_DATA`` bounds."""
    for line in _STATUS.read_text(encoding="ascii").splitlines():
        if line.startswith("VmData:"):
            return int(line.split()[1]) * 1024
    raise SdgkgError(f"{_STATUS} has no VmData line: cannot bound a query's memory here")


def limit_this_process(allowance: int) -> None:
    """Let this process's data segment grow by at most ``allowance`` bytes from now on."""
    import resource

    limit = data_in_use() + allowance
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def ran_out(exitcode: int | None) -> bool:
    """Whether a query process's exit says it failed an allocation: pyoxigraph aborts then.

    ``exitcode`` as :mod:`multiprocessing` gives it (a negative signal number) or as a shell
    does (128 plus the signal number)."""
    return exitcode in (-signal.SIGABRT, 128 + signal.SIGABRT)
