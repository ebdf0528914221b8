"""Bundle export at the site: the audit rows not yet sent, sealed into one bundle file.

The last exported sequence number is kept in the encrypted database (`site_setting`). An export
is itself an audited event, and that event row is the last row of the bundle it describes, so
exporting never leaves a change behind it. Each bundle is also written to the outbox
(site_outbox.py) until a receipt covers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select

from msc_desktop.errors import SyncError
from msc_desktop.messages import Message
from msc_desktop.store.audit import record_event
from msc_desktop.store.models import AuditLog, get_setting, int_setting, put_setting
from msc_desktop.store.roles import Action, require
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import BundleHeader, seal_bundle
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.identity import (
    SETTING_ACKNOWLEDGED,
    SETTING_DEVICE,
    SETTING_EXPORTED,
    center_identity,
    outbox_dir,
    site_keys,
)
from msc_desktop.sync.packages import utc_now_text
from msc_desktop.sync.progress import Progress, no_progress
from msc_desktop.sync.site_changes import bundle_rows_after, render_changes

ExportMode = Literal["incremental", "resend", "full"]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    from_seq: int
    to_seq: int

    @property
    def row_count(self) -> int:
        return self.to_seq - self.from_seq + 1


def export_bundle(
    store: SiteStore,
    out_dir: Path,
    mode: ExportMode = "incremental",
    progress: Progress | None = None,
) -> ExportResult | None:
    """Write the next bundle into `out_dir` (and the outbox); None when there is nothing to send.

    `incremental`: the changes after the last export; `resend`: everything after the last
    receipt; `full`: the whole audit trail.
    """
    require(store.user.role, Action.EXPORT)
    report = progress or no_progress
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise SyncError(
            "The folder {folder} does not exist; plug in the drive or choose another folder.",
            folder=out_dir,
        )
    center = center_identity(store)
    keys = site_keys(store)
    site_id, site_name = store.site_id, store.site_name
    written: list[Path] = []
    try:
        with store.session() as session:
            report(0, 4, Message("reading changes"))
            last_seq = session.scalar(select(func.max(AuditLog.seq))) or 0
            after = {
                "incremental": int_setting(session, SETTING_EXPORTED),
                "resend": int_setting(session, SETTING_ACKNOWLEDGED),
                "full": 0,
            }[mode]
            if after >= last_seq and mode != "full":
                return None
            record_event(
                session, "site", site_id, f"bundle exported ({mode}) from record {after + 1}"
            )
            rows = bundle_rows_after(session, after)
            report(1, 4, Message("rendering ODM"))
            odm = render_changes(session, site_id, site_name, rows)
            report(2, 4, Message("encrypting and signing"))
            header = BundleHeader(
                site_id=site_id,
                device_id=get_setting(session, SETTING_DEVICE) or "unknown",
                from_seq=after + 1,
                to_seq=rows[-1]["seq"],
                prev_hash=rows[0]["prev_hash"],
                last_hash=rows[-1]["hash"],
                created=utc_now_text(),
                recipient=center.fingerprint,
                sender=keys.public().fingerprint,
            )
            data = seal_bundle(header, rows, odm, keys, center)
            report(3, 4, Message("writing the file"))
            outbox = outbox_dir(store)
            outbox.mkdir(exist_ok=True)
            for folder in dict.fromkeys([out_dir.resolve(), outbox.resolve()]):
                target = folder / header.file_name
                write_atomic(target, data)
                written.append(target)
            put_setting(
                session,
                SETTING_EXPORTED,
                str(max(header.to_seq, int_setting(session, SETTING_EXPORTED))),
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    report(4, 4, Message("done"))
    return ExportResult(out_dir / header.file_name, header.from_seq, header.to_seq)
