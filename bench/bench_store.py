"""Issue 2 benchmark: audited save vs bare SQLCipher insert, p95 with 10,000 participants, unlock.

Both savers run side by side in one process and interleaved, so machine noise hits both alike.
Prints the ratio (target <= 3x), the audited save's p95 (target <= 30 ms) and unlock (<= 600 ms).
"""

from __future__ import annotations

import secrets
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlcipher3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.orm import Session

from msc_desktop.store.models import Participant, ParticipantIdentity
from msc_desktop.store.site import SiteStore

PASSWORD = "Bench-pass-2026"
ROUNDS = 300
POPULATION = 10_000


def populate(store: SiteStore) -> None:
    with store.session() as session:
        for n in range(POPULATION):
            p = Participant(
                subject_id=f"01-{n:05d}",
                screening_number=f"P{n}",
                initials="BB",
                sex="F",
                date_of_birth=date(1970, 1, 1),
                registration_date=date(2026, 1, 5),
                status="registered",
            )
            session.add(p)
            session.flush()
            session.add(ParticipantIdentity(participant_id=p.id, full_name=f"Person {n}"))


def audited_save(store: SiteStore, n: int) -> float:
    start = time.perf_counter()
    with store.session() as session:
        session.add(
            Participant(
                subject_id=f"02-{n:05d}",
                screening_number=f"Q{n}",
                initials="CC",
                sex="M",
                date_of_birth=date(1971, 1, 1),
                registration_date=date(2026, 1, 5),
                status="registered",
            )
        )
    return time.perf_counter() - start


def orm_save_without_audit(store: SiteStore, n: int) -> float:
    """The same ORM save on a plain session (no audit listener): shows what the trail itself
    costs."""
    start = time.perf_counter()
    with Session(store.engine) as session:
        session.add(
            Participant(
                subject_id=f"03-{n:05d}",
                screening_number=f"R{n}",
                initials="DD",
                sex="M",
                date_of_birth=date(1971, 1, 1),
                registration_date=date(2026, 1, 5),
                status="registered",
            )
        )
        session.commit()
    return time.perf_counter() - start


def bare_insert(connection: sqlcipher3.Connection, n: int) -> float:
    start = time.perf_counter()
    connection.execute(
        "INSERT INTO t (a, b, c, d, e, f, g) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (f"02-{n:05d}", f"Q{n}", "CC", "M", "1971-01-01", "registered", n),
    )
    connection.commit()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "site"
        store, _ = SiteStore.init(
            data,
            site_id="01",
            site_name="Bench",
            admin_user="admin",
            admin_password=PASSWORD,
            admin_full_name="Bench Admin",
        )
        populate(store)
        bare = sqlcipher3.connect(str(Path(folder) / "bare.db"))
        bare.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
        bare.execute("PRAGMA journal_mode = WAL")
        bare.execute("PRAGMA synchronous = FULL")
        bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c, d, e, f, g)")
        bare.commit()
        audited, orm, plain = [], [], []
        for n in range(ROUNDS):
            audited.append(audited_save(store, n))
            orm.append(orm_save_without_audit(store, n))
            plain.append(bare_insert(bare, n))
        store.close()
        unlock_times = []
        for _ in range(5):
            start = time.perf_counter()
            SiteStore.unlock(data, "admin", PASSWORD).close()
            unlock_times.append(time.perf_counter() - start)

    def p95(values: list[float]) -> float:
        return sorted(values)[int(len(values) * 0.95) - 1] * 1000

    ratio = statistics.median(audited) / statistics.median(plain)
    print(
        "save with audit rows (10,000 participants present): median "
        f"{statistics.median(audited) * 1000:.2f} ms, p95 {p95(audited):.2f} ms (target <= "
        "30 ms)"
    )
    print(
        "same ORM save without the audit trail:            median "
        f"{statistics.median(orm) * 1000:.2f} ms, p95 {p95(orm):.2f} ms"
    )
    print(
        "bare SQLCipher insert+commit:                     median "
        f"{statistics.median(plain) * 1000:.2f} ms, p95 {p95(plain):.2f} ms"
    )
    print(
        f"ratio audited / bare (medians): {ratio:.2f}x (target <= 3x); "
        f"audited / ORM without audit: {statistics.median(audited) / statistics.median(orm):.2f}x"
    )
    print(
        "unlock (scrypt n=2^17 + open + migration check + sign-in audit): median "
        f"{statistics.median(unlock_times) * 1000:.0f} ms (target <= 600 ms)"
    )


if __name__ == "__main__":
    main()
