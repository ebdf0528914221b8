"""`msc-site` commands over the clinical data: participants (CSV) and demo-data."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable

from sqlalchemy import select

from msc_desktop.store.models import Participant

AddLogin = Callable[[argparse.ArgumentParser], None]


def _cmd_participants(args: argparse.Namespace) -> int:
    from msc_desktop.cli import open_site

    store = open_site(args)
    try:
        with store.session() as session:
            rows = session.execute(
                select(Participant.subject_id, Participant.status, Participant.arm).order_by(
                    Participant.subject_id
                )
            ).all()
    finally:
        store.close()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["subject_id", "status", "arm"])
    for subject_id, status, arm in rows:
        writer.writerow([subject_id, status, arm or ""])
    return 0


def _cmd_demo_data(args: argparse.Namespace) -> int:
    from msc_desktop.cli import open_site
    from msc_desktop.store.demo import generate_demo_data

    store = open_site(args)
    try:
        print("Entering synthetic DEMO participants (never use this site for a real study)...", file=sys.stderr)
        summary = generate_demo_data(store, args.participants, seed=args.seed)
    finally:
        store.close()
    randomized = summary.randomized
    print(
        f"{summary.registered} participants: {summary.screen_failures} screen failures, "
        f"{randomized['MSC']} MSC, {randomized['CONTROL']} control; {summary.visits} visits, "
        f"{summary.infusions} infusions, {summary.adverse_events} adverse events "
        f"({summary.serious} serious), {summary.withdrawn} withdrawn."
    )
    return 0


def add_site_data_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], add_login: AddLogin
) -> None:
    participants = sub.add_parser("participants", help="one CSV line per participant")
    add_login(participants)
    participants.set_defaults(handler=_cmd_participants)

    demo = sub.add_parser("demo-data", help="enter synthetic participants (demos, benchmarks, tests)")
    add_login(demo)
    demo.add_argument("--participants", type=int, required=True, help="how many to register")
    demo.add_argument("--seed", type=int, help="a seed for a reproducible demo")
    demo.set_defaults(handler=_cmd_demo_data)
