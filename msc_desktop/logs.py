"""The app's log: a rotating file in the data folder that never holds participant data.

`setup_logging(data_dir)` writes `logs/msc-desktop.log` (1 MiB per file, 5 old files kept). Every
record passes `ParticipantDataFilter` first: the message is formatted, then anything that could
identify a person or a record is replaced by `[withheld]` (quoted text, which is how exceptions
quote offending values; CJK text; subject ids like 01-0007; record ids; dates; long digit runs
such as phone numbers; e-mail addresses), and an attached exception is reduced to its type, its
withheld message and a traceback of `module:function:line` frames without source lines, paths or
variables. Unexpected exceptions are logged by `log_unexpected`, which returns a short incident
number the user can quote.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_DIR = "logs"
LOG_FILE = "msc-desktop.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
WITHHELD = "[withheld]"
LOGGER_NAME = "msc_desktop"

_IDENTIFYING_PATTERNS = (
    r"'[^']*'",  # quoted text: exceptions quote the value they refused
    r'"[^"]*"',
    r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]+",  # CJK names and free text
    r"[\w.+-]+@[\w-]+\.[\w.-]+",  # e-mail addresses
    # record ids
    r"\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
    r"\b[0-9]{2}-[0-9]{4}\b",  # subject ids
    # dates
    r"\b[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}\b|\b[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}\b",
    r"\+?[0-9][0-9 ()-]{5,}[0-9]",  # phone numbers and other long digit runs
    r"\bS[0-9]{2,}\b",  # screening numbers
)
_IDENTIFYING = re.compile("|".join(_IDENTIFYING_PATTERNS))


def withhold(text: str) -> str:
    """`text` with every span that could identify a participant or a record replaced."""
    return _IDENTIFYING.sub(WITHHELD, text)


def safe_traceback(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The exception type, its message withheld, and the frames as module:function:line."""
    lines = [f"{exc_type.__module__}.{exc_type.__qualname__}: {withhold(str(exc))}"]
    for frame, line_number in traceback.walk_tb(tb):
        module = frame.f_globals.get("__name__", "?")
        lines.append(f"  at {module}:{frame.f_code.co_name}:{line_number}")
    return "\n".join(lines)


class ParticipantDataFilter(logging.Filter):
    """Rewrites each record so that only ids-free text reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = withhold(message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None and record.exc_info[1] is not None:
            record.exc_text = safe_traceback(
                record.exc_info[0], record.exc_info[1], record.exc_info[2]
            )
        elif record.exc_text:
            record.exc_text = withhold(record.exc_text)
        record.exc_info = None
        record.stack_info = None
        return True


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIR / LOG_FILE


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    """Sends the app's logger to the rotating file in `data_dir` (once per folder); returns its
    path."""
    path = log_path(data_dir)
    logger = logging.getLogger(LOGGER_NAME)
    for handler in logger.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.addFilter(ParticipantDataFilter())
    formatter = logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%SZ"
    )
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logger.addHandler(handler)
    logger.setLevel(level)
    return path


def close_logging() -> None:
    """Detaches and closes the file handlers (tests; a data folder being replaced)."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def log_unexpected(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """Logs an unexpected exception with its safe traceback; returns the incident number."""
    incident = secrets.token_hex(3).upper()
    logging.getLogger(f"{LOGGER_NAME}.crash").error(
        "unexpected error, incident %s", incident, exc_info=(exc_type, exc, tb)
    )
    return incident
