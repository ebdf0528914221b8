"""`msc-central`: the coordinating centre's commands and its parser (DESIGN section 8).

The options every command takes and the passphrase are in central_common.py; the query commands
in central_queries.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from msc_desktop import __version__
from msc_desktop.central import CENTRAL_EXTRA_MISSING
from msc_desktop.central.allocations import DEFAULT_EXPECTED_ENROLMENT
from msc_desktop.central.core import CenterLimits
from msc_desktop.central.export import export_pooled
from msc_desktop.central.protect import protect_legacy_centre
from msc_desktop.central.report import write_report
from msc_desktop.central.server import ServerSettings, serve
from msc_desktop.central.service import Center
from msc_desktop.cli.central_common import centre_command, open_centre, read_passphrase
from msc_desktop.cli.central_queries import add_centre_query_commands
from msc_desktop.cli.common import run
from msc_desktop.domain.amendments import describe
from msc_desktop.errors import SyncError, ValidationError
from msc_desktop.files import read_limited
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.keys import MAX_DOCUMENT_BYTES, format_fingerprint
from msc_desktop.sync.packages import MAX_PROTOCOL_BYTES


def _cmd_init(args: argparse.Namespace) -> int:
    with closing(
        Center.init(Path(args.home), args.store, passphrase=read_passphrase(args))
    ) as center:
        print(format_fingerprint(center.fingerprint))
    return 0


def _cmd_protect(args: argparse.Namespace) -> int:
    print(protect_legacy_centre(Path(args.home), args.store, read_passphrase(args)))
    return 0


def _cmd_register_site(args: argparse.Namespace) -> int:
    document = read_limited(Path(args.key), MAX_DOCUMENT_BYTES, SyncError)
    with open_centre(args) as center:
        print(center.register_site(args.site_id, document))
    return 0


def _cmd_revoke_site(args: argparse.Namespace) -> int:
    with open_centre(args) as center:
        center.revoke_site(args.site_id)
    print(f"site {args.site_id}: key revoked; register its new key with register-site")
    return 0


def _cmd_site_package(args: argparse.Namespace) -> int:
    if args.expected < 1:
        raise ValidationError("The expected enrolment must be at least 1.")
    with open_centre(args) as center:
        data = center.site_package(args.site_id, args.expected)
    out = Path(args.out)
    write_atomic(out, data)
    print(out)
    return 0


def _cmd_amend(args: argparse.Namespace) -> int:
    data = read_limited(Path(args.protocol), MAX_PROTOCOL_BYTES, ValidationError)
    with open_centre(args) as center:
        diff = center.amend(data)
    print(
        f"protocol version {diff.new_version} added (after {diff.old_version}); the next site "
        f"packages carry it. Changes:"
    )
    for line in describe(diff):
        print(f"- {line}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    with open_centre(args) as center:
        outcomes = center.import_files([Path(name) for name in args.bundles])
    for outcome in outcomes:
        print(outcome.line())
    return 1 if any(outcome.status == "rejected" for outcome in outcomes) else 0


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        import msc_desktop.central.web.app  # noqa: F401  (its packages: starlette, jinja2, ...)
    except ModuleNotFoundError:
        raise ValidationError(CENTRAL_EXTRA_MISSING.format(what="msc-central serve")) from None

    if args.rate_limit < 1:
        raise ValidationError("--rate-limit must be at least 1.")

    if bool(args.tls_cert) != bool(args.tls_key):
        raise ValidationError("Give both --tls-cert and --tls-key, or neither.")
    tls = (Path(args.tls_cert), Path(args.tls_key)) if args.tls_cert else None
    for path in tls or ():
        if not path.is_file():
            raise ValidationError(f"{path} does not exist.")
    with open_centre(args) as center:
        serve(center, args.host, args.port, ServerSettings(rate_limit=args.rate_limit), tls)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    with open_centre(args) as center:
        paths = export_pooled(center, args.format, Path(args.out))
    for path in paths:
        print(path)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise ValidationError(f"The report is a PDF: give a file name ending in .pdf, not {out}.")
    if not out.parent.is_dir():
        raise ValidationError(f"The folder {out.parent} does not exist.")
    with open_centre(args) as center:
        print(write_report(center, out))
    return 0


def _cmd_user(args: argparse.Namespace) -> int:
    try:
        from msc_desktop.central import accounts
    except ModuleNotFoundError:
        raise ValidationError(CENTRAL_EXTRA_MISSING.format(what="msc-central user")) from None

    if args.action == "add":
        if not args.user or not args.role:
            raise ValidationError("user add needs --user and --role.")
        if not args.password_stdin:
            raise ValidationError(
                "Give the new user's password on standard input with "
                "--password-stdin (never as an argument)."
            )
    elif args.action == "deactivate" and not args.user:
        raise ValidationError("user deactivate needs --user.")
    with open_centre(args) as center:
        if args.action == "add":
            # Read after the centre's passphrase (the first line with --passphrase-stdin).
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise ValidationError("No password was given on standard input.")
            account = accounts.add_user(center.store, args.user, args.role, password)
            print(f"user {account.user_id} added ({account.role})")
        elif args.action == "deactivate":
            accounts.deactivate_user(center.store, args.user)
            print(f"user {args.user} deactivated; their sessions have ended")
        else:
            for account in accounts.list_users(center.store):
                state = "active" if account.active else "deactivated"
                print(f"{account.user_id}\t{account.role}\t{state}\t{account.created_at:%Y-%m-%d}")
    return 0


def central_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="msc-central", description="MSC Desktop coordinating centre commands."
    )
    parser.add_argument("--version", action="version", version=f"msc-central {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = centre_command(
        sub,
        "init",
        "create the centre's key pair and encrypted store under a new "
        "passphrase; prints the fingerprint",
    )
    init.set_defaults(handler=_cmd_init)

    protect = centre_command(
        sub,
        "protect",
        "encrypt a centre made by an earlier version (raw key file, "
        "plain SQLite store) under a new passphrase",
    )
    protect.set_defaults(handler=_cmd_protect)

    register = centre_command(
        sub, "register-site", "register a site's public key; prints its fingerprint"
    )
    register.add_argument("--site-id", required=True)
    register.add_argument("--key", required=True, help="the site's public key file (site.pub)")
    register.set_defaults(handler=_cmd_register_site)

    revoke = centre_command(
        sub, "revoke-site", "refuse every further bundle signed by a site's current key"
    )
    revoke.add_argument("--site-id", required=True)
    revoke.set_defaults(handler=_cmd_revoke_site)

    package = centre_command(
        sub,
        "site-package",
        "write the signed allocation lists, protocol versions and protocol settings for a site",
    )
    package.add_argument("--site-id", required=True)
    package.add_argument("--out", required=True, help="the package file to write")
    package.add_argument(
        "--expected",
        type=int,
        default=DEFAULT_EXPECTED_ENROLMENT,
        help="the site's expected enrolment (default: %(default)s)",
    )
    package.set_defaults(handler=_cmd_site_package)

    amend = centre_command(
        sub,
        "amend",
        "issue a protocol version (an amendment); the next site packages carry it, signed",
    )
    amend.add_argument(
        "--protocol",
        required=True,
        metavar="FILE",
        help="the new protocol declaration (JSON, as resources/protocol.json)",
    )
    amend.set_defaults(handler=_cmd_amend)

    importer = centre_command(
        sub,
        "import",
        "import bundles; one line per bundle (the files are never "
        "changed; a rejected one is copied to quarantine)",
    )
    importer.add_argument("bundles", nargs="+", metavar="BUNDLE")
    importer.add_argument(
        "--max-bytes",
        type=int,
        default=CenterLimits.bundle_bytes,
        help="largest bundle file read, in bytes (default: %(default)s)",
    )
    importer.set_defaults(handler=_cmd_import)

    serve = centre_command(
        sub, "serve", "serve the upload endpoint (POST /bundles) and the web application"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument(
        "--max-bytes",
        type=int,
        default=CenterLimits.bundle_bytes,
        help="largest accepted bundle in bytes (default: %(default)s)",
    )
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=ServerSettings.rate_limit,
        help="requests per minute from one address (default: %(default)s)",
    )
    serve.add_argument("--tls-cert", help="PEM certificate file: serve HTTPS")
    serve.add_argument("--tls-key", help="PEM private key file of that certificate")
    serve.set_defaults(handler=_cmd_serve)

    user = centre_command(
        sub,
        "user",
        "web application accounts: add (password on standard input, after "
        "the passphrase), list, deactivate",
    )
    user.add_argument("action", choices=("add", "list", "deactivate"))
    user.add_argument("--user", help="the account's user name")
    user.add_argument("--role", choices=("admin", "data-manager", "monitor", "statistician"))
    user.add_argument(
        "--password-stdin", action="store_true", help="read the new password from standard input"
    )
    user.set_defaults(handler=_cmd_user)

    add_centre_query_commands(sub)

    export = centre_command(
        sub,
        "export",
        "export pooled data for statisticians: odm (ODM 1.3.2 with the "
        "audit trail), csv (SDTM datasets as CSV), sdtm (CSV, SAS XPORT v5 "
        "and define.xml 2.0), adam (the analysis dataset)",
    )
    export.add_argument("--format", required=True, choices=("odm", "csv", "sdtm", "adam"))
    export.add_argument("--out", required=True, help="the folder to write into")
    export.set_defaults(handler=_cmd_export)

    report = centre_command(
        sub,
        "report",
        "write the DSMB summary (enrolment, exposure, serious adverse "
        "events, mean change from baseline by arm and visit) as a PDF",
    )
    report.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    report.set_defaults(handler=_cmd_report)
    return parser


def central_main(argv: Sequence[str] | None = None) -> int:
    return run(central_parser(), argv)
