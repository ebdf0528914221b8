"""`msc-site` commands over the clinical data: participants (CSV) and demo-data."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select

from msc_desktop.cli.common import add_login, open_site
from msc_desktop.csv_cells import csv_writer
from msc_desktop.errors import ValidationError
from msc_desktop.store import users
from msc_desktop.store.demo import generate_demo_data
from msc_desktop.store.models import Participant


def _cmd_participants(args: argparse.Namespace) -> int:
    with open_site(args) as store, store.session() as session:
        rows = session.execute(
            select(Participant.subject_id, Participant.status, Participant.arm).order_by(
                Participant.subject_id
            )
        ).all()
    writer = csv_writer(sys.stdout)
    writer.writerow(["subject_id", "status", "arm"])
    for subject_id, status, arm in rows:
        writer.writerow([subject_id, status, arm or ""])
    return 0


def _cmd_demo_data(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        print(
            "Entering synthetic DEMO participants (never use this site for a real study)...",
            file=sys.stderr,
        )
        summary = generate_demo_data(store, args.participants, seed=args.seed)
    randomized = summary.randomized
    print(
        f"{summary.registered} participants: {summary.screen_failures} screen failures, "
        f"{randomized['MSC']} MSC, {randomized['CONTROL']} control; {summary.visits} visits, "
        f"{summary.infusions} infusions, {summary.adverse_events} adverse events "
        f"({summary.serious} serious), {summary.withdrawn} withdrawn."
    )
    return 0


def _second_password(what: str) -> str:
    """The second line of standard input (the first is the signed-in user's own password)."""
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise ValidationError(f"Give {what} on the second line of standard input.")
    return line


def _cmd_user(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        if args.action == "list":
            writer = csv_writer(sys.stdout)
            writer.writerow(["user", "full_name", "role", "active"])
            for account in users.list_users(store):
                writer.writerow(
                    [
                        account.user_id,
                        account.full_name,
                        account.role,
                        "yes" if account.active else "no",
                    ]
                )
            return 0
        if not args.target:
            raise ValidationError("Name the account with --target USER.")
        if args.action == "add":
            if not (args.full_name and args.role):
                raise ValidationError("A new account needs --full-name and --role.")
            users.create_user(
                store,
                args.target,
                args.full_name,
                args.role,
                _second_password("the new user's password"),
            )
            print(f"Account {args.target.strip().lower()} created ({args.role}).")
        elif args.action == "deactivate":
            recovery = (
                _second_password(
                    "the recovery key (asked once on a site set up with an earlier version)"
                )
                if store.recovery_key_needed()
                else None
            )
            lost = users.deactivate_user(
                store, args.target, reason=args.reason or "", recovery_key=recovery
            )
            print(
                f"Account {args.target} deactivated; its id is kept and never reused. The "
                "database has a new key: copies of the key file made before no longer open it "
                "(older backups keep the old key)."
            )
            if lost:
                print(
                    "These accounts had not signed in since the update and must get a new "
                    f"password (reset-password): {', '.join(lost)}"
                )
        elif args.action == "reset-password":
            users.reset_password(store, args.target, _second_password("the new password"))
            print(f"Password of {args.target} reset; any lock-out is cleared.")
        elif args.action == "role":
            if not args.role:
                raise ValidationError("Give the new role with --role.")
            users.change_role(store, args.target, args.role, reason=args.reason or "")
            print(f"{args.target} is now {args.role}.")
    return 0


def add_site_data_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    participants = sub.add_parser("participants", help="one CSV line per participant")
    add_login(participants)
    participants.set_defaults(handler=_cmd_participants)

    demo = sub.add_parser(
        "demo-data", help="enter synthetic participants (demos, benchmarks, tests)"
    )
    add_login(demo)
    demo.add_argument("--participants", type=int, required=True, help="how many to register")
    demo.add_argument("--seed", type=int, help="a seed for a reproducible demo")
    demo.set_defaults(handler=_cmd_demo_data)

    user = sub.add_parser(
        "user",
        help="staff accounts: list, add, deactivate, reset-password, role (administrators)",
        description="Your password is the first line of standard input; a new password (or, "
        "for the first deactivation on a site set up with an earlier version, the recovery "
        "key), the second.",
    )
    add_login(user)
    user.add_argument("action", choices=("list", "add", "deactivate", "reset-password", "role"))
    user.add_argument("--target", help="the account to act on")
    user.add_argument("--full-name", help="the new account's full name (printed with signatures)")
    user.add_argument("--role", help="admin, investigator, nurse or monitor")
    user.add_argument("--reason", help="why (deactivate, role)")
    user.set_defaults(handler=_cmd_user)
