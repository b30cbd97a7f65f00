"""A pool of worker processes that answer SPARQL queries, each stopped at a time limit.

pyoxigraph cannot cancel a running query, so every query runs in a worker process with its own
read-only handle on the store, or its own in-memory copy of it. A worker that passes the time
limit is killed and replaced; the others keep serving. Processes (not threads) also let queries
use every core.

Fairness: a query still running after ``long_after`` seconds counts as long, and the pool starts
one more worker for each long query, so ``size`` workers stay free for the others: a slow query
delays a quick one by at most ``long_after`` plus the start of a worker. Extra workers are started
for at most ``max_long`` long queries at once (memory and cores are finite); beyond that a long
query keeps the worker it has, and quick ones share the rest.

Memory: each worker's data segment may grow by ``max_memory`` bytes beyond what it holds once the
store is open (:mod:`graph_build.sparql.memory_limit`). A query that needs more stops its worker,
which is replaced like one that timed out, and its client is told the limit.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from graph_build.errors import SdgkgError
from graph_build.serve.protocol import MAX_RESULT_BYTES, QueryJob, Reply, error_reply
from graph_build.sparql.memory_limit import (
    QueryMemoryError,
    limit_this_process,
    limits_supported,
    ran_out,
)
from graph_build.store.label_index import LabelIndex

START_TIMEOUT = 60.0
#: Seconds a worker may take to copy the store into memory (7–15 s per million quads).
MEMORY_START_TIMEOUT = 1800.0


class QueryTimeoutError(SdgkgError):
    """A query ran past the time limit and was stopped."""


class PoolBusyError(SdgkgError):
    """No worker became free in time."""


def _worker_main(
    conn: Connection,
    store_dir: str,
    memory: bool = False,
    max_bytes: int = MAX_RESULT_BYTES,
    chart_cache: str = "",
    max_memory: int = 0,
) -> None:
    """Loop of one worker: answer jobs until the pipe closes (from a copy in memory if
    ``memory``), each answer bounded to ``max_bytes`` and its memory to ``max_memory`` bytes
    (0: unbounded); KPI charts drawn are kept in ``chart_cache``, shared by the workers, when it
    is given."""
    import pyoxigraph as ox

    from graph_build.serve.protocol import execute
    from graph_build.store.embedded import in_memory

    if chart_cache:
        from graph_build.progress.pages import use_chart_cache

        use_chart_cache(Path(chart_cache))

    # the snapshot holds the build's label index beside its store (see snapshot.py)
    labels = LabelIndex.of_build(Path(store_dir).parent)
    try:
        store = ox.Store.read_only(store_dir)
        if memory:
            store = in_memory(store)
    except OSError as exc:
        conn.send(("failed", str(exc)))
        return
    if max_memory:
        limit_this_process(max_memory)
    conn.send(("ready", ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = execute(store, job, max_bytes, labels)
        except MemoryError:
            reply = error_reply(503, str(QueryMemoryError(max_memory, "--max-query-memory")))
        except Exception as exc:  # answer every job: a worker never dies on a bad query
            reply = error_reply(500, f"internal error: {type(exc).__name__}: {exc}")
        conn.send(reply)


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the store in ``store_dir``; :meth:`run` answers a job.

    With ``memory``, each worker answers from its own in-memory copy of the store: faster
    queries, for the memory of one copy per worker and a slower start (also when a worker is
    replaced after a time-out). See the module docstring for ``long_after`` and ``max_long``.
    KPI charts drawn by one worker are kept in ``chart_cache`` for all of them.
    """

    def __init__(
        self,
        store_dir: Path,
        size: int,
        timeout: float,
        queue_wait: float,
        memory: bool = False,
        *,
        long_after: float = 1.0,
        max_long: int = 2,
        max_bytes: int = MAX_RESULT_BYTES,
        chart_cache: Path | None = None,
        max_memory: int = 0,
    ) -> None:
        if size < 1:
            raise SdgkgError("the number of workers must be at least 1")
        if max_long < 0:
            raise SdgkgError("the number of long queries must be 0 or more")
        self.store_dir = store_dir
        self.size = size
        self.timeout = timeout
        self.queue_wait = queue_wait
        self.memory = memory
        self.long_after = long_after
        self.max_long = max_long
        self.max_bytes = max_bytes
        self.chart_cache = str(chart_cache or "")
        self.max_memory = max_memory if limits_supported() else 0
        self.start_timeout = MEMORY_START_TIMEOUT if memory else START_TIMEOUT
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._processes = size  # running or starting
        self._long = 0  # queries running past long_after
        launched = [self._launch() for _ in range(size)]  # they open (or copy) side by side
        try:
            for process, parent in launched:
                self._idle.put(self._ready(process, parent))
        except SdgkgError:  # stop every worker, ready or not, before giving the reason
            self.close()
            for process, parent in launched:
                process.kill()
                process.join(5)
                parent.close()
            raise

    @property
    def processes(self) -> int:
        """Worker processes running or starting."""
        return self._processes

    def _launch(self) -> tuple[BaseProcess, Connection]:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(
                child,
                str(self.store_dir),
                self.memory,
                self.max_bytes,
                self.chart_cache,
                self.max_memory,
            ),
            daemon=True,
        )
        process.start()
        child.close()
        return process, parent

    def _start(self) -> _Worker:
        return self._ready(*self._launch())

    def _ready(self, process: BaseProcess, parent: Connection) -> _Worker:
        """Wait for a launched worker to open the store; the worker, or an error."""
        if not parent.poll(self.start_timeout):
            process.kill()
            raise SdgkgError(f"a query worker did not start within {self.start_timeout:g} s")
        try:
            status, detail = parent.recv()
        except EOFError:  # the worker died while opening, e.g. out of memory
            process.join(5)
            raise SdgkgError(
                f"a query worker ended while opening the store (exit code {process.exitcode})"
            ) from None
        if status != "ready":
            process.join(5)
            raise SdgkgError(f"cannot open the store in {self.store_dir}: {detail}")
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _grow(self) -> None:
        """Start workers (in the background) until there are ``size`` plus one per long query.

        Called with the lock held."""
        while not self._closed and self._processes < self.size + self._long:
            self._processes += 1
            threading.Thread(target=self._add_one, daemon=True).start()

    def _add_one(self) -> None:
        while not self._closed:
            try:
                worker = self._start()
            except SdgkgError:
                time.sleep(1)
                continue
            if self._closed:
                worker.stop()
            else:
                self._idle.put(worker)
            return

    def _discard(self, worker: _Worker) -> None:
        """Stop a worker and start another if the pool is now short of one."""
        with self._lock:
            self._all.discard(worker)
            self._processes -= 1
            self._grow()
        worker.stop()

    def _release(self, worker: _Worker) -> None:
        """A worker has answered: back to the idle ones, or stopped if a long query is over."""
        with self._lock:
            retire = self._processes > self.size + self._long
            if retire:
                self._all.discard(worker)
                self._processes -= 1
        if retire:
            worker.stop()
        else:
            self._idle.put(worker)

    def _wait_long(self, worker: _Worker) -> bool:
        """The query has passed ``long_after``: wait out the time limit, with a worker started
        in its place while fewer than ``max_long`` queries are long. False when it ran out of
        time."""
        with self._lock:
            admitted = self._long < self.max_long
            if admitted:
                self._long += 1
                self._grow()
        if not admitted:  # it keeps its worker, as every query did before the long lane
            return worker.conn.poll(max(0.0, self.timeout - self.long_after))
        try:
            return worker.conn.poll(max(0.0, self.timeout - self.long_after))
        finally:
            with self._lock:
                self._long -= 1

    def run(self, job: QueryJob) -> Reply:
        """Answer a job; raises :class:`QueryTimeoutError` or :class:`PoolBusyError`."""
        try:
            worker = self._idle.get(timeout=self.queue_wait)
        except queue.Empty as exc:
            raise PoolBusyError(f"all query workers stayed busy for {self.queue_wait:g} s") from exc
        try:
            worker.conn.send(job)
            done = worker.conn.poll(min(self.long_after, self.timeout))
            if not done and self.timeout > self.long_after:
                done = self._wait_long(worker)
            if not done:
                self._discard(worker)
                raise QueryTimeoutError(
                    f"the query ran longer than {self.timeout:g} s and was stopped"
                )
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            worker.process.join(5)  # it has ended or is ending: its exit code says why
            out_of_memory = bool(self.max_memory) and ran_out(worker.process.exitcode)
            self._discard(worker)
            if out_of_memory:
                raise QueryMemoryError(self.max_memory, "--max-query-memory") from exc
            raise SdgkgError(f"a query worker failed ({exc}); it has been restarted") from exc
        self._release(worker)
        assert isinstance(reply, Reply)
        return reply

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.stop()
