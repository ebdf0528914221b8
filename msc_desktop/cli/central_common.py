"""What every `msc-central` command shares: its options and the centre it opens.

Every command takes `--home DIR` (keys, receipts, quarantine and, unless `--store URL` is given,
the SQLite store) and the centre's passphrase, which unlocks its private keys and its store: the
first line of standard input with `--passphrase-stdin`, else the `MSC_CENTRAL_PASSPHRASE`
environment variable (for a service). It is never an argument, so it never shows in a process
list.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from msc_desktop.central.core import CenterLimits
from msc_desktop.central.service import Center
from msc_desktop.errors import ValidationError

PASSPHRASE_VARIABLE = "MSC_CENTRAL_PASSPHRASE"


def read_passphrase(args: argparse.Namespace) -> str:
    """The centre's passphrase: standard input with --passphrase-stdin, else the environment."""
    if args.passphrase_stdin:
        passphrase = sys.stdin.readline().rstrip("\r\n")
        if not passphrase:
            raise ValidationError("No passphrase was given on standard input.")
        return passphrase
    # Taken out of the environment, so that nothing this process starts inherits it.
    passphrase = os.environ.pop(PASSPHRASE_VARIABLE, "")
    if not passphrase:
        raise ValidationError(
            f"Give the centre's passphrase on standard input with "
            f"--passphrase-stdin, or in {PASSPHRASE_VARIABLE}."
        )
    return passphrase


@contextmanager
def open_centre(args: argparse.Namespace) -> Iterator[Center]:
    """The centre opened with the command's options, closed when the block ends."""
    limits = CenterLimits()
    if getattr(args, "max_bytes", None) is not None:
        if args.max_bytes < 1:
            raise ValidationError("--max-bytes must be at least 1.")
        limits = CenterLimits(bundle_bytes=args.max_bytes)
    center = Center.open(
        Path(args.home), args.store, passphrase=read_passphrase(args), limits=limits
    )
    try:
        yield center
    finally:
        center.close()


def centre_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse.ArgumentParser:
    """A `msc-central` command with the options every one takes: the centre's folder, its store
    and where its passphrase comes from."""
    child = sub.add_parser(name, help=help_text, description=help_text)
    child.add_argument(
        "--home",
        required=True,
        help="the centre's folder (keys, receipts, quarantine, SQLite store)",
    )
    child.add_argument("--store", help="a postgresql://... URL instead of the SQLite file")
    child.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=f"read the centre's passphrase from standard input (else from {PASSPHRASE_VARIABLE})",
    )
    return child
