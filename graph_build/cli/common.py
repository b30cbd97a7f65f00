"""What every ``sdgkg`` command shares: exit codes, the error handler and repeated options.

This module is imported for ``sdgkg --help``, so it imports click and nothing heavy.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from graph_build.errors import InputError, SdgkgError
from graph_build.paths import DATA_DIR, DEFAULT_OUT

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

EXIT_FAILURE = 1
"""Bad records, a missing build, violations, an unreachable endpoint: anything we can explain."""
EXIT_UNREADABLE = 2
"""Bad input: files ``sdgkg validate`` cannot read at all, records ``sdgkg build`` refuses."""

# The names graph_build.sparql.remote accepts; not imported from there because that module
# brings the HTTP client and rdflib into every command. A test checks that the two agree.
AUTH_SCHEMES = ("basic", "digest")


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    """Print ``error: MESSAGE`` on stderr and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Turn the project's known errors into one clear message and an exit code, no traceback.

    SHACL violations print their report first, so the message can point at the records named
    in it.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            fail(str(exc))
        except SdgkgError as exc:
            # Imported here: the SHACL stack is heavy and only needed once something failed.
            from graph_build.validate.shacl import ShaclViolationsError, format_text

            if isinstance(exc, ShaclViolationsError):
                click.echo(format_text(exc.report), err=True)
                fail(f"{exc}; nothing was published (fix the records named above)")
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


# ---------------------------------------------------------- options used by several commands


def out_option(
    help: str, *, default: Path | None = DEFAULT_OUT, required: bool = False, env: bool = True
) -> Callable[[F], F]:
    """``--out FOLDER``: the build folder a command reads (or writes).

    With ``env`` the folder may also come from ``$SDGKG_DIST``, as for the Python API.
    """
    return click.option(
        "--out",
        type=click.Path(path_type=Path),
        default=default,
        required=required,
        show_default=default is not None,
        envvar="SDGKG_DIST" if env else None,
        show_envvar=env,
        help=help,
    )


def data_option(name: str, dest: str, help: str) -> Callable[[F], F]:
    """A folder of curated records (``--data`` for build, ``--seed-data`` for synth)."""
    return click.option(
        name, dest, type=click.Path(path_type=Path), default=DATA_DIR, show_default=True, help=help
    )


def format_option(
    choices: tuple[str, ...] | list[str], default: str, help: str | None = None
) -> Callable[[F], F]:
    """``--format`` (stored as ``fmt``): how the command prints its result."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help=help,
    )


def limit_option(flag: str, dest: str, default: int, help: str) -> Callable[[F], F]:
    """A positive whole-number limit on input (``--max-…``), shown with its default."""
    return click.option(
        flag, dest, type=click.IntRange(min=1), default=default, show_default=True, help=help
    )


def auth_option(help: str | None = None) -> Callable[[F], F]:
    """``--auth basic|digest``: how a SPARQL endpoint asks for credentials."""
    return click.option(
        "--auth",
        type=click.Choice(AUTH_SCHEMES),
        default="basic",
        show_default=True,
        help=help,
    )


def memory_option() -> Callable[[F], F]:
    """``--max-memory MIB``: what one query on the build may use before it is stopped."""
    return click.option(
        "--max-memory",
        type=click.IntRange(min=16),
        default=None,
        metavar="MIB",
        help="Memory in MiB the query may use before it is stopped with an error [default: "
        "half of physical memory; Linux only].",
    )


def run_bounded(
    open_store: Callable[[], T], task: Callable[[T], None], max_memory_mib: int | None
) -> None:
    """Run ``task`` (a query on the store ``open_store`` gives, and the printing of its answer)
    in a child process whose memory is bounded, so that a query too large for the machine ends
    with an error and exit code 1 instead of taking the machine's memory
    (:mod:`graph_build.sparql.memory_limit`). The bound counts from the open store.

    The child writes straight to this process's standard output and error, so it runs in place,
    unbounded, where those are not files (a test runner's capture) or the system cannot bound
    memory; the Python API is never bounded.
    """
    # Imported here: the command line's help does not need it.
    from graph_build.sparql.memory_limit import (
        MIB,
        QueryMemoryError,
        default_allowance,
        limit_this_process,
        limits_supported,
        ran_out,
    )

    allowance = max_memory_mib * MIB if max_memory_mib else default_allowance()
    if not limits_supported() or not _real_files():
        handle_errors(task)(handle_errors(open_store)())
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: answer, print, and leave without returning into click
        code = 0
        try:
            store = handle_errors(open_store)()
            limit_this_process(allowance)
            handle_errors(task)(store)
        except MemoryError:
            click.echo(f"error: {QueryMemoryError(allowance)}", err=True)
            code = EXIT_FAILURE
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else EXIT_FAILURE
        except BaseException:  # an error the parent cannot see: print it as Python would
            traceback.print_exc()
            code = EXIT_FAILURE
        finally:
            with contextlib.suppress(BaseException):  # a closed pipe must not keep it alive
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if ran_out(code):
        fail(str(QueryMemoryError(allowance)))
    if code:
        sys.exit(EXIT_FAILURE if code < 0 else code)


def _real_files() -> bool:
    """Whether standard output and error are file descriptors a child process can write to."""
    try:
        sys.stdout.fileno()
        sys.stderr.fileno()
    except (AttributeError, ValueError, OSError):
        return False
    return True
