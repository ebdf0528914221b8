"""A long sync call (export, upload, import) run off the GUI thread, its progress sent back as it
goes and every failure turned into one sentence for the panel."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QWidget

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import error_text
from msc_desktop.sync.progress import Progress

log = logging.getLogger("msc_desktop.gui.sync")


class SyncJob(QThread):
    """Runs `work(progress)` off the GUI thread; ends with `succeeded(result)` or
    `failed(sentence)`.

    The progress text travels as an object, so that a core `Message` reaches the panel whole and is
    shown in the interface language there."""

    progressed = Signal(int, int, object)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Progress], object], parent: QWidget) -> None:
        super().__init__(parent)
        self.work = work

    def run(self) -> None:
        try:
            result = self.work(self.progressed.emit)
        except MscError as error:
            self.failed.emit(error_text(error))
        except OSError as error:
            self.failed.emit(
                self.tr("The files could not be read or written: {reason}.").format(
                    reason=error.strerror or error
                )
            )
        except Exception as error:  # a thread's exception would otherwise leave the panel blocked
            log.exception("sync job failed: %s", type(error).__name__)
            self.failed.emit(
                self.tr(
                    "The sync stopped because of an unexpected {error}; nothing was marked as "
                    "sent, and the log has the details."
                ).format(error=type(error).__name__)
            )
        else:
            self.succeeded.emit(result)
