"""`msc-site print worksheet | sae | blank-forms` and `msc-site printers` (DESIGN section 8).

Each print command unlocks the site as `--user` (password on standard input) and builds the
sheet with the same functions as the GUI. With `--out FILE` it writes the PDF atomically and
prints its path; with `--printer NAME` it sends the sheet to that print queue (`print_sheet`:
checked, marked "REPRINT n" when printed before, recorded in the audit trail once the queue
accepted it) and prints the job. Nothing is written or recorded when the sheet is refused.
`printers` lists the computer's print queues as CSV.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from pathlib import Path
from typing import get_args

from msc_desktop.cli.common import add_login, open_site
from msc_desktop.reports.cups import PAPER_NAMES, Cups
from msc_desktop.reports.print_queue import (
    Sheet,
    blank_forms_sheet,
    print_sheet,
    render_sheet,
    sae_sheet,
    worksheet_sheet,
)
from msc_desktop.reports.printing import write_pdf
from msc_desktop.reports.sheet import Language, Paper
from msc_desktop.store.site import SiteStore

MakeSheet = Callable[[SiteStore, argparse.Namespace], Sheet]


def _add_sheet_options(parser: argparse.ArgumentParser, make: MakeSheet) -> None:
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="the PDF file to write")
    target.add_argument(
        "--printer", help="the print queue to send the sheet to (see `msc-site printers`)"
    )
    parser.add_argument(
        "--lang", choices=get_args(Language), default="en", help="English or Chinese (default: en)"
    )
    parser.add_argument(
        "--paper", choices=get_args(Paper), default="a4", help="paper size (default: a4)"
    )
    parser.set_defaults(handler=lambda args: _cmd_sheet(args, make))


def _cmd_sheet(args: argparse.Namespace, make: MakeSheet) -> int:
    with open_site(args) as store:
        sheet = make(store, args)
        if args.out is not None:
            pdf = render_sheet(store, sheet)
        else:
            receipt = print_sheet(store, sheet, args.printer)
    if args.out is not None:
        print(write_pdf(Path(args.out), pdf))
        return 0
    mark = f" (REPRINT {receipt.reprint})" if receipt.reprint else ""
    print(f"printed on {receipt.printer} as job {receipt.job_id}{mark}")
    return 0


def _worksheet(store: SiteStore, args: argparse.Namespace) -> Sheet:
    return worksheet_sheet(store, args.subject, args.visit, language=args.lang, paper=args.paper)


def _sae(store: SiteStore, args: argparse.Namespace) -> Sheet:
    return sae_sheet(store, args.subject, args.ae, language=args.lang, paper=args.paper)


def _blank_forms(store: SiteStore, args: argparse.Namespace) -> Sheet:
    return blank_forms_sheet(store, language=args.lang, paper=args.paper, form_ids=args.form)


def _cmd_printers(_args: argparse.Namespace) -> int:
    printers = Cups().printers()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["printer", "state", "default", "paper", "description"])
    for printer in printers:
        paper = printer.loaded_paper or ""
        out.writerow(
            [
                printer.name,
                printer.state_word,
                "yes" if printer.is_default else "no",
                PAPER_NAMES.get(paper, paper),
                printer.info,
            ]
        )
    return 0


def add_print_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds `print` with its sheets, and `printers`, to the `msc-site` parser."""
    printing = sub.add_parser("print", help="print a sheet on a printer or to a PDF file")
    sheets = printing.add_subparsers(dest="sheet", required=True, metavar="SHEET")

    worksheet = sheets.add_parser("worksheet", help="the dosing worksheet of an infusion visit")
    add_login(worksheet)
    worksheet.add_argument("--subject", required=True, help="subject id, e.g. 01-0007")
    worksheet.add_argument("--visit", required=True, help="infusion visit: W0, W4 or W8")
    _add_sheet_options(worksheet, _worksheet)

    sae = sheets.add_parser("sae", help="the report of a serious adverse event")
    add_login(sae)
    sae.add_argument("--subject", required=True, help="subject id, e.g. 01-0007")
    sae.add_argument("--ae", required=True, type=int, help="the adverse event's number")
    _add_sheet_options(sae, _sae)

    blank = sheets.add_parser("blank-forms", help="blank paper CRFs for downtime")
    add_login(blank)
    blank.add_argument(
        "--form", action="append", help="only this form (repeatable; default: every form)"
    )
    _add_sheet_options(blank, _blank_forms)

    printers = sub.add_parser(
        "printers",
        help="list this computer's print queues (CSV: printer, state, default, paper, description)",
    )
    printers.set_defaults(handler=_cmd_printers)
