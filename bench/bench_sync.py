"""Issue 7 benchmark: bundle export, centre import, and the cost of the envelope.

Measured in one run and printed side by side with their targets:
1. full export of 200 demo participants with complete histories (target <= 2 s);
2. a one-change incremental export with 10,000 participants present (target <= 100 ms), next to
   the full export of the same site (incremental cost must follow the change, not the database);
   both by this tree and by the release before bundles went by item (BASELINE, unpacked with
   `git archive` and run in a second worker process, interleaved with this tree's), so the old
   and the new figure come from one run on the same machine;
3. centre import of 1,000 small bundles into SQLite and into PostgreSQL (bundles per second;
   PostgreSQL from a throw-away cluster, skipped with the reason when it is not installed);
4. sealing a bundle (zstd + HPKE MLKEM768-X25519/HKDF-SHA256/AES-256-GCM + Ed25519) against
   bare AES-256-GCM over the same payload bytes (goal: at most 2x, issue 15 item 17), next to
   other zstd levels and zlib, interleaved so machine noise hits every variant alike.
Run: `.venv/bin/python bench/bench_sync.py` (about four minutes; needs git).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import zstandard
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from msc_desktop.central.service import Center
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.store.audit_chain import GENESIS_HASH, link_hash, row_digest
from msc_desktop.sync.bundle import BundleHeader, read_bundle, seal_bundle
from msc_desktop.sync.envelope import BUNDLE_MAGIC, ZSTD_LEVEL, seal, signature_input
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.odm_clinical import ClinicalContext
from msc_desktop.sync.odm_clinical_writer import render_clinical

PASSWORD = "Bench-pass-2026"
CENTRE_PASSPHRASE = "Granite-orchid-lantern-2026"
DEMO_PARTICIPANTS = 200
POPULATION = 10_000
IMPORT_BUNDLES = 1_000
ROWS_PER_SMALL_BUNDLE = 10
HPKE_SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
ZSTD_LEVELS = (3, 1, -1, -3, -5)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


#: The release before bundles went by item (rows by audit format, ClinicalData by OID): its
#: exports are measured beside this tree's, in the same run.
BASELINE = "ea7f03e"

# One export worker per source tree, driven line by line so that the old and the new export
# run interleaved on the same machine at the same time. Commands: "full-site" makes a demo site
# of DEMO_PARTICIPANTS and answers its path; "full" times a full export of it; "big-site" makes
# a site of POPULATION participants and times its full export; "incremental" makes one change
# there and times the incremental export. Each answer is one line of JSON.
_WORKER = """
import json, statistics, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from msc_desktop.store.demo import generate_demo_data, make_demo_site
from msc_desktop.store.models import Participant, ParticipantIdentity
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.identity import pin_center_key
try:  # this tree; the release ea7f03e kept the site's side of sync in one module
    from msc_desktop.sync.site_export import export_bundle
except ModuleNotFoundError:
    from msc_desktop.sync.site import export_bundle

root, center_pub, password = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
participants, population = int(sys.argv[5]), int(sys.argv[6])
stores = {}

def new_site(name):
    store, _ = SiteStore.init(root / name, site_id="01", site_name="Bench", admin_user="admin",
                              admin_password=password, admin_full_name="Bench Admin")
    pin_center_key(store, center_pub)
    (root / ("usb-" + name)).mkdir()
    stores[name] = store
    return store

def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result

def answer(**values):
    print(json.dumps(values), flush=True)

count = 0
for line in sys.stdin:
    command = line.strip()
    if command == "full-site":
        store = new_site("demo")
        make_demo_site(store)
        generate_demo_data(store, participants, seed=7, today=date(2027, 11, 1))
        import msc_desktop
        answer(source=str(Path(msc_desktop.__file__).resolve().parent.parent))
    elif command == "full":
        seconds, result = timed(lambda: export_bundle(stores["demo"], root / "usb-demo", "full"))
        answer(seconds=seconds, rows=result.row_count, bytes=result.path.stat().st_size,
               path=str(result.path))
    elif command == "big-site":
        store = new_site("big")
        with store.session() as session:
            for n in range(population):
                participant = Participant(
                    subject_id=f"01-{n:05d}", screening_number=f"P{n}", initials="BB", sex="F",
                    date_of_birth=date(1970, 1, 1), registration_date=date(2026, 1, 5),
                    status="registered")
                session.add(participant)
                session.flush()
                session.add(ParticipantIdentity(participant_id=participant.id,
                                                full_name=f"Person {n}"))
        seconds, _ = timed(lambda: export_bundle(store, root / "usb-big", "full"))
        with store.session() as session:
            stores["ids"] = [p.id for p in session.query(Participant).limit(50)]
        answer(seconds=seconds)
    elif command == "incremental":
        store = stores["big"]
        with store.session(reason="bench correction") as session:
            participant = session.get(Participant, stores["ids"][count % 50])
            participant.screening_number = f"Q{count}"
        count += 1
        seconds, result = timed(lambda: export_bundle(store, root / "usb-big", "incremental"))
        assert result is not None and result.row_count <= 3, result
        answer(seconds=seconds)
