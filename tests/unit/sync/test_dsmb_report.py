"""The DSMB summary PDF (issue 14 item 10): enrolment by site and arm, exposure, serious adverse
events by arm and the primary endpoint's mean change from baseline by arm and visit, with its
numbers taken from the exported datasets."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from msc_desktop.central.export import load_pooled
from msc_desktop.central.report import render_report, summary_tables
from msc_desktop.central.service import Center
from tests.accounts import CENTRE_PASSPHRASE

from .test_sdtm_export import CENTRAL, centre  # noqa: F401  (the two-site fixture)


def test_summary_tables(centre: Center) -> None:  # noqa: F811
    tables = summary_tables(load_pooled(centre, with_audit=False))
    assert tables["consort"][1:] == [
        ["Screened", "4"],
        ["Screen failed", "1"],
        ["Randomized: MSC + standard care", "2"],
        ["Randomized: Standard care alone", "1"],
        ["Received at least one infusion", "2"],
        ["Completed the study", "0"],
    ]
    assert tables["by_site"][1:] == [
        ["01", "2", "1", "1", "0"],
        ["02", "2", "0", "1", "1"],
        ["All", "4", "1", "2", "1"],
    ]
    assert tables["exposure"][1] == [
        "MSC + standard care",
        "2",
        "0",
        "2",
        "0",
        "0",
        "2",
        "62,000,000",
    ]
    assert tables["saes"][1] == ["Serious adverse events", "2", "0"]
    assert tables["saes"][5] == ["  Hospitalisation", "2", "0"]
    # Child-Pugh 10 at week 0 (baseline), 6 at week 4: -4 in each arm.
    assert tables["endpoint:CPSCORE"] == [
        ["Child-Pugh Total Score: mean change (n)", "W4"],
        ["MSC + standard care", "-4.00 (2)"],
        ["Standard care alone", "-4.00 (1)"],
    ]
    assert tables["endpoint:BILI"][1] == ["MSC + standard care", "-1.00 (2)"]


def test_report_pdf_holds_the_sections(centre: Center) -> None:  # noqa: F811
    data = render_report(load_pooled(centre, with_audit=False), datetime(2027, 1, 5, tzinfo=UTC))
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages).split()
    )
    for heading in (
        "1. Enrolment (CONSORT flow)",
        "Enrolment by site and arm",
        "2. Exposure",
        "3. Serious adverse events by arm",
        "4. Primary endpoint: mean change from baseline by arm and visit",
        "MELD Score: mean change (n)",
        "2027-01-05 00:00 UTC",
    ):
        assert heading in text
    assert Decimal("-4.00") == Decimal(
        text.split("Child-Pugh Total Score: mean change (n)")[1]
        .split("MSC + standard care")[1]
        .split()[0]
    )


def test_cli_report(centre: Center, tmp_path: Path) -> None:  # noqa: F811
    home = centre.home.path
    centre.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-c",
                CENTRAL,
                "report",
                "--home",
                str(home),
                "--passphrase-stdin",
                *args,
            ],
            input=CENTRE_PASSPHRASE + "\n",
            capture_output=True,
            text=True,
            check=False,
        )

    result = run("--out", str(tmp_path / "dsmb.pdf"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "dsmb.pdf").read_bytes().startswith(b"%PDF")
    wrong = run("--out", str(tmp_path / "dsmb.txt"))
    assert wrong.returncode != 0
    expected = (
        f"msc-central: The report is a PDF: give a file name ending in .pdf, not "
        f"{tmp_path / 'dsmb.txt'}."
    )
    assert wrong.stderr.strip().splitlines() == [expected]
