"""`msc-site queries` (CSV) and `msc-site query answer` (DESIGN section 8, issue 17)."""

from __future__ import annotations

import argparse
import sys

from msc_desktop.cli.common import add_login, open_site
from msc_desktop.csv_cells import csv_writer
from msc_desktop.domain.clinic_time import site_now
from msc_desktop.store.services.queries import list_queries
from msc_desktop.store.services.query_answers import answer_query

QUERY_COLUMNS = ("number", "subject", "visit", "item", "state", "text", "answer")


def _cmd_queries(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        views = list_queries(store, open_only=args.open)
    writer = csv_writer(sys.stdout)
    writer.writerow(QUERY_COLUMNS)
    for view in views:
        writer.writerow(view.csv_row())
    return 0


def _cmd_answer(args: argparse.Namespace) -> int:
    with open_site(args) as store:
        answered = answer_query(
            store,
            args.number,
            args.text,
            value=args.value,
            unit=args.unit,
            today=site_now().date(),
            confirm_warnings=args.confirm_warnings,
        )
    print(answered.line())
    return 0


def add_site_query_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = sub.add_parser(
        "queries",
        help="the centre's data queries at this site (CSV: number, subject, "
        "visit, item, state, text, answer)",
    )
    add_login(listing)
    listing.add_argument(
        "--open", action="store_true", help="only the queries waiting for an answer"
    )
    listing.set_defaults(handler=_cmd_queries)

    query = sub.add_parser("query", help="answer a data query")
    actions = query.add_subparsers(dest="action", required=True, metavar="ACTION")
    answer = actions.add_parser(
        "answer", help="answer query N with a text, or correct the value and answer"
    )
    add_login(answer)
    answer.add_argument("number", type=int, metavar="N", help="the query's number")
    answer.add_argument("--text", required=True, help="the answer")
    answer.add_argument(
        "--value", help="the corrected value (the correction's reason is the query)"
    )
    answer.add_argument(
        "--unit", help="the corrected value's unit, for a lab value (default: as recorded)"
    )
    answer.add_argument(
        "--confirm-warnings",
        action="store_true",
        help="save a corrected value the form warns about (recorded in the audit trail)",
    )
    answer.set_defaults(handler=_cmd_answer)
