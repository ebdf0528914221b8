"""`msc-site init / verify-audit / backup / participants` as a user runs them (subprocesses)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.accounts import ADMIN


def msc_site(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from msc_desktop.cli import site_main; sys.exit(site_main())",
            *args,
        ],
        input=(password + "\n") if password is not None else "",
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def cli_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli") / "site"
    done = msc_site(
        "init",
        "--data-dir",
        str(data),
        "--site-id",
        "07",
        "--site-name",
        "Clinic 7",
        "--admin",
        ADMIN[0],
        "--password-stdin",
        password=ADMIN[1],
    )
    assert done.returncode == 0, done.stderr
    assert "Site 07 (Clinic 7) created" in done.stdout
    recovery = done.stdout.strip().splitlines()[-1]
    assert len(recovery.split("-")) == 8
    return data


def login(data: Path) -> list[str]:
    return ["--data-dir", str(data), "--user", ADMIN[0], "--password-stdin"]


def test_verify_audit_counts_records(cli_site: Path) -> None:
    first = msc_site("verify-audit", *login(cli_site), password=ADMIN[1])
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("audit records verified; the chain is intact.")
    second = msc_site("verify-audit", *login(cli_site), password=ADMIN[1])
    # each sign-in appends exactly one audit record
    assert int(second.stdout.split()[0]) == int(first.stdout.split()[0]) + 1


def test_wrong_password_is_one_line_and_non_zero(cli_site: Path) -> None:
    done = msc_site("verify-audit", *login(cli_site), password="nope-nope-1")
    assert done.returncode == 1
    assert done.stderr.strip() == "msc-site: Wrong user name or password."


def test_password_only_from_stdin(cli_site: Path) -> None:
    done = msc_site("verify-audit", "--data-dir", str(cli_site), "--user", ADMIN[0])
    assert done.returncode == 1
    assert "--password-stdin" in done.stderr and "Traceback" not in done.stderr


def test_not_a_site_folder_and_not_a_database(tmp_path: Path) -> None:
    done = msc_site("verify-audit", *login(tmp_path), password=ADMIN[1])
    assert done.returncode == 1 and "no site" in done.stderr
    (tmp_path / "site.db").write_bytes(b"this is not a database" * 100)
    (tmp_path / "keyring.json").write_text("{ not json")
    before = (tmp_path / "site.db").read_bytes()
    done = msc_site("verify-audit", *login(tmp_path), password=ADMIN[1])
    assert done.returncode == 1 and "damaged" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "site.db").read_bytes() == before


def test_backup_and_participants(cli_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.mscbak"
    done = msc_site("backup", *login(cli_site), "--out", str(out), password=ADMIN[1])
    assert done.returncode == 0, done.stderr
    assert out.is_file() and done.stdout.strip() == str(out)
    done = msc_site("participants", *login(cli_site), password=ADMIN[1])
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["subject_id,status,arm"]


def test_init_writes_the_recovery_sheet_with_the_printed_key(tmp_path: Path) -> None:
    from pypdf import PdfReader

    sheet = tmp_path / "recovery.pdf"
    done = msc_site(
        "init",
        "--data-dir",
        str(tmp_path / "s"),
        "--site-id",
        "08",
        "--site-name",
        "Clinic 8",
        "--admin",
        ADMIN[0],
        "--recovery-sheet",
        str(sheet),
        "--password-stdin",
        password=ADMIN[1],
    )
    assert done.returncode == 0, done.stderr
    key = done.stdout.strip().splitlines()[-1]
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert all(group in text for group in key.split("-"))


def test_init_records_the_time_zone_given_and_refuses_a_bad_one_in_one_line(tmp_path: Path) -> None:
    done = msc_site(
        "init",
        "--data-dir",
        str(tmp_path / "s"),
        "--site-id",
        "09",
        "--site-name",
        "Clinic 9",
        "--admin",
        ADMIN[0],
        "--time-zone",
        "America/New_York",
        "--password-stdin",
        password=ADMIN[1],
    )
    assert done.returncode == 0, done.stderr
    assert "Time zone: America/New_York" in done.stdout
    bad = msc_site(
        "init",
        "--data-dir",
        str(tmp_path / "t"),
        "--site-id",
        "10",
        "--site-name",
        "Clinic 10",
        "--admin",
        ADMIN[0],
        "--time-zone",
        "Beijing",
        "--password-stdin",
        password=ADMIN[1],
    )
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        "msc-site: 'Beijing' is not a time zone name such as Asia/Shanghai or America/New_York."
    ]
    assert not (tmp_path / "t" / "site.db").exists()


def test_user_accounts_from_the_command_line(cli_site: Path) -> None:
    added = msc_site(
        "user",
        "add",
        *login(cli_site),
        "--target",
        "nurse2",
        "--full-name",
        "Nina Nurse",
        "--role",
        "nurse",
        password=f"{ADMIN[1]}\nLantern-pine-2026",
    )
    assert added.returncode == 0, added.stderr
    weak = msc_site(
        "user",
        "add",
        *login(cli_site),
        "--target",
        "nurse3",
        "--full-name",
        "N3",
        "--role",
        "nurse",
        password=f"{ADMIN[1]}\nshort",
    )
    assert weak.returncode == 1 and "at least 12 characters" in weak.stderr
    nurse = msc_site(
        "participants",
        "--data-dir",
        str(cli_site),
        "--user",
        "nurse2",
        "--password-stdin",
        password="Lantern-pine-2026",
    )
    assert nurse.returncode == 0, nurse.stderr
    refused = msc_site(
        "user",
        "add",
        "--data-dir",
        str(cli_site),
        "--user",
        "nurse2",
        "--password-stdin",
        "--target",
        "x9",
        "--full-name",
        "X",
        "--role",
        "nurse",
        password="Lantern-pine-2026\nLantern-pine-2027",
    )
    assert (
        refused.returncode == 1 and "Only a site administrator may manage users" in refused.stderr
    )
    gone = msc_site(
        "user",
        "deactivate",
        *login(cli_site),
        "--target",
        "nurse2",
        "--reason",
        "left",
        password=ADMIN[1],
    )
    assert gone.returncode == 0, gone.stderr
    listing = msc_site("user", "list", *login(cli_site), password=ADMIN[1])
    assert "nurse2,Nina Nurse,nurse,no" in listing.stdout.splitlines()


def test_restore_from_the_command_line_keeps_the_current_database_aside(
    cli_site: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "r.mscbak"
    assert (
        msc_site("backup", *login(cli_site), "--out", str(backup), password=ADMIN[1]).returncode
        == 0
    )
    wrong = msc_site(
        "restore", *login(cli_site), "--backup", str(backup), password="Not-the-pass-2026"
    )
    assert (
        wrong.returncode == 1 and wrong.stderr.strip() == "msc-site: Wrong user name or password."
    )
    done = msc_site("restore", *login(cli_site), "--backup", str(backup), password=ADMIN[1])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Site 07 (Clinic 7) restored from the backup written")
    assert "audit records verified" in done.stdout and "kept in" in done.stdout
    verified = msc_site("verify-audit", *login(cli_site), password=ADMIN[1])
    assert verified.returncode == 0 and "the chain is intact" in verified.stdout
    garbage = tmp_path / "garbage.mscbak"
    garbage.write_bytes(b"not a backup")
    refused = msc_site("restore", *login(cli_site), "--backup", str(garbage), password=ADMIN[1])
    assert (
        refused.returncode == 1
        and "Traceback" not in refused.stderr
        and refused.stderr.count("\n") == 1
    )


def test_demo_data_needs_a_site_made_with_init_demo(cli_site: Path, tmp_path: Path) -> None:
    refused = msc_site("demo-data", *login(cli_site), "--participants", "2", password=ADMIN[1])
    assert refused.returncode != 0
    assert refused.stderr.strip().splitlines()[-1] == (
        "msc-site: Demo data goes only on a demo site (one set up as a demo, e.g. with the set-up "
        "wizard's demo check box); this site is a real one."
    )
    demo = tmp_path / "demo"
    made = msc_site(
        "init",
        "--data-dir",
        str(demo),
        "--site-id",
        "09",
        "--site-name",
        "Demo Clinic",
        "--admin",
        ADMIN[0],
        "--demo",
        "--password-stdin",
        password=ADMIN[1],
    )
    assert made.returncode == 0, made.stderr
    assert "Demo site 09 (Demo Clinic) created" in made.stdout
    done = msc_site(
        "demo-data", *login(demo), "--participants", "3", "--seed", "4", password=ADMIN[1]
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("3 participants:")
