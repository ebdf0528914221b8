"""What every command-line tool shares: the site sign-in options and one error line, never a
traceback."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from msc_desktop.errors import MscError, ValidationError
from msc_desktop.paths import default_data_dir
from msc_desktop.store.site import SiteStore

Handler = Callable[[argparse.Namespace], int]
log = logging.getLogger("msc_desktop.cli")


def read_password(args: argparse.Namespace) -> str:
    """The first line of standard input, when `--password-stdin` was given."""
    if not getattr(args, "password_stdin", False):
        raise ValidationError("Give the password on standard input with --password-stdin.")
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise ValidationError("No password was given on standard input.")
    return password


@contextmanager
def open_site(args: argparse.Namespace) -> Iterator[SiteStore]:
    """The site unlocked with the command's sign-in options, closed when the block ends."""
    if not args.user:
        raise ValidationError("Give the user name with --user.")
    store = SiteStore.unlock(Path(args.data_dir), args.user, read_password(args))
    try:
        yield store
    finally:
        store.close()


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default=str(default_data_dir()),
        help="the site's data folder (default: %(default)s)",
    )


def add_login(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("--user", help="your user name")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read your password from standard input"
    )


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except MscError as error:
        print(f"{parser.prog}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{parser.prog}: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception as error:  # the last guard: one line for the user, the details to the log
        log.exception("unexpected error in %s", parser.prog)
        print(
            f"{parser.prog}: unexpected error ({type(error).__name__}: {error}); please report it.",
            file=sys.stderr,
        )
        return 2
