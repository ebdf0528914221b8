"""`msc-site queries [--open]` and `msc-site query answer N --text T [--value V --unit U]` as an
operator runs them: CSV out, one line per outcome, one line on stderr and exit 1 on a refusal."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.queries import receive_queries
from msc_desktop.store.services.screening import save_screening, screening_state, sign_eligibility
from msc_desktop.store.services.sdv import visit_place
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR, MONITOR, NURSE
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY
from tests.queries import closed, opened

SITE = "import sys; from msc_desktop.cli import site_main; sys.exit(site_main())"


def msc_site(
    data_dir: Path, who: tuple[str, str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            SITE,
            *args,
            "--data-dir",
            str(data_dir),
            "--user",
            who[0],
            "--password-stdin",
        ],
        input=who[1] + "\n",
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_list_answer_and_correct_from_the_command_line(
    site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore, data_dir: Path
) -> None:
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    save_screening(nurse_store, pid, ELIGIBLE_SCREENING, today=TODAY)
    sign_eligibility(investigator_store, pid, INVESTIGATOR[1])
    first = opened(
        1, visit_place(nurse_store, pid, "SCR", "consent", "consent_version"), "Which version?"
    )
    second = opened(
        2, visit_place(nurse_store, pid, "SCR", "screening", "albumin"), "Albumin, really?"
    )
    with nurse_store.session() as session:
        receive_queries(session, "01", [first, second], [], 0)

    listed = msc_site(data_dir, NURSE, "queries")
    assert listed.returncode == 0, listed.stderr
    assert list(csv.reader(io.StringIO(listed.stdout))) == [
        ["number", "subject", "visit", "item", "state", "text", "answer"],
        ["1", "01-0001", "Screening", "Consent form version", "open", "Which version?", ""],
        ["2", "01-0001", "Screening", "Albumin", "open", "Albumin, really?", ""],
    ]

    answered = msc_site(
        data_dir, NURSE, "query", "answer", "1", "--text", "2.1, as in the site file"
    )
    assert (answered.returncode, answered.stdout.strip(), answered.stderr) == (
        0,
        "Query 1 answered.",
        "",
    )
    corrected = msc_site(
        data_dir, NURSE, "query", "answer", "2", "--text", "Typo", "--value", "35", "--unit", "g/L"
    )
    assert corrected.returncode == 0, corrected.stderr
    assert corrected.stdout.strip() == (
        'Query 2 answered. The signature "I confirm this participant\'s eligibility" '
        "of Ivan Investigator is void: the signed data changed."
    )
    assert screening_state(nurse_store, pid).signature is None

    waiting = msc_site(data_dir, NURSE, "queries", "--open")
    assert waiting.stdout.strip().splitlines() == ["number,subject,visit,item,state,text,answer"]
    answered_rows = list(csv.reader(io.StringIO(msc_site(data_dir, NURSE, "queries").stdout)))[1:]
    assert [(row[0], row[4], row[6]) for row in answered_rows] == [
        ("1", "answered", "2.1, as in the site file"),
        ("2", "answered", "Typo [35 g/L]"),
    ]

    with nurse_store.session() as session:
        receive_queries(session, "01", [closed(first)], [], 0)
    refused = msc_site(data_dir, NURSE, "query", "answer", "1", "--text", "again")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr.strip() == "msc-site: Query 1 is closed; it cannot be answered."
    unknown = msc_site(data_dir, NURSE, "query", "answer", "9", "--text", "x")
    assert (
        unknown.stderr.strip() == "msc-site: There is no query 9 at this site."
        and unknown.returncode == 1
    )
    monitor = msc_site(data_dir, MONITOR, "query", "answer", "2", "--text", "x")
    assert monitor.returncode == 1 and monitor.stderr.startswith("msc-site: Only ")
    assert "Traceback" not in monitor.stderr + refused.stderr + unknown.stderr
