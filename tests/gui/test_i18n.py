"""Translations: the catalogue covers every tr() string of the GUI, the shipped .qm is compiled
from it, and the translated screens show no English left over; dates follow the language."""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from PySide6.QtWidgets import QLabel, QMenu, QWidget

from msc_desktop.gui.backup_dialog import BackupDialog, RestoreDialog
from msc_desktop.gui.controller import AppController
from msc_desktop.gui.crash_dialog import CrashDialog
from msc_desktop.gui.dialogs import ReasonDialog, SignatureDialog
from msc_desktop.gui.i18n import format_date, install_language, role_label
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.settings_dialog import SettingsDialog
from msc_desktop.gui.site_tools import SiteTools
from msc_desktop.gui.unlock import LockPage, UnlockScreen
from msc_desktop.store.backups import backup_now
from msc_desktop.store.site import SiteStore
from tests.gui.helpers import english_left

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import translations

CATALOGUE = translations.catalogue("zh_CN")


def test_every_translatable_string_has_a_chinese_translation(tmp_path: Path) -> None:
    current = tmp_path / CATALOGUE.name
    shutil.copyfile(CATALOGUE, current)
    translations.update(current, "zh_CN")
    missing = translations.unfinished(current)
    assert missing == [], f"run tools/translations.py and translate: {missing}"
    assert len(list(ElementTree.parse(current).getroot().iter("message"))) == len(
        list(ElementTree.parse(CATALOGUE).getroot().iter("message"))
    ), "the catalogue is out of date: run tools/translations.py"


def test_translations_keep_every_placeholder() -> None:
    for message in ElementTree.parse(CATALOGUE).getroot().iter("message"):
        source = message.findtext("source") or ""
        translated = message.findtext("translation") or ""
        assert sorted(re.findall(r"\{[^}]*\}", source)) == sorted(re.findall(r"\{[^}]*\}", translated)), source


def test_the_shipped_qm_is_compiled_from_the_catalogue(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    translations.compile_catalogue(CATALOGUE, fresh)
    assert fresh.read_bytes() == CATALOGUE.with_suffix(".qm").read_bytes(), "run tools/translations.py"


def test_the_first_screens_are_all_chinese(qtbot: Any, chinese: None, site: SiteStore, tmp_path: Path) -> None:
    new = AppController(tmp_path / "new")
    new.start()
    assert new.setup is not None
    qtbot.addWidget(new.setup)
    assert english_left(new.setup, str(tmp_path)) == []
    assert new.setup.windowTitle() == "MSC Desktop\uff1a\u8bbe\u7f6e\u672c\u4e2d\u5fc3"
    unlock = UnlockScreen(site.data_dir)
    qtbot.addWidget(unlock)
    assert english_left(unlock) == []
    lock = LockPage()
    qtbot.addWidget(lock)
    lock.prepare(site, idle=True)
    assert english_left(lock, site.user.full_name, site.user.user_id) == []


def test_the_menus_and_site_tools_are_all_chinese(qtbot: Any, chinese: None, site: SiteStore, clock: Any) -> None:
    window = MainWindow(site, clock=clock)
    qtbot.addWidget(window)
    SiteTools(AppController(site.data_dir), window)
    for menu in window.menuBar().findChildren(QMenu):
        assert english_left(menu) == [], menu.title()
    assert english_left(window.statusBar(), site.user.full_name, site.user.user_id, site.site_name) == []
    assert role_label("admin") in window.user_label.text()
    assert english_left(window.list_page) == []
    made = backup_now(site)
    for dialog in (SettingsDialog(site), BackupDialog(site), RestoreDialog(made.path, site.data_dir, "01"),
                   CrashDialog("A1B2C3", 1, site.data_dir / "logs" / "msc-desktop.log")):
        qtbot.addWidget(dialog)
        assert english_left(dialog, made.path.name, "A1B2C3") == [], type(dialog).__name__
    reason = ReasonDialog("screening values")
    signature = SignatureDialog(meaning="I confirm eligibility", signer="Ivan Investigator", record="01-0001",
                                sign=lambda _password: None)
    for dialog in (reason, signature):
        qtbot.addWidget(dialog)
    assert english_left(reason, "screening values") == []
    assert english_left(signature, "I confirm eligibility", "Ivan Investigator") == []
    window.close_without_asking = True


def test_an_untranslated_string_is_caught(qtbot: Any, chinese: None) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    QLabel("Record consent", widget)
    assert english_left(widget) == ["Record consent"]


@pytest.mark.parametrize(
    ("language", "stored", "shown"),
    [("zh", "2026-11-29", "2026-11-29"), ("en", "2026-11-29", "29 Nov 2026"),
     ("en", date(2026, 3, 5), "5 Mar 2026"), ("zh", datetime(2026, 3, 5, 23, 0), "2026-03-05")],
)
def test_dates_are_shown_in_the_language_and_stored_iso(language: str, stored: object, shown: str) -> None:
    install_language(language)
    try:
        assert format_date(stored) == shown  # type: ignore[arg-type]
    finally:
        install_language("en")



def test_protocol_forms_show_the_protocol_s_chinese_labels(qtbot: Any, chinese: None) -> None:
    from msc_desktop.domain.protocol import load_protocol
    from msc_desktop.gui.form_engine import FormView

    form = load_protocol().form("consent")
    view = FormView(form, lambda _values: [])
    qtbot.addWidget(view)
    assert english_left(view) == []
    first = form.fields[0]
    assert view.field_label(first.name) == first.label.zh


def test_every_core_sentence_is_a_template_the_catalogue_can_hold() -> None:
    templates, made_before_raising = translations.core_messages()
    assert made_before_raising == [], "write Message(template, **values) instead of an f-string"
    assert "Wrong user name or password." in templates


def test_a_core_error_is_shown_in_chinese(chinese: None) -> None:
    from msc_desktop.errors import AuthenticationError
    from msc_desktop.gui.i18n import error_text

    assert error_text(AuthenticationError("Wrong user name or password.")) == translations_of("Wrong user name or password.")


def translations_of(source: str) -> str:
    for context in ElementTree.parse(CATALOGUE).getroot().iter("context"):
        if context.findtext("name") == translations.CORE_CONTEXT:
            for message in context.iter("message"):
                if message.findtext("source") == source:
                    return message.findtext("translation") or ""
    raise AssertionError(f"{source!r} is not in the catalogue")
