"""`msc-central`: the coordinating centre's commands (DESIGN section 8).

Every command takes `--home DIR` (keys, receipts, quarantine and, unless `--store URL` is given,
the SQLite store) and the centre's passphrase, which unlocks its private keys and its store: the
first line of standard input with `--passphrase-stdin`, else the `MSC_CENTRAL_PASSPHRASE`
environment variable (for a service). It is never an argument, so it never shows in a process
list.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from msc_desktop import __version__
from msc_desktop.central import CENTRAL_EXTRA_MISSING, queries
from msc_desktop.central.allocations import DEFAULT_EXPECTED_ENROLMENT
from msc_desktop.central.core import CenterLimits
from msc_desktop.central.export import export_pooled
from msc_desktop.central.protect import protect_legacy_centre
from msc_desktop.central.report import write_report
from msc_desktop.central.server import ServerSettings, serve
from msc_desktop.central.service import Center
from msc_desktop.cli.common import run
from msc_desktop.csv_cells import csv_writer
from msc_desktop.domain.amendments import describe
from msc_desktop.errors import SyncError, ValidationError
from msc_desktop.files import read_limited
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.keys import MAX_DOCUMENT_BYTES, format_fingerprint
from msc_desktop.sync.packages import MAX_PROTOCOL_BYTES

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


def _open(args: argparse.Namespace) -> Center:
    limits = CenterLimits()
    if getattr(args, "max_bytes", None) is not None:
        if args.max_bytes < 1:
            raise ValidationError("--max-bytes must be at least 1.")
        limits = CenterLimits(bundle_bytes=args.max_bytes)
    return Center.open(Path(args.home), args.store, passphrase=read_passphrase(args), limits=limits)


def _cmd_init(args: argparse.Namespace) -> int:
    center = Center.init(Path(args.home), args.store, passphrase=read_passphrase(args))
    try:
        print(format_fingerprint(center.fingerprint))
    finally:
        center.close()
    return 0


def _cmd_protect(args: argparse.Namespace) -> int:
    print(protect_legacy_centre(Path(args.home), args.store, read_passphrase(args)))
    return 0


def _cmd_register_site(args: argparse.Namespace) -> int:
    document = read_limited(Path(args.key), MAX_DOCUMENT_BYTES, SyncError)
    center = _open(args)
    try:
        print(center.register_site(args.site_id, document))
    finally:
        center.close()
    return 0


def _cmd_revoke_site(args: argparse.Namespace) -> int:
    center = _open(args)
    try:
        center.revoke_site(args.site_id)
    finally:
        center.close()
    print(f"site {args.site_id}: key revoked; register its new key with register-site")
    return 0


def _cmd_site_package(args: argparse.Namespace) -> int:
    if args.expected < 1:
        raise ValidationError("The expected enrolment must be at least 1.")
    center = _open(args)
    try:
        data = center.site_package(args.site_id, args.expected)
    finally:
        center.close()
    out = Path(args.out)
    write_atomic(out, data)
    print(out)
    return 0


def _cmd_amend(args: argparse.Namespace) -> int:
    data = read_limited(Path(args.protocol), MAX_PROTOCOL_BYTES, ValidationError)
    center = _open(args)
    try:
        diff = center.amend(data)
    finally:
        center.close()
    print(
        f"protocol version {diff.new_version} added (after {diff.old_version}); the next site "
        f"packages carry it. Changes:"
    )
    for line in describe(diff):
        print(f"- {line}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    center = _open(args)
    try:
        outcomes = center.import_files([Path(name) for name in args.bundles])
    finally:
        center.close()
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
    center = _open(args)
    try:
        serve(center, args.host, args.port, ServerSettings(rate_limit=args.rate_limit), tls)
    finally:
        center.close()
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    center = _open(args)
    try:
        paths = export_pooled(center, args.format, Path(args.out))
    finally:
        center.close()
    for path in paths:
        print(path)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise ValidationError(f"The report is a PDF: give a file name ending in .pdf, not {out}.")
    if not out.parent.is_dir():
        raise ValidationError(f"The folder {out.parent} does not exist.")
    center = _open(args)
    try:
        print(write_report(center, out))
    finally:
        center.close()
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
    center = _open(args)
    try:
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
    finally:
        center.close()
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    by = args.user or getpass.getuser()
    if args.action == "open":
        missing = [name for name in ("subject", "visit", "item", "text") if not getattr(args, name)]
        if missing:
            raise ValidationError(f"query open needs --{' --'.join(missing)}.")
    elif args.action in ("close", "reopen"):
        if args.number is None:
            raise ValidationError(f"query {args.action} needs the query's number.")
        if args.action == "reopen" and not args.text:
            raise ValidationError("query reopen needs --text (the new question).")
    center = _open(args)
    try:
        if args.action == "open":
            site_id, address = queries.resolve_item(
                center, args.subject, args.visit, args.item, args.repeat or "", args.site, args.form
            )
            query = queries.open_query(center, site_id, address, args.text, by)
            print(
                f"query {query.number} opened at site {site_id}: {address.subject_key} "
                f"{args.visit} {address.item_oid}"
            )
        elif args.action in ("close", "reopen"):
            site_id = args.site or _site_of_query(center, args.number)
            if args.action == "close":
                queries.close_query(center, site_id, args.number, by, args.text or "")
                print(f"query {args.number} of site {site_id} closed")
            else:
                queries.reopen_query(center, site_id, args.number, by, args.text)
                print(f"query {args.number} of site {site_id} re-opened")
        else:
            catalogues = list(center.catalogues().values())
            found = [
                query
                for query in queries.list_queries(center, args.site)
                if not args.open or query.state != "closed"
            ]
            writer = csv_writer(sys.stdout)
            writer.writerow(
                ["number", "site", "subject", "visit", "item", "state", "text", "answer"]
            )
            for query in found:
                writer.writerow(
                    [
                        query.number,
                        query.site_id,
                        query.address.subject_key,
                        queries.visit_name(catalogues, query.address.event_oid),
                        query.address.item_oid
                        + (f" #{query.address.repeat_key}" if query.address.repeat_key else ""),
                        query.state,
                        query.question,
                        queries.answer_text(query),
                    ]
                )
    finally:
        center.close()
    return 0


def _site_of_query(center: Center, number: int) -> str:
    """The one site that has a query `number` (queries are numbered per site)."""
    sites = sorted(
        {query.site_id for query in queries.list_queries(center) if query.number == number}
    )
    if not sites:
        raise ValidationError(f"There is no query {number}.")
    if len(sites) > 1:
        raise ValidationError(
            f"Sites {', '.join(sites)} each have a query {number}: say which with --site."
        )
    return sites[0]


def central_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="msc-central", description="MSC Desktop coordinating centre commands."
    )
    parser.add_argument("--version", action="version", version=f"msc-central {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
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
            help=f"read the centre's passphrase from standard input (else from "
            f"{PASSPHRASE_VARIABLE})",
        )
        return child

    init = command(
        "init",
        "create the centre's key pair and encrypted store under a new "
        "passphrase; prints the fingerprint",
    )
    init.set_defaults(handler=_cmd_init)

    protect = command(
        "protect",
        "encrypt a centre made by an earlier version (raw key file, "
        "plain SQLite store) under a new passphrase",
    )
    protect.set_defaults(handler=_cmd_protect)

    register = command("register-site", "register a site's public key; prints its fingerprint")
    register.add_argument("--site-id", required=True)
    register.add_argument("--key", required=True, help="the site's public key file (site.pub)")
    register.set_defaults(handler=_cmd_register_site)

    revoke = command("revoke-site", "refuse every further bundle signed by a site's current key")
    revoke.add_argument("--site-id", required=True)
    revoke.set_defaults(handler=_cmd_revoke_site)

    package = command(
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

    amend = command(
        "amend", "issue a protocol version (an amendment); the next site packages carry it, signed"
    )
    amend.add_argument(
        "--protocol",
        required=True,
        metavar="FILE",
        help="the new protocol declaration (JSON, as resources/protocol.json)",
    )
    amend.set_defaults(handler=_cmd_amend)

    importer = command(
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

    serve = command("serve", "serve the upload endpoint (POST /bundles) and the web application")
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

    user = command(
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

    query = command(
        "query",
        "data queries: open one on an item (--subject, --visit as the "
        "visit code, --item OID), list them (CSV), close or re-open one",
    )
    query.add_argument("action", choices=("open", "list", "close", "reopen"))
    query.add_argument("number", nargs="?", type=int, help="the query's number (close, reopen)")
    query.add_argument(
        "--site",
        help="the site (list: only its queries; close, reopen: the "
        "site the number belongs to, when several have it)",
    )
    query.add_argument("--subject", help="the participant's subject id (open)")
    query.add_argument(
        "--visit",
        help="the visit code, e.g. W4, or SE.COMMON for records outside the schedule (open)",
    )
    query.add_argument("--item", help="the item's OID, e.g. IT.LB.ALB (open)")
    query.add_argument(
        "--form", help="the form's OID when the item is in several forms of the visit (open)"
    )
    query.add_argument(
        "--repeat", help="the repeat key of a repeating group, e.g. the AE number (open)"
    )
    query.add_argument("--text", help="the question (open, reopen) or closing remark (close)")
    query.add_argument(
        "--open", action="store_true", help="list only the queries not closed (open or answered)"
    )
    query.add_argument("--user", help="who acts (default: your login name)")
    query.set_defaults(handler=_cmd_query)

    export = command(
        "export",
        "export pooled data for statisticians: odm (ODM 1.3.2 with the "
        "audit trail), csv (SDTM datasets as CSV), sdtm (CSV, SAS XPORT v5 "
        "and define.xml 2.0), adam (the analysis dataset)",
    )
    export.add_argument("--format", required=True, choices=("odm", "csv", "sdtm", "adam"))
    export.add_argument("--out", required=True, help="the folder to write into")
    export.set_defaults(handler=_cmd_export)

    report = command(
        "report",
        "write the DSMB summary (enrolment, exposure, serious adverse "
        "events, mean change from baseline by arm and visit) as a PDF",
    )
    report.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    report.set_defaults(handler=_cmd_report)
    return parser


def central_main(argv: Sequence[str] | None = None) -> int:
    return run(central_parser(), argv)
