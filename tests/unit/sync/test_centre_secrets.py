"""The centre's secrets (issue 15 item 6): `center.key` was 64 raw bytes, briefly 0644, and
`central.sqlite` plaintext 0644 with the allocation seeds. Now the keys are wrapped under a
passphrase, every secret file is 0600 from creation, the SQLite store is SQLCipher, the
allocation lists and seeds are sealed (PostgreSQL too), and an old centre can be protected."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from msc_desktop.central.home import CenterHome
from msc_desktop.central.protect import protect_legacy_centre
from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterAllocationList, CenterSite, CentralBase
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.randomization import build_allocation_list
from msc_desktop.errors import SyncError, ValidationError
from msc_desktop.store.audit_chain import GENESIS_HASH
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.packages import open_site_package
from tests.accounts import CENTRE_PASSPHRASE

from .postgres import new_database

PROTOCOL = load_protocol()

SITE = KeyPair.generate("site", "05")
CENTRAL = "import sys; from msc_desktop.cli.central import central_main; sys.exit(central_main())"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_secret_files_are_0600_from_creation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """center.key was written 0644 and chmod'ed afterwards; now it never exists with wider mode."""
    seen: dict[str, int] = {}
    original = os.replace

    def spying_replace(source: Any, target: Any) -> None:
        seen[Path(target).name] = mode(Path(source))
        original(source, target)

    monkeypatch.setattr(os, "replace", spying_replace)
    old_umask = os.umask(0o022)
    try:
        center = Center.init(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
        center.register_site("05", SITE.public_document())
        center.site_package("05")
    finally:
        os.umask(old_umask)
    home = center.home
    center.close()
    assert seen["center.key"] == 0o600
    assert mode(home.private_key_path) == 0o600
    assert mode(home.path / "central.sqlite") == 0o600
    assert mode(home.path) == 0o700 and mode(home.quarantine_dir) == 0o700
    assert seen["center.pub"] == 0o644  # public, for the sites


def test_private_keys_are_wrapped_under_the_passphrase(tmp_path: Path) -> None:
    center = Center.init(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
    raw = center.keys.private_bytes()
    fingerprint = center.fingerprint
    center.close()
    stored = (tmp_path / "centre" / "center.key").read_bytes()
    assert raw[:32] not in stored and raw[:32].hex().encode() not in stored
    assert json.loads(stored)["wrap"]["kdf"] == "scrypt"
    with pytest.raises(SyncError, match="Wrong passphrase for this coordinating centre"):
        Center.open(tmp_path / "centre", passphrase="Granite-orchid-lantern-2025")
    again = Center.open(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
    assert again.fingerprint == fingerprint
    again.close()


def test_weak_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="The passphrase is too weak"):
        Center.init(tmp_path / "centre", passphrase="password12")
    assert not (tmp_path / "centre" / "center.key").exists()


def test_sqlite_store_and_allocation_seeds_are_encrypted(tmp_path: Path) -> None:
    center = Center.init(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
    center.register_site("05", SITE.public_document())
    center.site_package("05")
    with center.store.session() as session:
        rows = list(session.scalars(select(CenterAllocationList)))
    center.close()
    assert len(rows) == 2
    for row in rows:
        # quotes never occur in the sealed (base64) text, so this cannot match by chance
        assert len(row.seed) > 64 and '"entries"' not in row.content and '"MSC"' not in row.content
    files = [path for path in (tmp_path / "centre").iterdir() if path.name.startswith("central")]
    data = b"".join(path.read_bytes() for path in files)
    assert not data.startswith(b"SQLite format 3")
    assert (
        b"center_site" not in data
        and b"05" * 3 not in data
        and SITE.public().signing_key_raw not in data
    )


def test_postgresql_store_keeps_allocation_seeds_sealed(
    tmp_path: Path, postgres_cluster: str
) -> None:
    url = new_database(postgres_cluster, "secrets")
    center = Center.init(tmp_path / "centre", url, passphrase=CENTRE_PASSPHRASE)
    center.register_site("05", SITE.public_document())
    first = center.site_package("05")
    center.close()
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        stored = connection.execute(
            select(CenterAllocationList.seed, CenterAllocationList.content)
        ).all()
    engine.dispose()
    assert len(stored) == 2 and all('"entries"' not in content for _seed, content in stored)
    assert all(len(seed) != 64 for seed, _content in stored)
    again = Center.open(tmp_path / "centre", url, passphrase=CENTRE_PASSPHRASE)
    lists = [
        [
            allocation.list_id
            for allocation, _signed in open_site_package(
                package, again.keys.public(), SITE, PROTOCOL
            ).allocation_lists
        ]
        for package in (first, again.site_package("05"))
    ]
    again.close()
    assert lists[0] == lists[1] and len(lists[0]) == 2


def test_every_command_needs_the_passphrase_and_never_takes_it_as_an_argument(
    tmp_path: Path,
) -> None:
    home = str(tmp_path / "centre")
    env = {key: value for key, value in os.environ.items() if key != "MSC_CENTRAL_PASSPHRASE"}

    def central(*args: str, stdin: str = "", **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", CENTRAL, *args],
            input=stdin,
            text=True,
            capture_output=True,
            timeout=120,
            env={**env, **extra},
            check=False,
        )

    missing = central("init", "--home", home)
    assert missing.returncode == 1 and missing.stderr == (
        "msc-central: Give the centre's passphrase on standard input with --passphrase-stdin, "
        "or in MSC_CENTRAL_PASSPHRASE.\n"
    )
    made = central("init", "--home", home, "--passphrase-stdin", stdin=CENTRE_PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    wrong = central("import", "--home", home, "x.mscb", MSC_CENTRAL_PASSPHRASE="not it at all 1")
    assert (wrong.returncode, wrong.stderr) == (
        1,
        "msc-central: Wrong passphrase for this coordinating centre.\n",
    )
    for command in ("register-site", "import", "serve", "export", "site-package", "revoke-site"):
        done = central(command, "--help")
        assert "--passphrase-stdin" in done.stdout and "--passphrase " not in done.stdout


def legacy_centre(home: Path) -> KeyPair:
    """A centre as earlier versions left it: raw key file, plain SQLite, plain seeds."""
    keys = KeyPair.generate("center", "XJMSC0001")
    home.mkdir()
    (home / "center.key").write_bytes(keys.private_bytes())
    (home / "center.pub").write_bytes(keys.public_document())
    engine = create_engine(f"sqlite:///{home / 'central.sqlite'}")
    CentralBase.metadata.create_all(engine)
    allocation = build_allocation_list(
        "05", "B", 10, created_at="2026-01-01T00:00:00Z", seed="ab" * 32
    )
    with Session(engine) as session:
        session.add(
            CenterSite(
                site_id="05",
                signing_key=SITE.public().signing_key_raw,
                encryption_key=SITE.public().encryption_key_raw,
                fingerprint=SITE.public().fingerprint,
                last_seq=0,
                last_hash=GENESIS_HASH,
            )
        )
        session.add(
            CenterAllocationList(
                list_id=allocation.list_id,
                site_id="05",
                stratum="B",
                seed="ab" * 32,
                content=json.dumps(allocation.to_dict()),
            )
        )
        session.commit()
    engine.dispose()
    return keys


def test_protect_encrypts_an_old_centre_and_keeps_its_fingerprint(tmp_path: Path) -> None:
    home = tmp_path / "centre"
    keys = legacy_centre(home)
    with pytest.raises(
        SyncError, match="not protected by a passphrase yet; run msc-central protect once"
    ):
        Center.open(home, passphrase=CENTRE_PASSPHRASE)
    plain = (home / "central.sqlite").read_bytes()
    assert b'"entries"' in plain or b"ab" * 32 in plain
    printed = protect_legacy_centre(home, None, CENTRE_PASSPHRASE)
    assert "(1 allocation lists sealed)" in printed and "fingerprint is unchanged" in printed
    data = (home / "central.sqlite").read_bytes()
    assert not data.startswith(b"SQLite format 3") and b"ab" * 32 not in data
    center = Center.open(home, passphrase=CENTRE_PASSPHRASE)
    assert center.fingerprint == keys.public().fingerprint
    with center.store.session() as session:
        (row,) = session.scalars(select(CenterAllocationList))
    assert center.open_list_part(row.list_id, row.seed) == "ab" * 32
    assert center.site_package("05")
    center.close()
    again = protect_legacy_centre(home, None, CENTRE_PASSPHRASE)
    assert "(0 allocation lists sealed)" in again
    assert (
        CenterHome(home, PROTOCOL.protocol_id).load_secrets(CENTRE_PASSPHRASE).keys.public()
        == keys.public()
    )
