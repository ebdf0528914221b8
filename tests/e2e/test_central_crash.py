"""`msc-central import` killed (SIGKILL) in the middle of a stream of bundles: rerunning it
completes the import with no duplicate and no loss, whatever moment the kill hit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterAuditRow, CenterBundle, CenterItem
from msc_desktop.store.audit_chain import GENESIS_HASH, verify_chain
from msc_desktop.sync.bundle import BundleHeader, seal_bundle
from msc_desktop.sync.keys import KeyPair
from tests.accounts import CENTRE_PASSPHRASE
from tests.unit.sync.chains import clinical, item_chain

SITE_KEY = KeyPair.generate("site", "05")
BUNDLES, ROWS_PER_BUNDLE = 60, 40
CENTRAL = "import sys; from msc_desktop.cli.central import central_main; sys.exit(central_main())"


def write_bundles(center: Center, folder: Path) -> list[Path]:
    rows = item_chain(BUNDLES * ROWS_PER_BUNDLE)
    paths = []
    for index in range(BUNDLES):
        part = rows[index * ROWS_PER_BUNDLE : (index + 1) * ROWS_PER_BUNDLE]
        prev = GENESIS_HASH if index == 0 else rows[index * ROWS_PER_BUNDLE - 1]["hash"]
        header = BundleHeader(
            "05",
            "dev",
            part[0]["seq"],
            part[-1]["seq"],
            prev,
            part[-1]["hash"],
            "2026-11-29T10:00:00.000000Z",
            center.fingerprint,
            SITE_KEY.public().fingerprint,
        )
        path = folder / header.file_name
        path.write_bytes(
            seal_bundle(header, part, clinical(part, "05"), SITE_KEY, center.keys.public())
        )
        paths.append(path)
    return paths


def start_import(home: Path, paths: list[Path]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CENTRAL,
            "import",
            "--home",
            str(home),
            "--passphrase-stdin",
            *map(str, paths),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(CENTRE_PASSPHRASE + "\n")
    process.stdin.close()
    return process


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_receipts", [1, 7, 23, 41])
def test_killed_import_completes_on_rerun(tmp_path: Path, kill_after_receipts: int) -> None:
    home = tmp_path / "centre"
    center = Center.init(home, passphrase=CENTRE_PASSPHRASE)
    center.register_site("05", SITE_KEY.public_document())
    bundle_dir = tmp_path / "usb"
    bundle_dir.mkdir()
    paths = write_bundles(center, bundle_dir)
    center.close()

    process = start_import(home, paths)
    deadline = time.monotonic() + 120
    while len(list((home / "receipts").glob("*.receipt"))) < kill_after_receipts:
        assert process.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    rerun = subprocess.run(
        [
            sys.executable,
            "-c",
            CENTRAL,
            "import",
            "--home",
            str(home),
            "--passphrase-stdin",
            *map(str, paths),
        ],
        input=CENTRE_PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    lines = rerun.stdout.strip().splitlines()
    assert len(lines) == BUNDLES
    statuses = [line.rsplit(": ", 1)[1] for line in lines]
    assert set(statuses) <= {"accepted", "duplicate"}
    assert statuses.count("duplicate") >= kill_after_receipts
    assert statuses.index("accepted") == statuses.count("duplicate")

    center = Center.open(home, passphrase=CENTRE_PASSPHRASE)
    total = BUNDLES * ROWS_PER_BUNDLE
    with center.store.session() as session:
        rows = [
            dict(row)
            for row in session.execute(
                select(CenterAuditRow.__table__)
                .where(CenterAuditRow.site_id == "05")
                .order_by(CenterAuditRow.seq)
            ).mappings()
        ]
        bundles = session.scalar(select(func.count()).select_from(CenterBundle))
        values = session.scalar(select(func.count()).select_from(CenterItem))
    assert [row["seq"] for row in rows] == list(range(1, total + 1))
    assert verify_chain(rows).ok
    assert bundles == BUNDLES
    assert values == total - total // 5
    assert center.site_progress()["05"][0] == total
    assert len(list((home / "receipts").glob("*.receipt"))) == BUNDLES
    center.close()
