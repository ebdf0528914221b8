"""The dataset exports: `csv` (the SDTM datasets as CSV, with CONSORT.csv), `sdtm` (CSV and SAS
XPORT v5 `.xpt` files plus define.xml 2.0) and `adam` (the analysis dataset the same way). As in
a regulatory submission, `sdtm` and `adam` leave out a dataset without records; `csv` writes
every one.

Every file is written whole or not at all (`write_atomic`); CSV cells go through `csv_writer`, so
no cell a site typed can become a spreadsheet formula. Nothing is written until every dataset
was built and converted, so a value the transport format cannot hold leaves no half export.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from msc_desktop.central.adam import analysis_dataset
from msc_desktop.central.datasets import Dataset, build_codelists
from msc_desktop.central.define import write_define
from msc_desktop.central.pooled import PooledData
from msc_desktop.central.sdtm.build import consort_counts, sdtm_datasets
from msc_desktop.central.sdtm.source import SdtmSource
from msc_desktop.central.xpt import write_xpt
from msc_desktop.csv_cells import csv_writer
from msc_desktop.sync.envelope import write_atomic

DATASET_FORMATS = ("csv", "sdtm", "adam")


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv_writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_datasets(pooled: PooledData, fmt: str, out_dir: Path) -> list[Path]:
    source = SdtmSource(pooled)
    sdtm = sdtm_datasets(source)
    now = datetime.now(UTC).replace(microsecond=0)
    files: dict[str, bytes] = {}
    datasets: list[Dataset] = sdtm
    if fmt == "adam":
        datasets = [analysis_dataset(pooled.protocol, sdtm)]
    if fmt != "csv":  # a submission holds no empty dataset
        datasets = [dataset for dataset in datasets if dataset.rows]
    for dataset in datasets:
        files[f"{dataset.name}.csv"] = _csv(dataset.table())
    if fmt == "csv":
        files["CONSORT.csv"] = _csv(
            [
                ["stage", "count"],
                *([stage, str(count)] for stage, count in consort_counts(source).items()),
            ]
        )
    else:
        for dataset in datasets:
            files[f"{dataset.name.lower()}.xpt"] = write_xpt(dataset, now.replace(tzinfo=None))
        files["define.xml"] = write_define(
            pooled.protocol,
            datasets,
            build_codelists(pooled.current),
            "ADaM" if fmt == "adam" else "SDTM",
            now.isoformat(),
        )
    paths = []
    for name, data in files.items():
        path = out_dir / name
        write_atomic(path, data)
        paths.append(path)
    return paths
