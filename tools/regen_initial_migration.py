"""Regenerates migrations/versions/0001 from the models (allowed only until the first release).

Later revisions (0002 onwards: triggers, data) are parked aside while 0001 is generated.

Run after changing msc_desktop/store/models.py: `.venv/bin/python tools/regen_initial_migration.py`.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from alembic import command

from msc_desktop.paths import migrations_dir
from msc_desktop.store.engine import open_engine
from msc_desktop.store.migrate import alembic_config


def main() -> None:
    versions = migrations_dir() / "versions"
    for old in versions.glob("0001_*.py"):
        old.unlink()
    later = sorted(versions.glob("0*.py"))
    config = alembic_config()
    with tempfile.TemporaryDirectory() as folder:
        parked = [path.rename(Path(folder) / path.name) for path in later]
        try:
            engine = open_engine(Path(folder) / "empty.db", secrets.token_bytes(32), create=True)
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.revision(
                    config, message="initial site schema", autogenerate=True, rev_id="0001"
                )
            engine.dispose()
        finally:
            for path in parked:
                path.rename(versions / path.name)


if __name__ == "__main__":
    main()
