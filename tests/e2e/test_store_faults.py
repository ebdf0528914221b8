"""Faults the store must survive: SIGKILL mid-stream, a full disk, a read-only data folder."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from msc_desktop.errors import StoreError
from msc_desktop.store.models import Participant, ParticipantIdentity
from msc_desktop.store.site import SiteStore
from tests.accounts import NURSE

WRITER = r"""
import sys
from datetime import date
from msc_desktop.store.site import SiteStore
from msc_desktop.store.models import Participant, ParticipantIdentity
store = SiteStore.unlock(sys.argv[1], sys.argv[2], sys.stdin.readline().strip())
start = int(sys.argv[3])
for n in range(start, start + 100000):
    with store.session() as session:
        p = Participant(subject_id=f"01-{n:05d}", screening_number=f"K{n}", initials="KK", sex="F",
                        date_of_birth=date(1970, 1, 1), registration_date=date(2026, 1, 5),
                        status="registered")
        session.add(p)
        session.flush()
        session.add(ParticipantIdentity(participant_id=p.id, full_name=f"Name {n}"))
    print(p.subject_id, flush=True)
"""


@pytest.mark.slow
def test_sigkill_during_saves_loses_nothing_that_returned(site: SiteStore, data_dir: Path) -> None:
    rng = random.Random(20261129)
    confirmed: list[str] = []
    start = 0
    for _round in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir), NURSE[0], str(start)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(NURSE[1] + "\n")
        proc.stdin.close()
        first = proc.stdout.readline()  # wait until it is writing
        assert first, proc.stderr.read() if proc.stderr else "writer died"
        confirmed.append(first.strip())
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        confirmed.extend(line.strip() for line in proc.stdout.read().splitlines() if line.strip())
        start += 100000
    store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    with store.session() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        saved = set(session.scalars(select(Participant.subject_id)))
        identities = session.scalar(select(ParticipantIdentity).limit(1))
    assert len(confirmed) > 20
    assert set(confirmed) <= saved
    assert identities is not None
    report = store.verify_audit()
    store.close()
    assert report.ok, report.problem


@pytest.fixture
def small_mount(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs, so the disk really fills up; needs root and permission to mount."""
    mount_point = tmp_path / "mnt"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill up needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _make_site(folder: Path) -> SiteStore:
    store, _ = SiteStore.init(
        folder,
        site_id="01",
        site_name="Full",
        admin_user="admin",
        admin_password="Harbour-lamp-2026",
        admin_full_name="A",
    )
    from msc_desktop.store.users import create_user

    create_user(store, NURSE[0], NURSE[2], "nurse", NURSE[1])
    store.close()
    return SiteStore.unlock(folder, NURSE[0], NURSE[1])


def test_full_disk_gives_a_clear_error_and_no_corruption(small_mount: Path) -> None:
    folder = small_mount / "site"
    store = _make_site(folder)
    saved = 0
    with pytest.raises(StoreError) as error:
        for n in range(100000):
            with store.session() as session:
                p = Participant(
                    subject_id=f"01-{n:05d}",
                    screening_number=f"F{n}",
                    initials="FF",
                    sex="M",
                    date_of_birth=date(1980, 1, 1),
                    registration_date=date(2026, 1, 5),
                    status="registered",
                )
                session.add(p)
                session.flush()
                session.add(ParticipantIdentity(participant_id=p.id, full_name="x" * 2000))
            saved += 1
    assert (
        str(error.value)
        == "The disk is full or failing; nothing was saved. Free some space and try again."
    )
    store.close()
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_mount)], check=True)
    again = SiteStore.unlock(folder, NURSE[0], NURSE[1])
    with again.session() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert session.scalar(text("SELECT count(*) FROM participant")) == saved
    assert again.verify_audit().ok
    again.close()


def test_read_only_data_folder_gives_a_clear_error(small_mount: Path) -> None:
    folder = small_mount / "site"
    _make_site(folder).close()
    before = (folder / "site.db").read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(small_mount)], check=True)
    with pytest.raises(StoreError, match="read-only"):
        SiteStore.unlock(folder, NURSE[0], NURSE[1])
    assert (folder / "site.db").read_bytes() == before


def test_damaged_database_gives_a_clear_error_and_is_left_untouched(
    site: SiteStore, data_dir: Path
) -> None:
    with site.session() as session:
        for n in range(50):
            session.add(
                Participant(
                    subject_id=f"01-{n:04d}",
                    screening_number=f"D{n}",
                    initials="DD",
                    sex="F",
                    date_of_birth=date(1975, 1, 1),
                    registration_date=date(2026, 1, 5),
                    status="registered",
                )
            )
    site.close()
    db = data_dir / "site.db"
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    damaged = bytearray(db.read_bytes())
    assert len(damaged) > 8192
    damaged[4096 + 100 : 4096 + 164] = bytes(64)  # corrupt the second page
    db.write_bytes(bytes(damaged))
    with pytest.raises(StoreError) as error:
        store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
        with store.session() as session:
            session.execute(text("SELECT count(*) FROM participant")).scalar_one()
    assert "damaged" in str(error.value) or "not a site database" in str(error.value)
    assert db.read_bytes() == bytes(damaged)
