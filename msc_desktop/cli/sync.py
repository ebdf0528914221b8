"""`msc-site` sync commands: identity, set-center, export, upload, import, protocol (DESIGN 8).

`msc_desktop.cli.site` adds these to its parser with `add_site_sync_commands`.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from msc_desktop.cli.common import add_login, open_site
from msc_desktop.domain.amendments import describe
from msc_desktop.errors import ValidationError
from msc_desktop.store.services.protocol_versions import activate, protocol_versions
from msc_desktop.sync.identity import pin_center_key, write_identity
from msc_desktop.sync.site_export import ExportMode, export_bundle
from msc_desktop.sync.site_import import import_packages
from msc_desktop.sync.site_upload import upload_pending


def _cmd_identity(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        print(write_identity(store, Path(args.out)))
    return 0


def _cmd_set_center(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        print(pin_center_key(store, Path(args.center_key), replace=args.replace))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:

    mode: ExportMode = "full" if args.full else "resend" if args.resend else "incremental"
    with open_site(args) as store:
        result = export_bundle(store, Path(args.out), mode)
    print(result.path if result is not None else "nothing to export")
    return 0


def _cmd_upload(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        ca_file = Path(args.ca_file) if args.ca_file else None
        results = upload_pending(
            store,
            args.url,
            attempts=args.attempts,
            ca_file=ca_file,
            insecure=args.insecure,
            fetch_package=True,
        )
    for result in results:
        print(result.line())
    if not results:
        print("nothing to upload")
    return 1 if any(result.status == "rejected" for result in results) else 0


def _cmd_import(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        results = import_packages(store, [Path(name) for name in args.files])
    for result in results:
        print(result.line())
    return 0 if all(result.ok for result in results) else 1


def _cmd_protocol_list(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        versions = protocol_versions(store, today=date.today())
    if not versions:
        print("no protocol version received from the centre; the shipped version is in use")
    for state in versions:
        if state.effective_from is None:
            when = "inactive"
        else:
            verb = "in effect since" if state.in_effect else "takes effect on"
            when = f"{verb} {state.effective_from.isoformat()} (set by {state.activated_by})"
        print(f"{state.version}: received {state.received_at:%Y-%m-%d}, {when}")
        for line in describe(state.changes):
            print(f"  - {line}")
    return 0


def _cmd_protocol_activate(args: argparse.Namespace) -> int:
    try:
        on = date.fromisoformat(args.on)
    except ValueError:
        raise ValidationError("--on needs a date written as YYYY-MM-DD.") from None
    with open_site(args) as store:
        state = activate(store, args.version, on, today=date.today())
    print(
        f"protocol version {state.version} takes effect on {on.isoformat()}: forms entered "
        f"from that day use it; forms entered before keep their version"
    )
    return 0


def add_site_sync_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:

    identity = sub.add_parser("identity", help="write the site's public key; print its fingerprint")
    add_login(identity)
    identity.add_argument("--out", required=True, help="the public key file to write")
    identity.set_defaults(handler=_cmd_identity)

    center = sub.add_parser("set-center", help="pin the coordinating centre's public key")
    add_login(center)
    center.add_argument("--center-key", required=True, help="the centre's center.pub file")
    center.add_argument(
        "--replace",
        action="store_true",
        help="replace a different key pinned before (check the fingerprint)",
    )
    center.set_defaults(handler=_cmd_set_center)

    export = sub.add_parser("export", help="write the next bundle for the centre; print its path")
    add_login(export)
    export.add_argument("--out", required=True, help="the folder (e.g. a USB stick)")
    which = export.add_mutually_exclusive_group()
    which.add_argument("--full", action="store_true", help="everything from the first record")
    which.add_argument(
        "--resend", action="store_true", help="everything the centre has not acknowledged"
    )
    export.set_defaults(handler=_cmd_export)

    upload = sub.add_parser("upload", help="send pending bundles to the centre's server")
    add_login(upload)
    upload.add_argument("--url", required=True, help="the centre's address, e.g. https://host:8443")
    upload.add_argument("--attempts", type=int, default=5, help="tries per bundle (default 5)")
    upload.add_argument("--ca-file", help="PEM certificate to trust for an HTTPS centre")
    upload.add_argument(
        "--insecure",
        action="store_true",
        help="allow plain http:// to another computer (only on a network you trust)",
    )
    upload.set_defaults(handler=_cmd_upload)

    importer = sub.add_parser(
        "import", help="import centre packages (allocation lists, protocol versions, receipts)"
    )
    add_login(importer)
    importer.add_argument("files", nargs="+", metavar="FILE")
    importer.set_defaults(handler=_cmd_import)

    protocol = sub.add_parser("protocol", help="protocol versions (amendments) from the centre")
    actions = protocol.add_subparsers(dest="protocol_command", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list", help="the versions received, what each changes, and when it takes effect"
    )
    add_login(listing)
    listing.set_defaults(handler=_cmd_protocol_list)
    activation = actions.add_parser(
        "activate", help="set the date from which new entries use a version (administrators)"
    )
    add_login(activation)
    activation.add_argument("version", metavar="VERSION")
    activation.add_argument(
        "--on",
        required=True,
        metavar="DATE",
        help="the first day it applies, YYYY-MM-DD (today or later)",
    )
    activation.set_defaults(handler=_cmd_protocol_activate)
