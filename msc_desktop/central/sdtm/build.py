"""All the SDTM datasets in submission order, and the CONSORT counts read from the same data."""

from __future__ import annotations

from msc_desktop.central.datasets import Dataset
from msc_desktop.central.sdtm.demographics import dm
from msc_desktop.central.sdtm.disposition import ds, ie
from msc_desktop.central.sdtm.events import ae, ex
from msc_desktop.central.sdtm.findings import findings, xc
from msc_desktop.central.sdtm.scores import rs
from msc_desktop.central.sdtm.source import SdtmSource


def sdtm_datasets(source: SdtmSource) -> list[Dataset]:
    demography, suppdm = dm(source)
    criteria, failures = ie(source)
    disposition, suppds = ds(source, failures)
    exposure, suppex = ex(source)
    events, suppae = ae(source)
    return [
        demography,
        suppdm,
        disposition,
        suppds,
        criteria,
        findings(source, "LB"),
        findings(source, "VS"),
        xc(source),
        rs(source),
        exposure,
        suppex,
        events,
        suppae,
    ]


def consort_counts(source: SdtmSource) -> dict[str, int]:
    """Screened, screen failed, randomized per arm, infused (at least one completed infusion),
    completed."""
    pooled = source.pooled
    arms = [arm.code for arm in pooled.protocol.arms]
    counts = {
        "screened": 0,
        "screen_failed": 0,
        **{f"randomized_{arm}": 0 for arm in arms},
        "infused": 0,
        "completed": 0,
    }
    for subject in pooled.subjects:
        status = pooled.status(subject)
        counts["screened"] += 1
        counts["screen_failed"] += source.screen_failed(subject)
        arm = pooled.subject_value(subject, "DM", "ARMCD")
        if arm in arms:
            counts[f"randomized_{arm}"] += 1
        counts["infused"] += bool(source.infusions(subject))
        counts["completed"] += status == "completed"
    return counts
