"""`msc-site print ... --printer` and `msc-site printers` against a real CUPS queue (cups-pdf).

The private scheduler of tests/cups_server.py turns every job into a PDF; each test compares
that PDF with the sheet the app makes (pages, page size, pdftotext text), and runs the faults a
clinic meets against the real queue: stopped, rejecting jobs, removed, set up for other paper,
no printing service at all. A print is in the audit trail only when the queue took the job.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from msc_desktop.store.models import AuditLog
from msc_desktop.store.site import SiteStore
from tests.accounts import NURSE
from tests.cups_server import (
    A4_POINTS,
    LETTER_POINTS,
    TEST_QUEUE,
    PrivateCups,
    pages,
    pdftotext,
    rendering_difference,
)
from tests.e2e.test_print_cli import clinic, login, msc_site

__all__ = ["clinic"]


def print_events(data_dir: Path) -> list[str]:
    store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    try:
        with store.session() as session:
            return list(
                session.scalars(
                    select(AuditLog.new_value)
                    .where(AuditLog.field == "printed")
                    .order_by(AuditLog.seq)
                )
            )
    finally:
        store.close()


def job_of(stdout: str) -> int:
    match = re.fullmatch(
        rf"printed on {TEST_QUEUE} as job (\d+)( \(REPRINT \d+\))?", stdout.strip()
    )
    assert match, stdout
    return int(match.group(1))


SHEETS = {
    "worksheet": ["worksheet", "--subject", "01-0001", "--visit", "W0"],
    "sae": ["sae", "--subject", "01-0001", "--ae", "1"],
    "blank-forms": ["blank-forms"],
}


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_each_sheet_prints_on_the_queue_as_the_app_makes_it(
    print_queue: PrivateCups, clinic: Path, tmp_path: Path, sheet: str
) -> None:
    args = SHEETS[sheet]
    made = tmp_path / "made.pdf"
    done = msc_site(
        "print", args[0], *login(clinic), *args[1:], "--out", str(made), password=NURSE[1]
    )
    assert done.returncode == 0, done.stderr
    done = msc_site(
        "print", args[0], *login(clinic), *args[1:], "--printer", TEST_QUEUE, password=NURSE[1]
    )
    assert done.returncode == 0, done.stderr
    job = job_of(done.stdout)
    printed = print_queue.output_of(job)
    assert pages(printed) == pages(made) and set(pages(made)) == {A4_POINTS}
    assert pdftotext(printed) == pdftotext(made) != []
    assert rendering_difference(printed, made, tmp_path) < 5
    assert print_events(clinic)[-1].endswith(f"printed on {TEST_QUEUE} as job {job}")


def test_a_second_print_is_marked_reprint_with_its_time(
    print_queue: PrivateCups, clinic: Path
) -> None:
    first = msc_site(
        "print",
        *SHEETS["worksheet"][:1],
        *login(clinic),
        *SHEETS["worksheet"][1:],
        "--printer",
        TEST_QUEUE,
        password=NURSE[1],
    )
    second = msc_site(
        "print",
        *SHEETS["worksheet"][:1],
        *login(clinic),
        *SHEETS["worksheet"][1:],
        "--printer",
        TEST_QUEUE,
        password=NURSE[1],
    )
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "REPRINT" not in first.stdout and second.stdout.strip().endswith("(REPRINT 1)")
    first_text = subprocess.run(
        ["pdftotext", str(print_queue.output_of(job_of(first.stdout))), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    second_text = subprocess.run(
        ["pdftotext", str(print_queue.output_of(job_of(second.stdout))), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "REPRINT" not in first_text
    assert re.search(r"REPRINT 1, printed \d{4}-\d{2}-\d{2} \d{2}:\d{2}", second_text), second_text
    events = print_events(clinic)
    assert (
        events[-2] == f"dosing worksheet W0 printed on {TEST_QUEUE} as job {job_of(first.stdout)}"
    )
    assert (
        events[-1]
        == f"dosing worksheet W0 printed on {TEST_QUEUE} as job {job_of(second.stdout)} (REPRINT 1)"
    )


def test_the_sheet_keeps_its_layout_whatever_the_queue_defaults(
    print_queue: PrivateCups, clinic: Path, tmp_path: Path
) -> None:
    """Queue defaults of two pages per side, landscape and fit to page do not shrink or turn the
    sheet (without the job's own settings, two-up prints it at 70 %)."""
    made = tmp_path / "made.pdf"
    msc_site(
        "print",
        "worksheet",
        *login(clinic),
        "--subject",
        "01-0001",
        "--visit",
        "W0",
        "--paper",
        "letter",
        "--out",
        str(made),
        password=NURSE[1],
    )
    print_queue.run(
        "lpadmin",
        "-p",
        TEST_QUEUE,
        "-o",
        "number-up-default=2",
        "-o",
        "orientation-requested-default=4",
        "-o",
        "print-scaling-default=fit",
        "-o",
        "media-default=na_letter_8.5x11in",
    )
    try:
        done = msc_site(
            "print",
            "worksheet",
            *login(clinic),
            "--subject",
            "01-0001",
            "--visit",
            "W0",
            "--paper",
            "letter",
            "--printer",
            TEST_QUEUE,
            password=NURSE[1],
        )
    finally:
        print_queue.run(
            "lpadmin",
            "-p",
            TEST_QUEUE,
            "-o",
            "number-up-default=1",
            "-o",
            "orientation-requested-default=3",
            "-o",
            "print-scaling-default=auto",
        )
    assert done.returncode == 0, done.stderr
    printed = print_queue.output_of(job_of(done.stdout))
    assert set(pages(printed)) == {LETTER_POINTS}
    assert pdftotext(printed) == pdftotext(made)
    assert rendering_difference(printed, made, tmp_path) < 5


def test_printers_lists_the_queues(print_queue: PrivateCups) -> None:
    done = msc_site("printers")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "printer,state,default,paper,description"
    assert f"{TEST_QUEUE},idle,no,A4,{TEST_QUEUE}" in lines[1:]
    print_queue.run("cupsdisable", TEST_QUEUE)
    assert f"{TEST_QUEUE},stopped,no,A4,{TEST_QUEUE}" in msc_site("printers").stdout.splitlines()


FAULTS = {
    "stopped": (
        ("cupsdisable", "-r", "paper jam in tray 2", TEST_QUEUE),
        f"Printer {TEST_QUEUE} is stopped (paper jam in tray 2): restart it and retry",
    ),
    "rejecting": (
        ("cupsreject", "-r", "service visit", TEST_QUEUE),
        f"Printer {TEST_QUEUE} is not accepting jobs now",
    ),
    "removed": (
        ("lpadmin", "-x", TEST_QUEUE),
        f"Printer {TEST_QUEUE} is not installed on this computer",
    ),
    "wrong paper": (
        ("lpadmin", "-p", TEST_QUEUE, "-o", "media-default=na_letter_8.5x11in"),
        f"Printer {TEST_QUEUE} is set up for US Letter paper but this sheet is A4: load A4 paper",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_queue_fault_is_one_sentence_and_nothing_is_recorded(
    print_queue: PrivateCups, clinic: Path, fault: str
) -> None:
    command, sentence = FAULTS[fault]
    before = print_events(clinic)
    jobs_before = sorted(print_queue.out.rglob("*.pdf"))
    print_queue.run(*command)
    done = msc_site(
        "print",
        "worksheet",
        *login(clinic),
        "--subject",
        "01-0001",
        "--visit",
        "W0",
        "--printer",
        TEST_QUEUE,
        password=NURSE[1],
    )
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and sentence in lines[0] and "save the PDF instead" in lines[0], (
        done.stderr
    )
    assert print_events(clinic) == before
    assert sorted(print_queue.out.rglob("*.pdf")) == jobs_before
    print_queue.reset_queue(TEST_QUEUE)
    retried = msc_site(
        "print",
        "worksheet",
        *login(clinic),
        "--subject",
        "01-0001",
        "--visit",
        "W0",
        "--printer",
        TEST_QUEUE,
        password=NURSE[1],
    )
    assert retried.returncode == 0, retried.stderr
    assert print_events(clinic) == [
        *before,
        f"dosing worksheet W0 printed on {TEST_QUEUE} as job {job_of(retried.stdout)}",
    ]


def test_without_a_printing_service_the_sheet_can_still_be_saved(
    clinic: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "CUPS_SERVER": str(tmp_path / "no-cupsd.sock")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from msc_desktop.cli import site_main; sys.exit(site_main())",
            "print",
            "blank-forms",
            *login(clinic),
            "--printer",
            TEST_QUEUE,
        ],
        input=NURSE[1] + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == (
        "msc-site: The printing service of this computer (CUPS) does not answer: save the "
        "PDF instead, or start"
        " the printing service and retry."
    )
    assert print_events(clinic) == []


def test_a_job_the_queue_refuses_is_one_sentence_and_not_recorded(
    print_queue: PrivateCups, clinic: Path
) -> None:
    """A quota on a new queue: the first job fits, the scheduler refuses the second one itself."""
    queue = "MSC-Quota-PDF"
    print_queue.add_queue(queue)
    try:
        print_queue.run(
            "lpadmin", "-p", queue, "-o", "job-quota-period=3600", "-o", "job-k-limit=1"
        )
        first = msc_site(
            "print",
            "blank-forms",
            *login(clinic),
            "--form",
            "infusion",
            "--printer",
            queue,
            password=NURSE[1],
        )
        assert first.returncode == 0, first.stderr
        before = print_events(clinic)
        second = msc_site(
            "print",
            "blank-forms",
            *login(clinic),
            "--form",
            "infusion",
            "--printer",
            queue,
            password=NURSE[1],
        )
    finally:
        print_queue.run("lpadmin", "-x", queue)
    assert second.returncode == 1 and second.stdout == ""
    assert second.stderr == (
        f"msc-site: Printer {queue} refused the sheet (Quota limit reached.): retry, choose"
        " another printer, or save the PDF instead.\n"
    )
    assert print_events(clinic) == before


def test_printers_without_a_printing_service_says_so_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "CUPS_SERVER": str(tmp_path / "no-cupsd.sock")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from msc_desktop.cli import site_main; sys.exit(site_main())",
            "printers",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(
        "msc-site: The printing service of this computer (CUPS) does not answer"
    )
