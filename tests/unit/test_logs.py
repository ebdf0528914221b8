"""The log file: rotating, in the data folder, and free of participant data."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from msc_desktop import logs


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = logs.setup_logging(tmp_path / "data")
    yield path
    logs.close_logging()


def _flush() -> None:
    for handler in logging.getLogger(logs.LOGGER_NAME).handlers:
        handler.flush()


@pytest.mark.parametrize(
    "identifying",
    [
        "01-0007",
        "Wang Li",
        "王丽",
        "138 0000 0012",
        "1962-03-15",
        "15/03/1962",
        "S012",
        "5f0c3a9e8d7b4c2a9e1f0b6d3c8a7e21",
        "wang.li@example.cn",
    ],
)
def test_identifying_text_never_reaches_the_file(log_file: Path, identifying: str) -> None:
    logger = logging.getLogger("msc_desktop.gui.test")
    logger.warning(
        "saving %s failed", identifying if identifying != "Wang Li" else repr(identifying)
    )
    try:
        raise ValueError(f"invalid literal for int() with base 10: {identifying!r}")
    except ValueError:
        logger.exception("could not parse")
    _flush()
    text = log_file.read_text(encoding="utf-8")
    assert identifying not in text
    assert text.count(logs.WITHHELD) >= 2
    assert "saving [withheld] failed" in text


def test_safe_messages_pass_unchanged(log_file: Path) -> None:
    logging.getLogger("msc_desktop.store").info("backup written; %d backups kept", 10)
    _flush()
    assert "INFO msc_desktop.store: backup written; 10 backups kept" in log_file.read_text()


def test_an_unexpected_exception_is_logged_with_frames_but_no_source(log_file: Path) -> None:
    def explode(name: str) -> None:
        raise KeyError(name)

    try:
        explode("Zhang Wei")
    except KeyError as error:
        incident = logs.log_unexpected(KeyError, error, error.__traceback__)
    _flush()
    text = log_file.read_text()
    assert f"unexpected error, incident {incident}" in text
    assert "builtins.KeyError: [withheld]" in text
    assert "test_logs:explode:" in text
    assert (
        "Zhang Wei" not in text and "raise KeyError" not in text and str(Path(__file__)) not in text
    )


def test_the_log_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.setup_logging(tmp_path)
    try:
        for n in range(200):
            logging.getLogger("msc_desktop.test").info("line %d of a long run of harmless lines", n)
    finally:
        logs.close_logging()
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated[:3] == ["msc-desktop.log", "msc-desktop.log.1", "msc-desktop.log.2"]
    assert len(rotated) == logs.BACKUP_COUNT + 1
    assert all(p.stat().st_size <= 2000 for p in path.parent.iterdir())


def test_setting_up_twice_adds_one_handler(tmp_path: Path) -> None:
    try:
        logs.setup_logging(tmp_path)
        logs.setup_logging(tmp_path)
        assert len(logging.getLogger(logs.LOGGER_NAME).handlers) == 1
    finally:
        logs.close_logging()
