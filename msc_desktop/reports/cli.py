"""`msc-site print worksheet | sae | blank-forms` (DESIGN section 8).

Each command unlocks the site as `--user` (password on standard input), builds the PDF with the
same functions as the GUI, writes it atomically to `--out` and prints its path. Nothing is written
when the sheet is refused.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import get_args

from msc_desktop.reports.printing import (
    blank_forms_pdf,
    dosing_worksheet_pdf,
    sae_report_pdf,
    write_pdf,
)
from msc_desktop.reports.sheet import Language, Paper

AddLogin = Callable[[argparse.ArgumentParser], None]


def _add_sheet_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="the PDF file to write")
    parser.add_argument(
        "--lang", choices=get_args(Language), default="en", help="English or Chinese (default: en)"
    )
    parser.add_argument(
        "--paper", choices=get_args(Paper), default="a4", help="paper size (default: a4)"
    )


def _cmd_worksheet(args: argparse.Namespace) -> int:
    from msc_desktop.cli import open_site

    store = open_site(args)
    try:
        pdf = dosing_worksheet_pdf(
            store, args.subject, args.visit, language=args.lang, paper=args.paper
        )
    finally:
        store.close()
    print(write_pdf(Path(args.out), pdf))
    return 0


def _cmd_sae(args: argparse.Namespace) -> int:
    from msc_desktop.cli import open_site

    store = open_site(args)
    try:
        pdf = sae_report_pdf(store, args.subject, args.ae, language=args.lang, paper=args.paper)
    finally:
        store.close()
    print(write_pdf(Path(args.out), pdf))
    return 0


def _cmd_blank_forms(args: argparse.Namespace) -> int:
    from msc_desktop.cli import open_site
    from msc_desktop.store.site_kind import is_demo_site

    store = open_site(args)
    try:
        site_id, site_name, demo = store.site_id, store.site_name, is_demo_site(store)
    finally:
        store.close()
    pdf = blank_forms_pdf(
        site_id=site_id,
        site_name=site_name,
        demo=demo,
        language=args.lang,
        paper=args.paper,
        form_ids=args.form,
    )
    print(write_pdf(Path(args.out), pdf))
    return 0


def add_print_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], add_login: AddLogin
) -> None:
    """Adds `print` with its sheets to the `msc-site` parser."""
    printing = sub.add_parser("print", help="print a sheet to a PDF file")
    sheets = printing.add_subparsers(dest="sheet", required=True, metavar="SHEET")

    worksheet = sheets.add_parser("worksheet", help="the dosing worksheet of an infusion visit")
    add_login(worksheet)
    worksheet.add_argument("--subject", required=True, help="subject id, e.g. 01-0007")
    worksheet.add_argument("--visit", required=True, help="infusion visit: W0, W4 or W8")
    _add_sheet_options(worksheet)
    worksheet.set_defaults(handler=_cmd_worksheet)

    sae = sheets.add_parser("sae", help="the report of a serious adverse event")
    add_login(sae)
    sae.add_argument("--subject", required=True, help="subject id, e.g. 01-0007")
    sae.add_argument("--ae", required=True, type=int, help="the adverse event's number")
    _add_sheet_options(sae)
    sae.set_defaults(handler=_cmd_sae)

    blank = sheets.add_parser("blank-forms", help="blank paper CRFs for downtime")
    add_login(blank)
    blank.add_argument(
        "--form", action="append", help="only this form (repeatable; default: every form)"
    )
    _add_sheet_options(blank)
    blank.set_defaults(handler=_cmd_blank_forms)
