"""Signed, encrypted export bundles, site packages from the centre, receipts and transports.

What the GUI's sync panel calls (all Qt-free; long calls take `progress(done, total, message)`):
- `identity.site_fingerprint(store)`, `identity.write_identity(store, path)`,
  `identity.pin_center_key(store, path, replace=False)`;
- `site_status.sync_status(store)`: pending changes, exported but unacknowledged, open SAEs not
  yet acknowledged, outbox files, both fingerprints;
- `site_export.export_bundle(store, folder, "incremental" | "resend" | "full", progress)`;
- `site_upload.upload_pending(store, url, progress=...)`;
- `site_import.import_packages(store, paths, progress)` for receipts, site packages, allocation
  lists;
- `drives.removable_drives()` for the list of USB sticks to offer as export folders.
Every fault a user can meet is a `SyncError` (or another `MscError`) with one sentence.
"""
