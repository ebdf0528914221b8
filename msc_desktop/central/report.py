"""The DSMB summary (`msc-central report --out FILE.pdf`): what a data monitoring committee reads.

From the same datasets the centre exports (SDTM and the ADaM analysis dataset), so the report and
the datasets never disagree: enrolment (CONSORT flow, and by site and arm), exposure (infusions
per participant, cells given), serious adverse events by arm (events and participants, by
seriousness criterion, grade 3 or higher), and the primary endpoint's mean change from baseline by
arm and visit for each analysis parameter, as a table and a line plot. Drawn with ReportLab, the
PDF library the app already ships (tables and vector charts, no further dependency).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from msc_desktop.central.adam import analysis_dataset
from msc_desktop.central.datasets import Dataset, by_name
from msc_desktop.central.pooled import PooledData, load_pooled
from msc_desktop.central.sdtm.build import consort_counts, sdtm_datasets
from msc_desktop.central.sdtm.source import SdtmSource
from msc_desktop.central.service import Center
from msc_desktop.sync.envelope import write_atomic

_ARM_COLOURS = (
    colors.HexColor("#1f77b4"),
    colors.HexColor("#d62728"),
    colors.HexColor("#2ca02c"),
    colors.HexColor("#9467bd"),
)
_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ]
)


def _records(dataset: Dataset) -> list[dict[str, str]]:
    return [dict(zip(dataset.names, row)) for row in dataset.rows]


def _mean(values: Sequence[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _table(rows: list[list[str]], widths: Sequence[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(_GRID)
    return table


def summary_tables(pooled: PooledData) -> dict[str, list[list[str]]]:
    """The report's tables (first row: the header), by section."""
    source = SdtmSource(pooled)
    sdtm = sdtm_datasets(source)
    datasets = by_name(sdtm)
    arms = [arm.code for arm in pooled.protocol.arms]
    labels = {arm.code: arm.label.en for arm in pooled.protocol.arms}
    counts = consort_counts(source)
    consort = [
        ["Stage", "Participants"],
        ["Screened", str(counts["screened"])],
        ["Screen failed", str(counts["screen_failed"])],
        *[[f"Randomized: {labels[arm]}", str(counts[f"randomized_{arm}"])] for arm in arms],
        ["Received at least one infusion", str(counts["infused"])],
        ["Completed the study", str(counts["completed"])],
    ]
    dm = _records(datasets["DM"])
    sites = sorted({row["SITEID"] for row in dm})
    by_site = [["Site", "Screened", "Screen failed", *[labels[arm] for arm in arms]]]
    for site in [*sites, "All"]:
        rows = [row for row in dm if site in ("All", row["SITEID"])]
        by_site.append(
            [
                site,
                str(len(rows)),
                str(sum(row["ARMNRS"] == "SCREEN FAILURE" for row in rows)),
                *[str(sum(row["ARMCD"] == arm for row in rows)) for arm in arms],
            ]
        )
    arm_of = {row["USUBJID"]: row["ARMCD"] for row in dm}
    ex = _records(datasets["EX"])
    infusions = Counter(row["USUBJID"] for row in ex)
    exposure = [
        ["Arm", "Randomized", "0 infusions", "1", "2", "3", "Infusions", "Mean cells per infusion"]
    ]
    for arm in arms:
        subjects = [usubjid for usubjid, code in arm_of.items() if code == arm]
        given = [
            Decimal(row["EXDOSE"])
            for row in ex
            if arm_of.get(row["USUBJID"]) == arm and row["EXDOSE"]
        ]
        exposure.append(
            [
                labels[arm],
                str(len(subjects)),
                *[str(sum(infusions[s] == n for s in subjects)) for n in range(4)],
                str(sum(infusions[s] for s in subjects)),
                f"{_mean(given):,.0f}" if given else "-",
            ]
        )
    ae = _records(datasets["AE"])
    serious = [row for row in ae if row["AESER"] == "Y"]
    criteria = [
        ("AESDTH", "Death"),
        ("AESLIFE", "Life-threatening"),
        ("AESHOSP", "Hospitalisation"),
        ("AESDISAB", "Disability"),
        ("AESCONG", "Congenital anomaly"),
        ("AESMIE", "Other important event"),
    ]
    saes = [
        ["", *[labels[arm] for arm in arms]],
        [
            "Serious adverse events",
            *[str(sum(arm_of.get(r["USUBJID"]) == arm for r in serious)) for arm in arms],
        ],
        [
            "Participants with a serious event",
            *[
                str(len({r["USUBJID"] for r in serious if arm_of.get(r["USUBJID"]) == arm}))
                for arm in arms
            ],
        ],
        *[
            [
                f"  {label}",
                *[
                    str(sum(arm_of.get(r["USUBJID"]) == arm and r[flag] == "Y" for r in serious))
                    for arm in arms
                ],
            ]
            for flag, label in criteria
        ],
        [
            "Adverse events of grade 3 or higher",
            *[
                str(sum(arm_of.get(r["USUBJID"]) == arm and r["AETOXGR"] >= "3" for r in ae))
                for arm in arms
            ],
        ],
    ]
    return {
        "consort": consort,
        "by_site": by_site,
        "exposure": exposure,
        "saes": saes,
        **_endpoint_tables(analysis_dataset(pooled.protocol, sdtm), arms, labels),
    }


