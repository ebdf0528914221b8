"""Issue 6 benchmark: dosing worksheet generation time (target <= 150 ms) and size (<= 200 KB).

The worksheet is built from the site store (read through the services, checked, rendered) for a
demo participant, in English on A4 and Chinese on Letter. A bare one-page reportlab PDF with the
same embedded fonts runs interleaved in the same process as the baseline, so machine noise hits
both alike. Prints the first (cold: fonts registered) time, median and p95, the ratios to the
target and to the baseline, and the sizes against the target.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from msc_desktop.reports import fonts
from msc_desktop.reports.printing import dosing_worksheet_pdf
from msc_desktop.store.demo import generate_demo_data, make_demo_site
from msc_desktop.store.models import Disposition, Infusion, Participant
from msc_desktop.store.site import SiteStore

PASSWORD = "Bench-pass-2026"
ROUNDS = 60
TARGET_MS = 150.0
TARGET_KB = 200.0
TODAY = date(2026, 11, 20)


def bare_pdf() -> bytes:
    """The baseline: one page, one line of text in the embedded DejaVu Sans."""
    fonts.register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=fonts.REGULAR)
    canvas.setFont(fonts.REGULAR, 10)
    canvas.drawString(72, 720, "MSC dosing worksheet 01-0001 W0 36.5 mL")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def planned_infusion(store: SiteStore) -> tuple[str, str]:
    """A demo participant still in the study with an infusion record, and its visit."""
    with store.session() as session:
        ended = select(Disposition.participant_id)
        row = session.execute(
            select(Participant.subject_id, Infusion.visit_code)
            .join(Infusion, Infusion.participant_id == Participant.id)
            .where(Participant.id.not_in(ended))
            .order_by(Participant.subject_id, Infusion.visit_code)
        ).first()
    if row is None:
        raise SystemExit("the demo data has no infusion to print; raise the participant count")
    return row[0], row[1]


def timed(action: Callable[[], bytes]) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = action()
    return (time.perf_counter() - start) * 1000, data


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store, _ = SiteStore.init(
            Path(folder) / "site",
            site_id="01",
            site_name="Bench Hospital",
            admin_user="admin",
            admin_password=PASSWORD,
            admin_full_name="Bench Admin",
        )
        try:
            make_demo_site(store)
            generate_demo_data(store, 12, seed=6, today=TODAY)
            subject, visit = planned_infusion(store)
            printed = datetime.combine(TODAY, datetime.min.time(), timezone(timedelta(hours=8)))
            cases = {
                "en A4": lambda: dosing_worksheet_pdf(store, subject, visit, printed_at=printed),
                "zh Letter": lambda: dosing_worksheet_pdf(
                    store, subject, visit, language="zh", paper="letter", printed_at=printed
                ),
            }
            cold_ms, _ = timed(cases["en A4"])
            times: dict[str, list[float]] = {name: [] for name in [*cases, "baseline"]}
            sizes: dict[str, int] = {}
            for _ in range(ROUNDS):
                for name, action in cases.items():
                    elapsed, data = timed(action)
                    times[name].append(elapsed)
                    sizes[name] = len(data)
                elapsed, data = timed(bare_pdf)
                times["baseline"].append(elapsed)
                sizes["baseline"] = len(data)
        finally:
            store.close()
    base_median, _ = summary(times["baseline"])
    print(f"worksheet for {subject} {visit}, {ROUNDS} rounds each, interleaved with the baseline")
    print(f"first worksheet (cold, fonts registered): {cold_ms:7.1f} ms")
    print(
        f"{'case':<10} {'median ms':>10} {'p95 ms':>8} {'p95/target':>11} {'median/baseline':>16} "
        f"{'size KB':>8} {'size/target':>12}"
    )
    for name in [*cases, "baseline"]:
        median, p95 = summary(times[name])
        size_kb = sizes[name] / 1024
        print(
            f"{name:<10} {median:10.1f} {p95:8.1f} {p95 / TARGET_MS:11.2f} "
            f"{median / base_median:16.1f} "
            f"{size_kb:8.1f} {size_kb / TARGET_KB:12.2f}"
        )
    print(f"targets: p95 <= {TARGET_MS:.0f} ms, size <= {TARGET_KB:.0f} KB (ratios <= 1.00 pass)")


if __name__ == "__main__":
    main()
