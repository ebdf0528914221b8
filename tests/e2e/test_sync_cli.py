"""The sync commands as an operator runs them: msc-central init / register-site / site-package /
import / export, and msc-site identity / set-center / import / export, across a USB folder."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from msc_desktop.store.site import SiteStore
from tests.accounts import ADMIN, CENTRE_PASSPHRASE, NURSE
from tests.unit.sync.odmcheck import assert_valid_odm

CENTRAL = "import sys; from msc_desktop.cli.central import central_main; sys.exit(central_main())"
# msc-central reads its passphrase from the environment when it runs as a service.
CENTRE_ENV = {**os.environ, "MSC_CENTRAL_PASSPHRASE": CENTRE_PASSPHRASE}
SITE = "import sys; from msc_desktop.cli import site_main; sys.exit(site_main())"


def run(program: str, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        input=(password + "\n") if password is not None else "",
        check=False,
        capture_output=True,
        text=True,
        timeout=180,
        env=CENTRE_ENV,
    )


def ok(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "" or "Traceback" not in done.stderr
    return done.stdout.strip().splitlines()


def login(data: Path, who: tuple[str, str, str] = ADMIN) -> list[str]:
    return ["--data-dir", str(data), "--user", who[0], "--password-stdin"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sync-cli")
    paths = {
        "home": root / "centre",
        "site": root / "site",
        "usb": root / "usb",
        "exports": root / "exports",
    }
    paths["usb"].mkdir()
    fingerprint = ok(run(CENTRAL, "init", "--home", str(paths["home"])))
    assert len(fingerprint) == 1 and len(fingerprint[0].split(" ")) == 16
    assert (paths["home"] / "center.pub").exists()
    ok(
        run(
            SITE,
            "init",
            "--data-dir",
            str(paths["site"]),
            "--site-id",
            "03",
            "--site-name",
            "Clinic 3",
            "--admin",
            ADMIN[0],
            "--center-key",
            str(paths["home"] / "center.pub"),
            "--password-stdin",
            password=ADMIN[1],
        )
    )
    return paths


def test_full_round_trip(world: dict[str, Path]) -> None:
    home, site, usb = world["home"], world["site"], world["usb"]
    printed = ok(
        run(SITE, "identity", "--out", str(usb / "site03.pub"), *login(site), password=ADMIN[1])
    )
    registered = ok(
        run(
            CENTRAL,
            "register-site",
            "--home",
            str(home),
            "--site-id",
            "03",
            "--key",
            str(usb / "site03.pub"),
        )
    )
    assert registered == printed
    package = ok(
        run(
            CENTRAL,
            "site-package",
            "--home",
            str(home),
            "--site-id",
            "03",
            "--out",
            str(usb / "03.mscp"),
            "--expected",
            "20",
        )
    )
    assert package == [str(usb / "03.mscp")]
    loaded = ok(run(SITE, "import", str(usb / "03.mscp"), *login(site), password=ADMIN[1]))
    found = re.fullmatch(
        r"03\.mscp: allocation lists loaded: B \((\d+) entries\), "
        r"C \((\d+) entries\); protocol XJMSC0001 version 1\.0",
        loaded[0],
    )
    assert found is not None, loaded
    # complete blocks of 2 or 4 covering at least 1.2 x 20
    assert all(24 <= int(length) <= 27 for length in found.groups())

    _enter_participant(site)
    bundle = ok(run(SITE, "export", "--out", str(usb), *login(site), password=ADMIN[1]))
    assert Path(bundle[0]).name.startswith("03-000001-") and Path(bundle[0]).exists()
    imported = ok(run(CENTRAL, "import", "--home", str(home), bundle[0]))
    assert imported == [f"{Path(bundle[0]).name}: accepted"]
    again = run(CENTRAL, "import", "--home", str(home), bundle[0])
    assert again.returncode == 0 and again.stdout.strip().endswith(": duplicate")

    receipts = sorted((home / "receipts").glob("*.receipt"))
    applied = ok(run(SITE, "import", *map(str, receipts), *login(site), password=ADMIN[1]))
    assert "the centre holds records 1-" in applied[0]

    exported = ok(
        run(
            CENTRAL,
            "export",
            "--home",
            str(home),
            "--format",
            "odm",
            "--out",
            str(world["exports"]),
        )
    )
    assert_valid_odm(Path(exported[0]).read_bytes())
    document = etree.parse(exported[0])
    assert document.xpath(
        "//o:SubjectData/@SubjectKey", namespaces={"o": "http://www.cdisc.org/ns/odm/v1.3"}
    ) == ["03-0001"]
    names = ok(
        run(
            CENTRAL,
            "export",
            "--home",
            str(home),
            "--format",
            "csv",
            "--out",
            str(world["exports"]),
        )
    )
    assert [Path(name).stem for name in names] == [
        "DM",
        "SUPPDM",
        "DS",
        "SUPPDS",
        "IE",
        "LB",
        "VS",
        "XC",
        "RS",
        "EX",
        "SUPPEX",
        "AE",
        "SUPPAE",
        "CONSORT",
    ]
    with open(world["exports"] / "DM.csv", encoding="utf-8") as stream:
        dm = list(csv.DictReader(stream))
    assert [(row["USUBJID"], row["SITEID"], row["SEX"]) for row in dm] == [
        ("XJMSC0001-03-0001", "03", "F")
    ]
    with open(world["exports"] / "CONSORT.csv", encoding="utf-8") as stream:
        consort = {row["stage"]: int(row["count"]) for row in csv.DictReader(stream)}
    assert consort["screened"] == 1 and consort["randomized_MSC"] == 0


def _enter_participant(site: Path) -> None:
    from msc_desktop.store.services.participants import register_participant
    from msc_desktop.store.users import create_user

    store = SiteStore.unlock(site, ADMIN[0], ADMIN[1])
    try:
        create_user(store, NURSE[0], NURSE[2], "nurse", NURSE[1])
    finally:
        store.close()
    nurse = SiteStore.unlock(site, NURSE[0], NURSE[1])
    try:
        register_participant(
            nurse,
            {
                "screening_number": "S-1",
                "initials": "LN",
                "full_name": "Li Na",
                "phone": "13900000000",
                "sex": "F",
                "date_of_birth": "1975-03-04",
                "registration_date": "2026-11-20",
            },
            today=date(2026, 11, 20),
        )
    finally:
        nurse.close()


def test_errors_are_one_line_without_traceback(world: dict[str, Path], tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.mscb"
    garbage.write_bytes(b"\x00" * 300)
    done = run(CENTRAL, "import", "--home", str(world["home"]), str(garbage))
    assert done.returncode == 1
    assert done.stdout.strip() == "garbage.mscb: rejected: This file is not an MSC bundle"
    assert garbage.read_bytes() == b"\x00" * 300
    assert any((world["home"] / "quarantine").rglob("*garbage.mscb"))
    missing = run(
        CENTRAL,
        "register-site",
        "--home",
        str(tmp_path / "nowhere"),
        "--site-id",
        "03",
        "--key",
        str(world["usb"] / "site03.pub"),
    )
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    expected = (
        f"msc-central: There is no coordinating centre in {tmp_path / 'nowhere'}; run "
        "msc-central init first."
    )
    assert missing.stderr.strip().splitlines() == [expected]
    again = run(CENTRAL, "init", "--home", str(world["home"]))
    assert again.returncode == 1 and "already exists" in again.stderr
    nothing = run(
        SITE,
        "export",
        "--out",
        str(tmp_path / "unplugged"),
        *login(world["site"]),
        password=ADMIN[1],
    )
    assert nothing.returncode == 1 and "does not exist" in nothing.stderr


def test_revoked_site_is_refused_until_registered_again(
    world: dict[str, Path], tmp_path: Path
) -> None:
    home, site, usb = world["home"], world["site"], world["usb"]
    if not (usb / "site03.pub").exists():
        ok(run(SITE, "identity", "--out", str(usb / "site03.pub"), *login(site), password=ADMIN[1]))
    ok(
        run(
            CENTRAL,
            "register-site",
            "--home",
            str(home),
            "--site-id",
            "03",
            "--key",
            str(usb / "site03.pub"),
        )
    )
    assert ok(run(CENTRAL, "revoke-site", "--home", str(home), "--site-id", "03")) == [
        "site 03: key revoked; register its new key with register-site"
    ]
    out = tmp_path / "usb"
    out.mkdir()
    bundle = ok(run(SITE, "export", "--out", str(out), "--full", *login(site), password=ADMIN[1]))[
        0
    ]
    refused = run(CENTRAL, "import", "--home", str(home), bundle)
    assert refused.returncode == 1
    assert refused.stdout.strip().endswith(
        "rejected: The key of site 03 was revoked; register its new key"
    )
    ok(
        run(
            CENTRAL,
            "register-site",
            "--home",
            str(home),
            "--site-id",
            "03",
            "--key",
            str(usb / "site03.pub"),
        )
    )
    again = ok(run(SITE, "export", "--out", str(out), "--full", *login(site), password=ADMIN[1]))[0]
    assert ok(run(CENTRAL, "import", "--home", str(home), again))[0].endswith(": accepted")


def test_upload_refuses_plain_http_to_another_computer(world: dict[str, Path]) -> None:
    done = run(
        SITE,
        "upload",
        "--url",
        "http://centre.example.org:8443",
        *login(world["site"]),
        password=ADMIN[1],
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    expected = (
        "msc-site: The centre's address http://centre.example.org:8443 uses plain http:// to "
        "another computer, where bundles and receipts could be read or changed on the way; use "
        "its https:// address."
    )
    assert done.stderr.strip().splitlines() == [expected]