"""


class Worker:
    """A subprocess exporting with the code of one source tree."""

    def __init__(self, name: str, source: Path, root: Path, center_home: Path) -> None:
        self.name = name
        root.mkdir()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WORKER,
                str(source),
                str(root),
                str(center_home / "center.pub"),
                PASSWORD,
                str(DEMO_PARTICIPANTS),
                str(POPULATION),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=source,
        )

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.name} export worker stopped at {command!r}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


@contextmanager
def baseline_tree(root: Path) -> Iterator[Path]:
    """The source of BASELINE, from `git archive`."""
    target = root / f"baseline-{BASELINE}"
    target.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BASELINE], check=True, capture_output=True, cwd=ROOT
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    yield target


def interleaved(
    workers: list[Worker], command: str, rounds: int
) -> dict[str, list[dict[str, Any]]]:
    """`command` on every worker in turn, `rounds` times."""
    answers: dict[str, list[dict[str, Any]]] = {worker.name: [] for worker in workers}
    for _ in range(rounds):
        for worker in workers:
            answers[worker.name].append(worker.ask(command))
    return answers


def bench_exports(root: Path, center_home: Path) -> dict[str, dict[str, Any]]:
    """Full and incremental export, by this tree and by BASELINE, interleaved."""
    results: dict[str, dict[str, Any]] = {}
    with baseline_tree(root) as old_source:
        workers = [
            Worker("old", old_source, root / "old", center_home),
            Worker("new", ROOT, root / "new", center_home),
        ]
        try:
            print(
                f"  entering {DEMO_PARTICIPANTS} demo participants through the services "
                f"(old and new) ...",
                flush=True,
            )
            sites = interleaved(workers, "full-site", 1)
            for worker, source in zip(workers, (old_source, ROOT), strict=True):
                assert Path(sites[worker.name][0]["source"]) == source.resolve(), sites
            fulls = interleaved(workers, "full", 3)
            print(f"  inserting {POPULATION} participants (old and new) ...", flush=True)
            bigs = interleaved(workers, "big-site", 1)
            increments = interleaved(workers, "incremental", 20)
        finally:
            for worker in workers:
                worker.close()
    for name in ("old", "new"):
        runs = sorted(answer["seconds"] for answer in increments[name])
        results[name] = {
            "full": statistics.median(answer["seconds"] for answer in fulls[name]),
            "rows": fulls[name][-1]["rows"],
            "bytes": fulls[name][-1]["bytes"],
            "path": Path(fulls[name][-1]["path"]),
            "incremental": statistics.median(runs),
            "p95": runs[int(len(runs) * 0.95) - 1],
            "big_full": bigs[name][0]["seconds"],
        }
    return results


def small_bundles(center: Center, site: KeyPair) -> list[bytes]:
    bundles = []
    empty = render_clinical(
        ClinicalContext("F.BENCH", "2026-11-29T10:00:00.000000Z", "01", "Bench"),
        [ItemCatalogue(load_protocol())],
        [],
    )
    previous, seq = GENESIS_HASH, 1
    for index in range(IMPORT_BUNDLES):
        rows = []
        first_prev = previous
        for _ in range(ROWS_PER_SMALL_BUNDLE):
            fields = (
                seq,
                "2026-11-29T10:00:00.000000Z",
                "nurse",
                "update",
                "item_value",
                f"{index:032x}",
                "value",
                None,
                str(seq),
                "bench",
            )
            digest = row_digest(*fields)
            row = dict(
                zip(
                    (
                        "seq",
                        "ts",
                        "user_id",
                        "action",
                        "table_name",
                        "record_id",
                        "field",
                        "old_value",
                        "new_value",
                        "reason",
                    ),
                    fields,
                    strict=True,
                )
            )
            row.update(
                site_only=False,
                redacted=False,
                row_digest=digest,
                prev_hash=previous,
                hash=link_hash(previous, digest),
            )
            previous = row["hash"]
            rows.append(row)
            seq += 1
        header = BundleHeader(
            "01",
            "bench",
            rows[0]["seq"],
            rows[-1]["seq"],
            first_prev,
            previous,
            "2026-11-29T10:00:00.000000Z",
            center.fingerprint,
            site.public().fingerprint,
        )
        bundles.append(seal_bundle(header, rows, empty, site, center.keys.public()))
    return bundles


def bench_import(home: Path, store_url: str | None) -> float:
    center = Center.init(home, store_url, passphrase=CENTRE_PASSPHRASE)
    site = KeyPair.generate("site", "01")
    center.register_site("01", site.public_document())
    bundles = small_bundles(center, site)
    start = time.perf_counter()
    for data in bundles:
        outcome = center.import_bundle(data, "bench.mscb")
        assert outcome.status == "accepted", outcome.line()
    seconds = time.perf_counter() - start
    assert center.site_progress()["01"][0] == IMPORT_BUNDLES * ROWS_PER_SMALL_BUNDLE
    center.close()
    return IMPORT_BUNDLES / seconds


@contextmanager
def postgres_cluster() -> Iterator[str | None]:
    """A throw-away PostgreSQL on a unix socket; yields its URL, or None when not installed."""
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not initdb:
        yield None
        return
    bin_dir = Path(initdb[0]).parent
    root = Path(tempfile.mkdtemp(prefix="msc-bench-pg-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    os.chmod(root, 0o755)
    data = root / "data"
    pg_ctl = [*as_owner, str(bin_dir / "pg_ctl"), "-D", str(data)]
    try:
        subprocess.run(
            [
                *as_owner,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *pg_ctl,
                "-o",
                f"-k {root} -c listen_addresses=''",
                "-w",
                "-l",
                str(root / "log"),
                "start",
            ],
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://postgres@/postgres?host={root}"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def bench_envelope(payload_path: Path, center: Center) -> dict[str, float]:
    """Median seconds per round over the same payload bytes, interleaved so that machine noise
    hits every variant alike: bare AES-256-GCM; the shipped seal (zstd at ZSTD_LEVEL + HPKE
    MLKEM768-X25519 + payload hash + Ed25519); the same at other zstd levels, and with zlib at
    level 3 (the previous format's compression); HPKE + signature without compression."""
    payload = bytes(read_bundle(payload_path.read_bytes()).envelope.open_payload(center.keys))
    site = KeyPair.generate("site", "01")
    recipient = center.keys.public().recipient_key
    aes = AESGCM(AESGCM.generate_key(bit_length=256))
    variants: dict[str, Callable[[], Any]] = {
        "bare": lambda: aes.encrypt(secrets.token_bytes(12), payload, None),
        "sealed": lambda: seal(BUNDLE_MAGIC, {"kind": "bench"}, payload, site, recipient),
        "raw": lambda: _seal_compressed(payload, site, recipient, lambda data: data),
        "zlib3": lambda: _seal_compressed(
            payload, site, recipient, lambda data: zlib.compress(data, 3)
        ),
    }
    for level in ZSTD_LEVELS:
        variants[f"zstd{level}"] = lambda level=level: _seal_compressed(  # type: ignore[misc]
            payload, site, recipient, zstandard.ZstdCompressor(level=level).compress
        )
    runs: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(9):
        for name, action in variants.items():
            runs[name].append(timed(action)[0])
    result = {name: statistics.median(times) for name, times in runs.items()}
    result["bytes"] = float(len(payload))
    for level in ZSTD_LEVELS:
        compressed = zstandard.ZstdCompressor(level=level).compress(payload)
        result[f"size{level}"] = len(compressed) / len(payload)
    result["sizezlib3"] = len(zlib.compress(payload, 3)) / len(payload)
    return result


def _seal_compressed(
    payload: bytes, site: KeyPair, recipient: Any, compress: Callable[[bytes], bytes]
) -> bytes:
    """What `seal` does, with another compression: compress, hash, HPKE, sign."""
    compressed = compress(payload)
    header = hashlib.sha256(compressed).hexdigest().encode()
    ciphertext = HPKE_SUITE.encrypt(compressed, recipient, info=header)
    return ciphertext + site.sign(signature_input(header + ciphertext))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        center = Center.init(root / "centre", passphrase=CENTRE_PASSPHRASE)
        print("1-2. full and incremental export, this tree and " + BASELINE, flush=True)
        exports = bench_exports(root, center.home.path)
        full = exports["new"]
        print("3. centre import", flush=True)
        sqlite_rate = bench_import(root / "import-sqlite", None)
        with postgres_cluster() as url:
            pg_rate = bench_import(root / "import-pg", url) if url else None
        print("4. envelope cost", flush=True)
        envelope = bench_envelope(full["path"], center)
        center.close()

    print()
    print(f"{'measure':58} {'value':>12} {'target':>10} {'ratio':>7}")
    for name, label in (("new", "this tree"), ("old", f"release {BASELINE}")):
        result = exports[name]
        print(f"{label}:")
        print(
            f"{'  full export, 200 participants (' + str(result['rows']) + ' audit rows)':58} "
            f"{result['full']:>10.3f} s {'<= 2 s':>10} {result['full'] / 2:>7.2f}"
        )
        print(
            f"{'  incremental export, 1 change, 10,000 participants (median)':58} "
            f"{result['incremental'] * 1000:>9.1f} ms {'<= 100 ms':>10} "
            f"{result['incremental'] / 0.1:>7.2f}"
        )
        print(f"{'    same, p95 of 20 exports':58} {result['p95'] * 1000:>9.1f} ms")
        print(
            f"{'    full export of that site, for comparison':58} {result['big_full']:>10.3f} s"
            f" {'':>10} {result['big_full'] / result['incremental']:>6.0f}x"
        )
    print(
        f"{'full export, this tree / ' + BASELINE:58} "
        f"{exports['new']['full'] / exports['old']['full']:>12.2f}x"
    )
    print(
        f"{'incremental export, this tree / ' + BASELINE:58} "
        f"{exports['new']['incremental'] / exports['old']['incremental']:>12.2f}x"
    )
    print(
        f"{'centre import into SQLite, 1,000 bundles x 10 rows':58} {sqlite_rate:>6.0f} bundles/s"
    )
    if pg_rate is None:
        print(f"{'centre import into PostgreSQL':58} skipped: PostgreSQL is not installed")
    else:
        print(
            f"{'centre import into PostgreSQL, 1,000 bundles x 10 rows':58} "
            f"{pg_rate:>6.0f} bundles/s {'':>4} {pg_rate / sqlite_rate:>6.2f}x SQLite"
        )
    size = envelope["bytes"] / 1e6
    bare = envelope["bare"]
    print(
        f"{f'bare AES-256-GCM over {size:.1f} MB (the payload, uncompressed)':58} "
        f"{bare * 1000:>9.1f} ms {'':>10} {1:>7.2f}"
    )
    print(
        f"{f'bundle seal as shipped: zstd level {ZSTD_LEVEL} + HPKE hybrid + Ed25519':58} "
        f"{envelope['sealed'] * 1000:>9.1f} ms {'<= 2x':>10} {envelope['sealed'] / bare:>7.2f}"
        f"   size {envelope[f'size{ZSTD_LEVEL}']:.3f}"
    )
    for level in ZSTD_LEVELS:
        print(
            f"{f'  same seal, zstd level {level}':58} {envelope[f'zstd{level}'] * 1000:>9.1f} ms"
            f" {'':>10} {envelope[f'zstd{level}'] / bare:>7.2f}   size "
            f"{envelope[f'size{level}']:.3f}"
        )
    print(
        f"{'  same seal, zlib level 3 (the previous format)':58} "
        f"{envelope['zlib3'] * 1000:>9.1f} ms {'':>10} {envelope['zlib3'] / bare:>7.2f}"
        f"   size {envelope['sizezlib3']:.3f}"
    )
    print(
        f"{'  HPKE hybrid + Ed25519 alone, no compression':58} "
        f"{envelope['raw'] * 1000:>9.1f} ms {'':>10} {envelope['raw'] / bare:>7.2f}"
    )


if __name__ == "__main__":
    main()
