"""`msc-site`: the site's own commands (init, verify-audit, backup, restore) and its parser,
which also carries the data, sync and print commands (DESIGN section 8)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from msc_desktop import __version__
from msc_desktop.cli.common import add_data_dir, add_login, open_site, read_password, run
from msc_desktop.cli.printing import add_print_commands
from msc_desktop.cli.queries import add_site_query_commands
from msc_desktop.cli.site_data import add_site_data_commands
from msc_desktop.cli.sync import add_site_sync_commands
from msc_desktop.domain.clinic_time import zone_label
from msc_desktop.errors import ValidationError
from msc_desktop.reports.printing import recovery_sheet_pdf, write_pdf
from msc_desktop.store.backups import restore_backup
from msc_desktop.store.demo import make_demo_site
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.identity import pin_center_key


def _cmd_init(args: argparse.Namespace) -> int:
    store, recovery_key = SiteStore.init(
        Path(args.data_dir),
        site_id=args.site_id,
        site_name=args.site_name,
        admin_user=args.admin,
        admin_password=read_password(args),
        admin_full_name=args.admin_name or args.admin,
        time_zone=args.time_zone,
    )
    try:
        if args.demo:
            make_demo_site(store)
        if args.center_key:
            pin_center_key(store, Path(args.center_key))
        kind = "Demo site" if args.demo else "Site"
        print(f"{kind} {store.site_id} ({store.site_name}) created in {args.data_dir}.")
        print(
            f"Time zone: {zone_label()} (clinical times are entered and kept in it; "
            f"an administrator can change it under Settings)."
        )
        if args.recovery_sheet:
            sheet = recovery_sheet_pdf(
                recovery_key,
                site_id=store.site_id,
                site_name=store.site_name,
                demo=args.demo,
                created_at=datetime.now(UTC),
                language=args.lang,
                protocol=store.protocol,
            )
            print(
                f"Recovery sheet written to {write_pdf(Path(args.recovery_sheet), sheet)}: "
                "print it, then delete the file."
            )
        print("Recovery key (shown once: print it and keep it locked away):")
        print(recovery_key)
    finally:
        store.close()
    return 0


def _cmd_verify_audit(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        report = store.verify_audit()
        problems = store.anchor_problems()
        if args.reseal:
            if not report.ok:
                raise ValidationError(
                    "The audit chain itself is broken; it cannot be sealed as it is."
                )
            store.reseal_anchor("; ".join(problems) or "on request")
            print(f"The audit trail's anchor now seals record {store.verify_audit().last_seq}.")
            return 0
    if not report.ok:
        print(
            f"Audit chain broken at record {report.first_broken_seq}: {report.problem}.",
            file=sys.stderr,
        )
        return 1
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"{report.count} audit records verified; the chain is intact.")
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        path = store.backup(Path(args.out))
    print(path)
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    """Restores a backup; the current site (if any) is kept aside, never overwritten."""
    if not args.user:
        raise ValidationError("Give an administrator's user name with --user.")
    password = read_password(args)
    data_dir = Path(args.data_dir)
    expected_site_id = None
    if SiteStore.exists(data_dir):
        current = SiteStore.unlock(data_dir, args.user, password)
        expected_site_id = current.site_id
        current.close()
    report = restore_backup(
        data_dir,
        Path(args.backup),
        args.user,
        password,
        expected_site_id=expected_site_id,
        allow_other_site=args.allow_other_site,
    )
    total = sum(report.record_counts.values())
    print(
        f"Site {report.site_id} ({report.site_name}) restored from the backup written "
        f"{report.written:%Y-%m-%d %H:%M}: "
        f"{total} records, {report.audit_records} audit records verified."
    )
    if report.kept_aside is not None:
        print(f"The previous database was kept in {report.kept_aside}.")
    return 0


def site_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="msc-site", description="MSC Desktop site commands.")
    parser.add_argument("--version", action="version", version=f"msc-site {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = sub.add_parser("init", help="create a new encrypted site (admin password on stdin)")
    add_data_dir(init)
    init.add_argument("--site-id", required=True, help="two digits, e.g. 01")
    init.add_argument("--site-name", required=True)
    init.add_argument("--admin", required=True, help="the first administrator's user name")
    init.add_argument("--admin-name", help="the administrator's full name (default: the user name)")
    init.add_argument(
        "--time-zone",
        metavar="ZONE",
        help="the site's IANA time zone, e.g. Asia/Shanghai (default: this computer's)",
    )
    init.add_argument("--center-key", help="the coordinating centre's public key file to pin")
    init.add_argument(
        "--recovery-sheet", metavar="FILE.pdf", help="also write the printable recovery sheet"
    )
    init.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of the recovery sheet"
    )
    init.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    init.add_argument(
        "--demo",
        action="store_true",
        help="a demo site: demo data and demo allocation lists only, never the centre's lists",
    )
    init.set_defaults(handler=_cmd_init)

    verify = sub.add_parser(
        "verify-audit",
        help="walk the audit chain and report the first break, or records removed from its end",
    )
    add_login(verify)
    verify.add_argument(
        "--reseal",
        action="store_true",
        help="administrators, once a reported anchor problem "
        "was looked into: seal the trail as it is now (recorded in the trail)",
    )
    verify.set_defaults(handler=_cmd_verify_audit)

    backup = sub.add_parser("backup", help="online backup of the encrypted database")
    add_login(backup)
    backup.add_argument("--out", required=True, help="the backup file to write")
    backup.set_defaults(handler=_cmd_backup)

    restore = sub.add_parser(
        "restore", help="restore a backup (the current database is kept aside)"
    )
    add_login(restore)
    restore.add_argument("--backup", required=True, help="the backup file (.mscbak)")
    restore.add_argument(
        "--allow-other-site", action="store_true", help="accept a backup of another site"
    )
    restore.set_defaults(handler=_cmd_restore)

    add_site_data_commands(sub)
    add_site_sync_commands(sub)
    add_site_query_commands(sub)
    add_print_commands(sub)
    return parser


def site_main(argv: Sequence[str] | None = None) -> int:
    return run(site_parser(), argv)
