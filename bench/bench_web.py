"""Issue 16 benchmark: server time of the centre's overview and completeness pages.

Stores of 10 sites with 200 participants and with 10,000 participants, on SQLite (SQLCipher) and
on PostgreSQL (a throw-away cluster; skipped with the reason when it is not installed), printed
side by side with their targets (200 participants <= 150 ms, 10,000 <= 1 s) and the ratio
10,000 / 200 measured in the same run. The participants' items are written straight into the
store by their OIDs from the protocol's catalogue (what an import leaves: registration,
screening, randomization, every visit due by now, MSC infusions, an adverse event each); making
10,000 through the site's services would take hours. Server time: the request through the web
application in process (no network): the first ever (nothing cached: every site's summary is
computed from the items and kept in the store's page cache), the first after a server restart
(the summary read back from the page cache), the first after one site's import (that site's part
computed again) and the median of 5 later ones (kept in memory until a site's data change).
Run: `.venv/bin/python bench/bench_web.py` (about ten minutes: writing 2.2 million items twice).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete, insert
from starlette.testclient import TestClient

from msc_desktop.central import accounts
from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterItem, CenterPageCache, CenterSite
from msc_desktop.central.web.app import create_web_app
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.sync.keys import KeyPair
from tests.unit.sync.postgres import new_database, postgres_bin_dir, running_cluster

PASSPHRASE = "Granite-orchid-lantern-2026"
PASSWORD = "Harbour-lamp-2026-centre"
TODAY = date.today()
TARGETS = {200: 0.150, 10_000: 1.0}


def _value(kind: str, rng: random.Random) -> str:
    return {
        "date": (TODAY - timedelta(days=rng.randrange(400))).isoformat(),
        "datetime": f"{TODAY.isoformat()}T10:00",
        "yesno": "N",
        "tristate": "N",
        "int": "1",
    }.get(kind, str(rng.randrange(1, 200)))


def _rows(catalogue: ItemCatalogue, sites: int, people: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    protocol = catalogue.protocol
    mdv = catalogue.metadata_version_oid
    kinds = {
        (form.form_id, field.name): field.kind
        for form in protocol.all_forms
        for field in form.fields
    }
    by_form = {form.form_id: form for form in catalogue.forms}
    for index in range(people):
        site = f"{index % sites + 1:02d}"
        subject = f"{site}-{index:05d}"
        randomized = index % 10 != 0
        arm = "MSC" if index % 2 else "CONTROL"
        day0 = TODAY - timedelta(days=rng.randrange(400))
        seq = 0

        def form_items(
            event_oid: str,
            form_id: str,
            repeat: str = "",
            values: dict[str, str] | None = None,
            site: str = site,
            subject: str = subject,
        ) -> Iterator[dict[str, Any]]:
            nonlocal seq
            form = by_form[form_id]
            for item in form.items:
                if item.site_only:
                    continue
                value = (values or {}).get(item.name)
                if value is None:
                    if item.derived:
                        continue
                    value = _value(kinds.get((form_id, item.name), ""), rng)
                seq += 1
                yield {
                    "site_id": site,
                    "subject_key": subject,
                    "event_oid": event_oid,
                    "form_oid": form.oid,
                    "group_oid": item.group_oid,
                    "repeat_key": repeat,
                    "item_oid": item.oid,
                    "current_value": value,
                    "current_unit": item.units[0] if item.units else None,
                    "mdv_oid": mdv,
                    "seq": seq,
                    "removed": False,
                }

        status = "randomized" if randomized else "screen failed"
        yield from form_items("SE.SCR", "registration", values={"status": status})
        yield from form_items("SE.SCR", "consent", values={"written_consent": "Y"})
        yield from form_items("SE.SCR", "screening")
        if not randomized:
            continue
        common = catalogue.common_event.oid
        yield from form_items(
            common,
            "randomization",
            values={
                "arm": arm,
                "stratum": "B" if index % 3 else "C",
                "day0": day0.isoformat(),
                "randomized_at": f"{day0.isoformat()}T09:00",
                "allocation_list_id": "L",
                "allocation_position": "1",
            },
        )
        for visit in protocol.scheduled_visits:
            target = day0 + timedelta(days=visit.day or 0)
            if target > TODAY:
                break
            yield from form_items(
                visit.oid,
                "visit",
                values={"visit_code": visit.code, "visit_date": target.isoformat()},
            )
            if visit.is_infusion and arm == "MSC":
                yield from form_items(
                    visit.oid, "infusion", values={"visit_code": visit.code, "status": "completed"}
                )
        yield from form_items(
            common,
            "adverse_event",
            "1",
            values={
                "serious": "Y" if index % 25 == 0 else "N",
                "ae_number": "1",
                "grade": str(rng.randrange(1, 4)),
                "relationship": "NOT RELATED",
            },
        )


def populate(center: Center, sites: int, people: int) -> int:
    for number in range(1, sites + 1):
        site_id = f"{number:02d}"
        center.register_site(site_id, KeyPair.generate("site", site_id).public_document())
    catalogue = list(center.catalogues().values())[-1]
    count = 0
    batch: list[dict[str, Any]] = []
    with center.store.engine.begin() as connection:
        for row in _rows(catalogue, sites, people, seed=people):
            batch.append(row)
            if len(batch) == 5000:
                connection.execute(insert(CenterItem), batch)
                count += len(batch)
                batch = []
        if batch:
            connection.execute(insert(CenterItem), batch)
            count += len(batch)
    accounts.add_user(center.store, "dora", "data-manager", PASSWORD)
    return count


WHEN = ("cold", "start", "import", "later")


def _one_site_imported(center: Center) -> None:
    """What an import of one site changes for the pages: its applied chain grows."""
    with center.store.session() as session:
        site = session.get(CenterSite, "01")
        assert site is not None
        site.last_seq += 1


def _signed_in(center: Center) -> TestClient:
    """A browser signed in to a server just started (a new application: nothing in memory)."""
    client = TestClient(create_web_app(center), follow_redirects=False)
    page = client.get("/sign-in")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    assert (
        client.post(
            "/sign-in", data={"csrf": token, "user": "dora", "password": PASSWORD, "next": "/"}
        ).status_code
        == 303
    )
    return client


def _timed(client: TestClient, path: str) -> float:
    start = time.perf_counter()
    assert client.get(path).status_code == 200
    return time.perf_counter() - start


def page_times(center: Center) -> dict[str, tuple[float, ...]]:
    """Per page: the first request ever (nothing cached: every site's part of the summary is
    computed and kept in the page cache), the first after a restart (read back from it; `serve`
    also reads it in the background at start), the first after one site's import (that site's
    part is computed again) and the median of 5 later ones (reused from memory)."""
    result = {}
    for path in ("/completeness", "/"):
        with center.store.session() as session:
            session.execute(delete(CenterPageCache))
        times = [_timed(_signed_in(center), path)]
        client = _signed_in(center)
        times.append(_timed(client, path))
        _one_site_imported(center)
        times.append(_timed(client, path))
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            assert client.get(path).status_code == 200
            runs.append(time.perf_counter() - start)
        result[path] = (*times, statistics.median(runs))
    return result


def measure(folder: Path, people: int, url: str | None) -> tuple[dict[str, tuple[float, ...]], int]:
    center = Center.init(folder, url, passphrase=PASSPHRASE)
    try:
        rows = populate(center, 10, people)
        return page_times(center), rows
    finally:
        center.close()


@contextmanager
def postgres() -> Iterator[str | None]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        yield None
        return
    with running_cluster(bin_dir) as template:
        yield template


def main() -> None:
    load_protocol()
    results: dict[tuple[str, int], dict[str, tuple[float, ...]]] = {}
    with tempfile.TemporaryDirectory(prefix="msc-bench-web-") as scratch:
        root = Path(scratch)
        for people in TARGETS:
            times, rows = measure(root / f"sqlite-{people}", people, None)
            results[("SQLite", people)] = times
            print(f"SQLite, {people} participants ({rows} items) ready", flush=True)
        with postgres() as template:
            if template is None:
                print("PostgreSQL: not installed (tools/system_deps.sh installs it); skipped")
            else:
                for people in TARGETS:
                    url = new_database(template, f"bench_web_{people}")
                    times, rows = measure(root / f"pg-{people}", people, url)
                    results[("PostgreSQL", people)] = times
                    print(f"PostgreSQL, {people} participants ({rows} items) ready", flush=True)
    print()
    print("Server time in ms: 'cold' the first request ever (all sites' summary computed and")
    print("kept in the store's page cache), 'start' the first after a server restart (read back")
    print("from the page cache), 'import' the first after one site's import (that site's part")
    print("computed again), 'later' the median of 5 following requests (summary reused).")
    print(
        f"{'store':<11} {'page':<14} {'when':<6} {'200':>8} {'target':>7} {'10,000':>9} "
        f"{'target':>7} {'ratio':>6}"
    )
    for store in ("SQLite", "PostgreSQL"):
        if (store, 200) not in results:
            continue
        for path in ("/", "/completeness"):
            for index, when in enumerate(WHEN):
                small = results[(store, 200)][path][index]
                large = results[(store, 10_000)][path][index]
                met = small <= TARGETS[200] and large <= TARGETS[10_000]
                # A store's first page ever (the upgrade's first start) computes everything once:
                # shown, not held to the target.
                verdict = "once" if when == "cold" else "met" if met else "MISSED"
                print(
                    f"{store:<11} {path:<14} {when:<6} {small * 1000:8.1f} "
                    f"{TARGETS[200] * 1000:7.0f} {large * 1000:9.1f} "
                    f"{TARGETS[10_000] * 1000:7.0f} {large / small:6.1f}  "
                    f"{verdict}"
                )


if __name__ == "__main__":
    main()
