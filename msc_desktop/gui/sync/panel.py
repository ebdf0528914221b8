"""The sync panel: what is waiting to reach the coordinating centre, and the buttons that send it.

Everything it does is a call to `msc_desktop.sync` (site_status, site_export, site_upload,
site_import) and `msc_desktop.sync.drives` (USB sticks to offer); the panel adds no rule. Long calls
run on a `SyncJob` thread (gui/sync/job.py) with their progress shown; the panel is modal and every
button stays disabled until the job ends, so the store is used by one job at a time. A job counts as
activity for the idle lock (the user started it and is waiting for it), so a slow upload is not cut
off by it.

It stays one module over 400 lines: it is one dialog whose buttons all share one job, one
status and one list of results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import error_text, localized
from msc_desktop.gui.sync.job import SyncJob
from msc_desktop.gui.widgets.dialogs import confirm, permission_problem
from msc_desktop.store.roles import Action
from msc_desktop.store.services.randomization import low_stock_warning, stock
from msc_desktop.store.settings import site_value
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.drives import removable_drives
from msc_desktop.sync.progress import Progress
from msc_desktop.sync.site_export import ExportMode, ExportResult, export_bundle
from msc_desktop.sync.site_import import PackageResult, import_packages
from msc_desktop.sync.site_status import SyncStatus, sync_status
from msc_desktop.sync.site_upload import FETCH_STATUSES, UploadResult, upload_pending

#: How often a running job marks activity so the idle lock does not fire under it.
KEEP_AWAKE_MS = 10_000


_OK_STYLE = "color: #1b5e20; font-weight: bold;"


_ERROR_STYLE = "color: #b00020; font-weight: bold;"


_WARN_STYLE = "color: #b00020;"


_CHOOSE_FOLDER = ""


class SyncPanel(QDialog):
    """Modal panel over `store`; `job` is the running SyncJob (None when idle)."""

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.job: SyncJob | None = None
        self.status: SyncStatus | None = None
        self.setWindowTitle(self.tr("Sync with the coordinating centre"))
        self.setModal(True)
        self.keep_awake = QTimer(self)
        self.keep_awake.setInterval(KEEP_AWAKE_MS)
        self.keep_awake.timeout.connect(store.touch)

        layout = QVBoxLayout(self)
        layout.addWidget(self._pending_box())
        actions = QGridLayout()
        actions.addWidget(self._send_box(), 0, 0)
        actions.addWidget(self._receive_box(), 0, 1)
        layout.addLayout(actions)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sync_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.step = QLabel(self)
        self.step.setObjectName("sync_step")
        self.step.setMinimumWidth(260)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.step)
        layout.addLayout(progress_row)
        self.headline = QLabel(self)
        self.headline.setObjectName("sync_headline")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.results = QPlainTextEdit(self)
        self.results.setObjectName("sync_results")
        self.results.setReadOnly(True)
        self.results.setPlaceholderText(
            self.tr("What each export, upload and import did is listed here.")
        )
        layout.addWidget(self.results, 1)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("close_sync")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        close_row.addWidget(self.close_button)
        layout.addLayout(close_row)
        self.action_buttons = (
            self.export_button,
            self.choose_button,
            self.upload_button,
            self.import_button,
            self.resend_button,
            self.full_button,
            self.close_button,
        )
        self.refresh()
        self.resize(900, 680)

    # -- layout ----------------------------------------------------------------------------------

    def _pending_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Waiting to reach the centre"), self)
        form = QFormLayout(box)
        self.not_exported = self._value_label("pending_not_exported", box)
        self.not_acknowledged = self._value_label("pending_not_acknowledged", box)
        self.open_saes = self._value_label("pending_saes", box)
        self.fingerprints = self._value_label("sync_fingerprints", box)
        self.fingerprints.setWordWrap(True)
        self.allocation_stock = self._value_label("allocation_stock", box)
        self.allocation_stock.setWordWrap(True)
        form.addRow(self.tr("Changes not yet exported:"), self.not_exported)
        form.addRow(self.tr("Exported, not yet acknowledged:"), self.not_acknowledged)
        form.addRow(self.tr("Serious adverse events not yet acknowledged:"), self.open_saes)
        form.addRow(self.tr("Keys:"), self.fingerprints)
        form.addRow(self.tr("Allocation lists:"), self.allocation_stock)
        return box

    def _value_label(self, name: str, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        return label

    def _send_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Send"), self)
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(self.tr("To a USB stick or folder:"), box))
        target_row = QHBoxLayout()
        self.target = QComboBox(box)
        self.target.setObjectName("export_target")
        self.target.setMinimumWidth(260)
        self.choose_button = QPushButton(self.tr("Choose a folder..."), box)
        self.choose_button.setObjectName("choose_export_folder")
        self.choose_button.clicked.connect(self.choose_folder)
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.choose_button)
        layout.addLayout(target_row)
        self.export_button = QPushButton(self.tr("Export new changes to the folder"), box)
        self.export_button.setObjectName("export_bundle")
        self.export_button.clicked.connect(lambda: self.export("incremental"))
        layout.addWidget(self.export_button)
        layout.addSpacing(8)
        self.upload_label = QLabel(box)
        self.upload_label.setObjectName("upload_address")
        self.upload_label.setWordWrap(True)
        layout.addWidget(self.upload_label)
        self.upload_button = QPushButton(self.tr("Upload to the centre"), box)
        self.upload_button.setObjectName("upload_bundles")
        self.upload_button.clicked.connect(self.upload)
        layout.addWidget(self.upload_button)
        layout.addStretch(1)
        return box

    def _receive_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Receive and recover"), self)
        layout = QVBoxLayout(box)
        intro = QLabel(
            self.tr("Receipts, allocation lists and protocol packages from the centre:"), box
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.import_button = QPushButton(self.tr("Import packages from the centre..."), box)
        self.import_button.setObjectName("import_packages")
        self.import_button.clicked.connect(self.choose_packages)
        layout.addWidget(self.import_button)
        layout.addSpacing(8)
        recovery = QLabel(
            self.tr("If the centre lost a bundle (the target folder above is used):"), box
        )
        recovery.setWordWrap(True)
        layout.addWidget(recovery)
        self.resend_button = QPushButton(self.tr("Re-send everything since the last receipt"), box)
        self.resend_button.setObjectName("resend_since_receipt")
        self.resend_button.clicked.connect(lambda: self.export("resend"))
        layout.addWidget(self.resend_button)
        self.full_button = QPushButton(self.tr("Full re-export..."), box)
        self.full_button.setObjectName("full_export")
        self.full_button.clicked.connect(self.full_export)
        layout.addWidget(self.full_button)
        layout.addStretch(1)
        return box

    # -- state -----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.job is not None

    def refresh(self) -> None:
        """Reads the status and the drives again and enables what may run now."""
        try:
            self.status = sync_status(self.store)
        except MscError as error:
            self.status = None
            self.show_outcome(False, error_text(error))
        self._show_status()
        self.refresh_targets()
        self._enable()

    def _show_status(self) -> None:
        status = self.status
        if status is None:
            for label in (
                self.not_exported,
                self.not_acknowledged,
                self.open_saes,
                self.fingerprints,
            ):
                label.clear()
            return
        self.not_exported.setText(
            self.tr("{count} record(s)").format(count=status.changes_not_exported)
        )
        bundles = len(status.outbox)
        self.not_acknowledged.setText(
            self.tr("{count} record(s) in {bundles} bundle(s) kept in the outbox").format(
                count=status.exported_not_acknowledged, bundles=bundles
            )
            if status.exported_not_acknowledged
            else self.tr("none: the centre holds records 1-{seq}").format(
                seq=status.acknowledged_seq
            )
            if status.acknowledged_seq
            else self.tr("none: nothing exported yet")
        )
        self.open_saes.setText(str(status.open_saes_not_acknowledged))
        self.open_saes.setStyleSheet(_ERROR_STYLE if status.open_saes_not_acknowledged else "")
        self._show_allocation_stock()
        site = (
            self.tr("This site: {fingerprint}").format(fingerprint=status.site_fingerprint)
            if status.site_fingerprint
            else self.tr("This site has no key yet.")
        )
        if status.center_fingerprint is None:
            self.fingerprints.setText(
                site
                + "\n"
                + self.tr(
                    "The centre's key is not set up yet, so nothing can be exported: an "
                    "administrator sets it up in Tools > Coordinating centre."
                )
            )
            self.fingerprints.setStyleSheet(_WARN_STYLE)
        else:
            self.fingerprints.setText(
                site
                + "\n"
                + self.tr("Centre: {fingerprint}").format(fingerprint=status.center_fingerprint)
            )
            self.fingerprints.setStyleSheet("")

    def _show_allocation_stock(self) -> None:
        """Entries left per stratum, and the warning when a stratum runs low."""
        try:
            strata = stock(self.store)
            warning = low_stock_warning(self.store)
        except MscError as error:
            self.allocation_stock.setText(error_text(error))
            return
        lines = "; ".join(
            self.tr("stratum {stratum}: {remaining} of {total} left").format(
                stratum=item.stratum, remaining=item.remaining, total=item.total
            )
            for item in strata
        )
        if warning is not None:
            lines += "\n" + localized(warning)
        self.allocation_stock.setText(lines)
        self.allocation_stock.setStyleSheet(_WARN_STYLE if warning is not None else "")

    def refresh_targets(self) -> None:
        """Removable drives first, then a folder chosen earlier; "Choose a folder..." when none."""
        chosen = self.export_folder()
        self.target.clear()
        for drive in removable_drives():
            self.target.addItem(self.tr("USB drive {path}").format(path=drive), str(drive))
        if chosen is not None and self.target.findData(str(chosen)) < 0:
            self.target.addItem(str(chosen), str(chosen))
        if self.target.count() == 0:
            self.target.addItem(self.tr("No USB drive found: choose a folder"), _CHOOSE_FOLDER)
        if chosen is not None:
            self.target.setCurrentIndex(self.target.findData(str(chosen)))

    def export_folder(self) -> Path | None:
        data = self.target.currentData()
        return Path(data) if data else None

    def center_url(self) -> str:
        return site_value(self.store, "center_upload_url")

    def _enable(self) -> None:
        idle = not self.running
        export_problem = permission_problem(self.store, Action.EXPORT)
        if (
            export_problem is None
            and self.status is not None
            and self.status.center_fingerprint is None
        ):
            export_problem = self.tr("The centre's key is not set up at this site yet.")
        url = self.center_url()
        self.upload_label.setText(
            self.tr("Over the internet to {url}").format(url=url)
            if url
            else self.tr(
                "No upload address is set; an administrator can set it in Tools > Coordinating "
                "centre."
            )
        )
        for button in (self.export_button, self.resend_button, self.full_button):
            button.setEnabled(idle and export_problem is None)
            button.setToolTip(export_problem or "")
        self.upload_button.setEnabled(idle and export_problem is None and bool(url))
        self.upload_button.setToolTip(export_problem or ("" if url else self.upload_label.text()))
        for widget in (self.choose_button, self.target, self.import_button, self.close_button):
            widget.setEnabled(idle)

    # -- actions ---------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        start = self.export_folder() or Path.home()
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export to which folder?"), str(start)
        )
        if folder:
            self.set_export_folder(Path(folder))

    def set_export_folder(self, folder: Path) -> None:
        if self.target.findData(str(folder)) < 0:
            self.target.addItem(str(folder), str(folder))
        self.target.setCurrentIndex(self.target.findData(str(folder)))
        for index in range(self.target.count() - 1, -1, -1):
            if self.target.itemData(index) == _CHOOSE_FOLDER:
                self.target.removeItem(index)

    def export(self, mode: ExportMode) -> None:
        folder = self.export_folder()
        if folder is None:
            self.choose_folder()
            folder = self.export_folder()
            if folder is None:
                return
        store = self.store
        self.start(
            lambda progress: export_bundle(store, folder, mode, progress),
            lambda result: self._exported(result, mode),
            self.tr("Exporting"),
        )

    def full_export(self) -> None:
        if confirm(
            self,
            self.tr("Full re-export"),
            self.tr(
                "Write one bundle with every record of this site, for a centre that lost this "
                "site's data? The centre accepts it once and ignores what it already holds."
            ),
            yes=self.tr("Export everything"),
        ):
            self.export("full")

    def _exported(self, result: object, mode: ExportMode) -> None:
        if result is None:
            self.show_outcome(
                True,
                {
                    "incremental": self.tr(
                        "Nothing new to export: every change is already in a bundle."
                    ),
                    "resend": self.tr(
                        "Nothing to re-send: the centre has acknowledged every record."
                    ),
                    "full": self.tr("Nothing to export: this site has no records yet."),
                }[mode],
            )
            return
        assert isinstance(result, ExportResult)
        self.show_outcome(
            True,
            self.tr(
                "Exported records {first}-{last} ({count}) to {path}. Take the file to the "
                "centre, then import its receipt here."
            ).format(
                first=result.from_seq, last=result.to_seq, count=result.row_count, path=result.path
            ),
        )

    def upload(self) -> None:
        url = self.center_url()
        if not url:
            return
        store = self.store
        self.start(
            lambda progress: upload_pending(store, url, progress=progress, fetch_package=True),
            self._uploaded,
            self.tr("Uploading"),
        )

    def _uploaded(self, result: object) -> None:
        results: list[UploadResult] = list(result) if isinstance(result, list) else []
        for line in results:
            self.add_result(localized(line.line()))
        uploads = [u for u in results if u.status not in FETCH_STATUSES]
        rejected = [u for u in uploads if u.status == "rejected"]
        if rejected:
            self.show_outcome(
                False,
                self.tr("The centre rejected {name}: {reason}").format(
                    name=rejected[0].file_name, reason=localized(rejected[0].detail)
                ),
            )
        elif uploads:
            self.show_outcome(
                True,
                self.tr("{count} bundle(s) uploaded; the centre's receipts are recorded.").format(
                    count=len(uploads)
                ),
            )
        else:
            self.show_outcome(True, self.tr("Nothing to upload: the centre holds every record."))

    def choose_packages(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import packages from the centre"),
            str(self.export_folder() or Path.home()),
            self.tr("Centre packages and receipts (*.receipt *.pkg *.mscp *.json);;All files (*)"),
        )
        if paths:
            self.import_files([Path(path) for path in paths])

    def import_files(self, paths: Sequence[Path]) -> None:
        store = self.store
        self.start(
            lambda progress: import_packages(store, list(paths), progress),
            self._imported,
            self.tr("Importing"),
        )

    def _imported(self, result: object) -> None:
        packages: list[PackageResult] = list(result) if isinstance(result, list) else []
        for package in packages:
            self.add_result(localized(package.line()))
        refused = sum(1 for package in packages if not package.ok)
        if refused:
            self.show_outcome(
                False,
                self.tr("{refused} of {count} file(s) refused; see the list below.").format(
                    refused=refused, count=len(packages)
                ),
            )
        else:
            self.show_outcome(
                True, self.tr("{count} file(s) imported.").format(count=len(packages))
            )

    # -- running a job ---------------------------------------------------------------------------

    def start(
        self, work: Callable[[Progress], object], done: Callable[[object], None], what: str
    ) -> None:
        """Runs `work` on a SyncJob with every button disabled; `done(result)` on success."""
        if self.running:
            return
        self.job = SyncJob(work, self)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(done)
        self.job.failed.connect(lambda sentence: self.show_outcome(False, sentence))
        self.job.finished.connect(self._job_finished)
        self.headline.clear()
        self.progress.setTextVisible(True)
        self.progress.setRange(0, 0)
        self.step.setText(self.tr("{step}...").format(step=what))
        self.store.touch()
        self.keep_awake.start()
        self._enable()
        self.job.start()

    def _progressed(self, done: int, total: int, message: object) -> None:
        self.store.touch()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.step.setText(localized(message) if isinstance(message, str) else str(message))

    def _job_finished(self) -> None:
        job = self.job
        self.job = None
        self.keep_awake.stop()
        if job is not None:
            job.wait()
            job.deleteLater()
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.step.clear()
        self.refresh()

    def show_outcome(self, ok: bool, sentence: str) -> None:
        self.headline.setStyleSheet(_OK_STYLE if ok else _ERROR_STYLE)
        self.headline.setText(sentence)
        self.add_result(sentence)

    def add_result(self, line: str) -> None:
        self.results.appendPlainText(f"{datetime.now():%H:%M:%S}  {line}")

    # -- closing ---------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.running:
            self.headline.setStyleSheet(_WARN_STYLE)
            self.headline.setText(
                self.tr("Wait for the current step to finish; it cannot be stopped half-way.")
            )
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def open_sync_panel(parent: QWidget, store: SiteStore) -> SyncPanel:
    """Opens the panel modally over `parent` (the main window's File menu calls this)."""
    panel = SyncPanel(store, parent)
    panel.open()
    return panel
