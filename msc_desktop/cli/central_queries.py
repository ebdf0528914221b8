"""`msc-central query`: open a query on an item, list the queries (CSV), close or re-open one.

`msc_desktop.cli.central` adds the command to its parser with `add_centre_query_commands`.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from msc_desktop.central import queries
from msc_desktop.central.service import Center
from msc_desktop.cli.central_common import centre_command, open_centre
from msc_desktop.csv_cells import csv_writer
from msc_desktop.errors import ValidationError


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
    with open_centre(args) as center:
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


def add_centre_query_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    query = centre_command(
        sub,
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
