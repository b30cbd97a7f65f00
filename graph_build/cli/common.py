"""What every ``sdgkg`` command shares: exit codes, the error handler and repeated options.

This module is imported for ``sdgkg --help``, so it imports click and nothing heavy.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from graph_build.errors import InputError, SdgkgError
from graph_build.paths import DATA_DIR, DEFAULT_OUT

F = TypeVar("F", bound=Callable[..., Any])

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
