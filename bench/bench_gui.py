"""Desktop app timings, measured side by side in one run (offscreen Qt, fresh subprocesses).

1. Cold start to the unlock screen (a new Python process until the unlock screen is shown),
   against a bare PySide6 window in the same conditions; target ratio <= 1.5.
2. Unlock to the populated participant list with 10,000 participants (password check with the
   real key derivation, database open, overview query, table filled and painted), pressed once
   the unlock screen has preloaded the store, as it does while the user types the password.
3. Instant filter and sort on that list: time per keystroke and per sort.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py [--participants N] [--repeat R]
The site is built through the services first (demo participants with full histories plus plain
registrations); that takes about a minute for 10,000 and is not part of any timing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NURSE = ("bench.nurse", "Willow-stone-2026")
ADMIN = ("bench.admin", "Harbour-lamp-2026")
DEMO_WITH_HISTORY = 300
TODAY = date(2026, 11, 20)


# -- children: each runs in a fresh interpreter ----------------------------------------------


def child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    window = QWidget()
    window.resize(900, 600)
    window.show()
    app.processEvents()
    print("ready", flush=True)


def child_unlock_screen(data_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from msc_desktop.gui.controller import AppController

    app = QApplication([])
    controller = AppController(data_dir)
    controller.start()
    app.processEvents()
    assert controller.unlock is not None and controller.unlock.isVisible()
    print("ready", flush=True)


def child_unlock_to_list(data_dir: Path, expected: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from msc_desktop.gui.controller import AppController

    app = QApplication([])
    controller = AppController(data_dir, clock=lambda: TODAY)
    controller.start()
    screen = controller.unlock
    assert screen is not None
    screen.user.setText(NURSE[0])
    screen.password.setText(NURSE[1])
    typing_ends = time.monotonic() + 2.0  # the store is preloaded while the user types
    while "msc_desktop.gui.main_window" not in sys.modules and time.monotonic() < typing_ends:
        app.processEvents()
        time.sleep(0.01)
    start = time.perf_counter()
    screen.try_unlock()
    window = controller.main_window
    assert window is not None, screen.message.text()
    app.processEvents()
    window.list_page.all_table.viewport().repaint()
    unlocked = time.perf_counter() - start
    model = window.list_page.all_model
    assert model.rowCount() == expected, (model.rowCount(), expected)

    keystrokes = []
    typed = ""
    for char in "01-00":
        typed += char
        t0 = time.perf_counter()
        window.list_page.filter.setText(typed)
        app.processEvents()
        window.list_page.all_table.viewport().repaint()
        keystrokes.append(time.perf_counter() - t0)
    window.list_page.filter.clear()
    app.processEvents()
    sorts = []
    for column in (7, 4, 0):
        t0 = time.perf_counter()
        window.list_page.all_table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        app.processEvents()
        window.list_page.all_table.viewport().repaint()
        sorts.append(time.perf_counter() - t0)
    window.close_without_asking = True
    window.close()
    window.store.close()
    print(
        json.dumps(
            {
                "unlock_to_list": unlocked,
                "keystroke_max": max(keystrokes),
                "keystroke_mean": statistics.mean(keystrokes),
                "sort_max": max(sorts),
            }
        ),
        flush=True,
    )


# -- the parent: build the site, run children, print side by side ----------------------------


def build_site(data_dir: Path, participants: int) -> None:
    from msc_desktop.store.demo import generate_demo_data, make_demo_site
    from msc_desktop.store.services.participants import register_participant
    from msc_desktop.store.site import SiteStore
    from msc_desktop.store.users import create_user

    admin, _key = SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Benchmark Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name="Bench Admin",
    )
    with_history = min(DEMO_WITH_HISTORY, participants)
    make_demo_site(admin)
    generate_demo_data(admin, with_history, seed=7, today=TODAY)
    create_user(admin, NURSE[0], "Bench Nurse", "nurse", NURSE[1])
    admin.close()
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    for number in range(with_history + 1, participants + 1):
        register_participant(
            nurse,
            {
                "screening_number": f"B{number:06d}",
                "initials": "AB",
                "full_name": f"Bench Person {number}",
                "sex": "MF"[number % 2],
                "date_of_birth": "1968-05-17",
                "registration_date": "2026-10-01",
            },
            today=TODAY,
        )
    nurse.close()


def run_child(args: list[str]) -> tuple[float, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    elapsed = time.perf_counter() - start
    rest = process.stdout.read()
    if process.wait() != 0:
        raise SystemExit(f"child {args[0]} failed")
    return elapsed, line + rest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Desktop app start and list timings.")
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind = args.child[0]
        if kind == "bare":
            child_bare()
        elif kind == "unlock-screen":
            child_unlock_screen(Path(args.child[1]))
        else:
            child_unlock_to_list(Path(args.child[1]), int(args.child[2]))
        return 0

    with tempfile.TemporaryDirectory(prefix="msc-bench-gui-") as work:
        data_dir = Path(work) / "site"
        print(f"building a site with {args.participants} participants ...", flush=True)
        started = time.perf_counter()
        build_site(data_dir, args.participants)
        print(f"  built in {time.perf_counter() - started:.0f} s (not timed below)")
        run_child(["bare"])  # warm the file cache for both sides alike
        run_child(["unlock-screen", str(data_dir)])
        bare, app = [], []
        for _ in range(args.repeat):
            bare.append(run_child(["bare"])[0])
            app.append(run_child(["unlock-screen", str(data_dir)])[0])
        bare_s, app_s = statistics.median(bare), statistics.median(app)
        print(
            f"cold start, median of {args.repeat}:  bare PySide6 window {bare_s:.3f} s | "
            f"MSC Desktop unlock screen {app_s:.3f} s | ratio {app_s / bare_s:.2f} (target <= 1.5)"
        )
        results = [
            json.loads(run_child(["unlock-list", str(data_dir), str(args.participants)])[1])
            for _ in range(min(args.repeat, 3))
        ]
        unlock = statistics.median(r["unlock_to_list"] for r in results)
        print(
            f"unlock to populated list ({args.participants} participants, real key derivation), "
            f"median of {len(results)}: {unlock:.3f} s"
        )
        print(
            "filter per keystroke: mean "
            f"{statistics.median(r['keystroke_mean'] for r in results) * 1000:.0f} ms, "
            f"max {max(r['keystroke_max'] for r in results) * 1000:.0f} ms | "
            f"sort max {max(r['sort_max'] for r in results) * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
