"""The one save sequence every form uses: errors block, warnings ask, the service decides.

1. The form's own validator runs over every field; errors refuse the save and list what to fix.
2. Warnings are shown and must be confirmed ("Save anyway"); the service records them.
3. The service call runs; if it refuses (`FormRejected`, or any `MscError`), its message is shown
   next to the fields or in a dialog and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import translate
from msc_desktop.gui.widgets.dialogs import confirm, show_error
from msc_desktop.gui.widgets.form_engine import FormView, describe_issues
from msc_desktop.store.services.form_values import FormRejected

T = TypeVar("T")


def save_form(parent: QWidget, view: FormView, call: Callable[[bool], T]) -> T | None:
    """Runs `call(confirm_warnings)` once the form passes; the result, or None if not saved."""
    errors = view.check_before_save()
    if errors:
        count = len(errors)
        QMessageBox.warning(
            parent,
            translate("Saving", "Not saved"),
            (
                translate("Saving", "Fix 1 entry before saving:")
                if count == 1
                else translate("Saving", "Fix {count} entries before saving:").format(count=count)
            )
            + "\n\n"
            + describe_issues(view, errors),
        )
        return None
    confirmed = False
    warnings = view.warnings()
    if warnings:
        if not _confirm_warnings(parent, view, warnings):
            return None
        confirmed = True
    for _attempt in range(2):
        try:
            return call(confirmed)
        except FormRejected as rejected:
            view.touch_all()
            view.show_issues(rejected.issues)
            if rejected.unconfirmed_warnings and not confirmed:
                if not _confirm_warnings(parent, view, rejected.issues):
                    return None
                confirmed = True
                continue
            show_error(parent, rejected)
            return None
        except MscError as error:
            show_error(parent, error)
            return None
    return None


def _confirm_warnings(parent: QWidget, view: FormView, warnings: object) -> bool:
    return confirm(
        parent,
        translate("Saving", "Please check these values"),
        translate("Saving", "These values are unusual:")
        + "\n\n"
        + describe_issues(view, warnings)  # type: ignore[arg-type]
        + "\n\n"
        + translate(
            "Saving", "Save them anyway? Your confirmation is recorded in the audit trail."
        ),
        yes=translate("Saving", "Save anyway"),
        no=translate("Saving", "Go back and check"),
    )