def mean_changes(adam: Dataset) -> dict[str, dict[str, dict[str, tuple[Decimal, int]]]]:
    """parameter -> arm -> visit -> (mean change from baseline, participants)."""
    changes: dict[tuple[str, str, str], list[Decimal]] = defaultdict(list)
    order: dict[str, Decimal] = {}
    for row in _records(adam):
        if row["ANL01FL"] == "Y" and row["CHG"]:
            changes[(row["PARAMCD"], row["TRT01P"], row["AVISIT"])].append(Decimal(row["CHG"]))
            order[row["AVISIT"]] = Decimal(row["AVISITN"])
    out: dict[str, dict[str, dict[str, tuple[Decimal, int]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for (parameter, arm, visit), values in sorted(
        changes.items(), key=lambda item: order[item[0][2]]
    ):
        out[parameter][arm][visit] = (_mean(values), len(values))
    return out


def _endpoint_tables(
    adam: Dataset, arms: list[str], labels: dict[str, str]
) -> dict[str, list[list[str]]]:
    means = mean_changes(adam)
    names = {row[adam.names.index("PARAMCD")]: row[adam.names.index("PARAM")] for row in adam.rows}
    tables = {}
    for parameter, by_arm in means.items():
        visits = list(dict.fromkeys(visit for arm in arms for visit in by_arm.get(arm, {})))
        rows = [[f"{names[parameter]}: mean change (n)", *visits]]
        for arm in arms:
            cells = by_arm.get(arm, {})
            rows.append(
                [
                    labels[arm],
                    *[
                        f"{cells[visit][0]:+} ({cells[visit][1]})" if visit in cells else "-"
                        for visit in visits
                    ],
                ]
            )
        tables[f"endpoint:{parameter}"] = rows
    return tables


def _plot(table: list[list[str]], title: str) -> Drawing:
    """Mean change from baseline by visit, one line per arm, starting at 0 at baseline."""
    visits = ["Baseline", *table[0][1:]]
    drawing = Drawing(170 * mm, 70 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 14 * mm, 12 * mm, 110 * mm, 48 * mm
    data = []
    for row in table[1:]:
        data.append(
            [
                (0, 0.0),
                *(
                    (index, float(cell.split(" ")[0]))
                    for index, cell in enumerate(row[1:], start=1)
                    if cell != "-"
                ),
            ]
        )
    plot.data = data
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = -0.3, max(len(visits) - 0.7, 0.7)
    plot.xValueAxis.valueSteps = list(range(len(visits)))
    plot.xValueAxis.labelTextFormat = lambda value: (
        visits[int(value)] if 0 <= int(value) < len(visits) else ""
    )
    plot.yValueAxis.labelTextFormat = "%+.2f"
    plot.xValueAxis.labels.fontName = plot.yValueAxis.labels.fontName = "Helvetica"
    for index in range(len(data)):
        plot.lines[index].strokeColor = _ARM_COLOURS[index % len(_ARM_COLOURS)]
        plot.lines[index].strokeWidth = 1.5
        plot.lines[index].symbol = makeMarker("FilledCircle", size=4)
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y = 130 * mm, 55 * mm
    legend.fontName, legend.fontSize = "Helvetica", 8
    legend.colorNamePairs = [
        (_ARM_COLOURS[index % len(_ARM_COLOURS)], row[0]) for index, row in enumerate(table[1:])
    ]
    drawing.add(legend)
    drawing.add(String(14 * mm, 64 * mm, title, fontName="Helvetica-Bold", fontSize=9))
    return drawing


def render_report(pooled: PooledData, created: datetime) -> bytes:
    styles = getSampleStyleSheet()
    tables = summary_tables(pooled)
    protocol = pooled.protocol
    story: list[Flowable] = [
        Paragraph(f"DSMB summary: {protocol.title.en}", styles["Title"]),
        Paragraph(
            f"Protocol {protocol.protocol_id} ({protocol.registry_id}), version "
            f"{protocol.version}. Data received by the coordinating centre up to "
            f"{created:%Y-%m-%d %H:%M} UTC, from {len(pooled.sites)} site(s): "
            f"{', '.join(pooled.sites) or 'none'}.",
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        Paragraph("1. Enrolment (CONSORT flow)", styles["Heading2"]),
        _table(tables["consort"], [80 * mm, 30 * mm]),
        Spacer(1, 3 * mm),
        Paragraph("Enrolment by site and arm", styles["Heading3"]),
        _table(tables["by_site"]),
        Paragraph("2. Exposure", styles["Heading2"]),
        Paragraph(
            "Participants by number of completed MSC infusions, and the cells given.",
            styles["Normal"],
        ),
        _table(tables["exposure"]),
        Paragraph("3. Serious adverse events by arm", styles["Heading2"]),
        _table(tables["saes"], [70 * mm, 40 * mm, 40 * mm]),
        Paragraph(
            "4. Primary endpoint: mean change from baseline by arm and visit", styles["Heading2"]
        ),
        Paragraph(
            "Baseline is the last value at screening or week 0 (before the infusion); "
            "changes are shown for the visits after it, with the number of participants.",
            styles["Normal"],
        ),
    ]
    endpoint = [name for name in tables if name.startswith("endpoint:")]
    if not endpoint:
        story.append(Paragraph("No participant has a value after baseline yet.", styles["Normal"]))
    for name in endpoint:
        story.append(
            KeepTogether(
                [
                    Spacer(1, 3 * mm),
                    _table(tables[name]),
                    _plot(tables[name], tables[name][0][0].replace(": mean change (n)", "")),
                ]
            )
        )
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title="DSMB summary",
        author="MSC Desktop coordinating centre",
        invariant=True,
    )
    document.build(story)
    return buffer.getvalue()


def write_report(center: Center, out: Path) -> Path:
    pooled = load_pooled(center, with_audit=False)
    write_atomic(out, render_report(pooled, datetime.now(UTC)))
    return out
