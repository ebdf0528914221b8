"""The computer's print queues, spoken to in IPP over the CUPS scheduler's socket (no Qt).

The sheets are PDF and CUPS takes PDF as it is, so a sheet goes to a queue as its own vector PDF
(Print-Job with `document-format application/pdf`), with the sheet's paper as `media`, portrait
orientation, one page per side and `print-scaling none`, whatever the queue's own defaults say:
nothing on the way rescales, turns or rasterizes the layout.

The scheduler is found the way the CUPS tools find it: `CUPS_SERVER`, then `ServerName` in
`~/.cups/client.conf` and `/etc/cups/client.conf`, then the local socket, then localhost:631.
Replies are bounded (`MAX_REPLY`) and parsed defensively (`reports.ipp`); anything unexpected is
a `PrintError` with one sentence, never a traceback. The module (about 400 lines) is the client
(`Cups`) and what it reports (`Printer`, `PrintError`); the wire encoding is in `reports.ipp`.
"""

from __future__ import annotations

import getpass
import http.client
import os
import re
import socket
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from msc_desktop.errors import MscError
from msc_desktop.messages import Message
from msc_desktop.reports.ipp import (
    Attribute,
    Malformed,
    Op,
    Reply,
    Tag,
    Value,
    decode_reply,
    encode_request,
)

#: Largest IPP reply read (a printer list of a big print server stays far below).
MAX_REPLY = 4 * 1024 * 1024
TIMEOUT_S = 15.0
DEFAULT_PORT = 631
LOCAL_SOCKETS = ("/run/cups/cups.sock", "/var/run/cups/cups.sock")
#: IPP media names of the sheets' papers, and their sizes in millimetres.
MEDIA = {"a4": "iso_a4_210x297mm", "letter": "na_letter_8.5x11in"}
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
PAPER_NAMES = {"a4": Message("A4"), "letter": Message("US Letter")}
_MEDIA_SIZE = re.compile(r"_(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(mm|in)$")
_PRINTER_ATTRIBUTES = (
    "printer-name",
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-is-accepting-jobs",
    "printer-info",
    "printer-location",
    "media-default",
    "document-format-supported",
)


class PrintError(MscError):
    """The sheet did not reach the printer; nothing was recorded as printed."""


#: IPP status codes this module names in its sentences.
NOT_FOUND = 0x0406
NOT_ACCEPTING = 0x0506
NOT_AUTHENTICATED = 0x0402
FORBIDDEN = 0x0401
#: printer-state values.
IDLE, PROCESSING, STOPPED = 3, 4, 5
#: job-state values a job keeps once it is done.
JOB_COMPLETED = 9
JOB_DONE = {7: "canceled", 8: "aborted", 9: "completed"}


@dataclass(frozen=True)
class Printer:
    """A queue as the scheduler describes it now."""

    name: str
    state: int
    accepting: bool
    reasons: tuple[str, ...]
    message: str
    info: str
    location: str
    media_default: str
    takes_pdf: bool
    is_default: bool = False

    @property
    def stopped(self) -> bool:
        return self.state == STOPPED

    @property
    def state_word(self) -> str:
        """`idle`, `printing`, `stopped` or `rejecting` (English, for the command line)."""
        if not self.accepting:
            return "rejecting"
        return {IDLE: "idle", PROCESSING: "printing", STOPPED: "stopped"}.get(self.state, "unknown")

    @property
    def loaded_paper(self) -> str | None:
        """The paper the queue is set up for (`media-default`: `a4`, `letter` or another media
        name), None when it does not say. `media-ready` is not used: CUPS makes one up for
        driver-based queues."""
        return paper_of_media(self.media_default) if self.media_default else None

    @property
    def why(self) -> str:
        """The printer's own words for its state (its message, else its state reasons)."""
        reasons = [r for r in self.reasons if r not in ("none", "paused")]
        return self.message.strip() or ", ".join(reasons)


def paper_of_media(media: str) -> str:
    """`a4` or `letter` for a media name of that size (within 2 mm), else the media name."""
    match = _MEDIA_SIZE.search(media)
    if match:
        factor = 25.4 if match.group(3) == "in" else 1.0
        width, height = float(match.group(1)) * factor, float(match.group(2)) * factor
        for paper, (paper_w, paper_h) in PAPER_MM.items():
            if abs(width - paper_w) <= 2 and abs(height - paper_h) <= 2:
                return paper
    return media


# -- the scheduler ---------------------------------------------------------------------------------


def _configured_server(files: Iterable[Path]) -> str | None:
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:1000]
        except OSError:
            continue
        for line in lines:
            words = line.split()
            if len(words) >= 2 and words[0].lower() == "servername":
                return words[1]
    return None


def server_address() -> str:
    """Where the CUPS scheduler is: a socket path, or host[:port]."""
    configured = os.environ.get("CUPS_SERVER", "").strip() or _configured_server(
        (Path.home() / ".cups" / "client.conf", Path("/etc/cups/client.conf"))
    )
    if configured:
        return configured.split("/version=")[0]
    return next((path for path in LOCAL_SOCKETS if Path(path).exists()), "localhost")


class _SocketConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.socket_path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def _connection(address: str) -> http.client.HTTPConnection:
    if address.startswith("/"):
        return _SocketConnection(address, TIMEOUT_S)
    host, port = address, DEFAULT_PORT
    match = re.fullmatch(r"\[?([^\]]+?)\]?:(\d+)", address)
    if match and (":" not in match.group(1) or address.startswith("[")):
        host, port = match.group(1), int(match.group(2))
    return http.client.HTTPConnection(host.strip("[]"), port, timeout=TIMEOUT_S)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "msc-desktop"


class Cups:
    """One scheduler (the computer's, unless `address` names another)."""

    def __init__(self, address: str | None = None) -> None:
        self.address = address or server_address()
        self._request_id = 0

    def _call(
        self,
        path: str,
        operation: Op,
        groups: Sequence[tuple[Tag, Sequence[Attribute]]],
        document: bytes = b"",
    ) -> Reply:
        self._request_id += 1
        body = encode_request(operation, self._request_id, groups) + document
        connection = _connection(self.address)
        try:
            connection.request("POST", path, body, {"Content-Type": "application/ipp"})
            response = connection.getresponse()
            data = response.read(MAX_REPLY + 1)
            status = response.status
        except (OSError, http.client.HTTPException):
            raise PrintError(
                "The printing service of this computer (CUPS) does not answer: "
                "save the PDF instead, or start the printing service and retry."
            ) from None
        finally:
            connection.close()
        if status == 401:
            raise PrintError(
                "The printing service asks for a password this app cannot give: save the PDF"
                " and print it from another program."
            )
        if status != 200 or len(data) > MAX_REPLY:
            raise PrintError(
                "The printing service gave an answer this app does not understand (HTTP {status}):"
                " save the PDF instead, or retry.",
                status=status,
            )
        try:
            return decode_reply(data)
        except (Malformed, struct.error):
            raise PrintError(
                "The printing service gave an answer this app does not understand: save the PDF"
                " instead, or retry."
            ) from None

    @staticmethod
    def _operation(*extra: Attribute) -> tuple[Tag, list[Attribute]]:
        return (
            Tag.OPERATION,
            [
                Attribute(Tag.CHARSET, "attributes-charset", ("utf-8",)),
                Attribute(Tag.LANGUAGE, "attributes-natural-language", ("en",)),
                *extra,
            ],
        )

    @staticmethod
    def printer_uri(name: str) -> str:
        return f"ipp://localhost/printers/{quote(name, safe='')}"

    # -- queries -----------------------------------------------------------------------------------

    def printers(self) -> list[Printer]:
        """Every queue, the default one marked; an empty list when none is installed."""
        reply = self._call(
            "/",
            Op.CUPS_GET_PRINTERS,
            [
                self._operation(
                    Attribute(Tag.KEYWORD, "requested-attributes", _PRINTER_ATTRIBUTES),
                )
            ],
        )
        if not reply.ok and reply.status != NOT_FOUND:
            raise self._refusal(reply, "")
        default = self.default_name()
        queues = [
            _printer(attrs, default) for attrs in reply.of(Tag.PRINTER) if attrs.get("printer-name")
        ]
        return sorted(queues, key=lambda p: p.name.lower())

    def default_name(self) -> str | None:
        reply = self._call(
            "/",
            Op.CUPS_GET_DEFAULT,
            [
                self._operation(
                    Attribute(Tag.KEYWORD, "requested-attributes", ("printer-name",)),
                )
            ],
        )
        names = (
            [attrs.get("printer-name", ()) for attrs in reply.of(Tag.PRINTER)] if reply.ok else []
        )
        return str(names[0][0]) if names and names[0] else None

    def printer(self, name: str) -> Printer:
        """The queue `name` now; PrintError when it is not installed."""
        reply = self._call(
            f"/printers/{quote(name, safe='')}",
            Op.GET_PRINTER_ATTRIBUTES,
            [
                self._operation(
                    Attribute(Tag.URI, "printer-uri", (self.printer_uri(name),)),
                    Attribute(Tag.KEYWORD, "requested-attributes", _PRINTER_ATTRIBUTES),
                )
            ],
        )
        printers = reply.of(Tag.PRINTER)
        if not reply.ok or not printers:
            raise self._refusal(reply, name)
        return _printer(printers[0], self.default_name())

    def job_state(self, job_id: int) -> int:
        """The job's IPP job-state (3 pending ... 9 completed)."""
        reply = self._call(
            "/jobs",
            Op.GET_JOB_ATTRIBUTES,
            [
                self._operation(
                    Attribute(Tag.URI, "job-uri", (f"ipp://localhost/jobs/{job_id}",)),
                    Attribute(Tag.KEYWORD, "requested-attributes", ("job-state",)),
                )
            ],
        )
        jobs = reply.of(Tag.JOB)
        state = jobs[0].get("job-state", ()) if jobs else ()
        if not reply.ok or not state or not isinstance(state[0], int):
            raise PrintError("Print job {job} is not known to the printing service.", job=job_id)
        return state[0]

    # -- printing ----------------------------------------------------------------------------------

    def submit(
        self, name: str, pdf: bytes, *, title: str, paper: str, pages: tuple[int, int] | None = None
    ) -> int:
        """Sends `pdf` to queue `name` as one job; returns the job id the queue gave it."""
        job_attributes = [
            Attribute(Tag.KEYWORD, "media", (MEDIA[paper],)),
            Attribute(Tag.ENUM, "orientation-requested", (3,)),  # portrait: the sheets are
            Attribute(Tag.KEYWORD, "print-scaling", ("none",)),
            Attribute(Tag.INTEGER, "number-up", (1,)),
            Attribute(Tag.INTEGER, "copies", (1,)),
        ]
        if pages is not None:
            job_attributes.append(Attribute(Tag.RANGE, "page-ranges", (pages,)))
        reply = self._call(
            f"/printers/{quote(name, safe='')}",
            Op.PRINT_JOB,
            [
                self._operation(
                    Attribute(Tag.URI, "printer-uri", (self.printer_uri(name),)),
                    Attribute(Tag.NAME, "requesting-user-name", (_user(),)),
                    Attribute(Tag.NAME, "job-name", (title[:200],)),
                    Attribute(Tag.MIME, "document-format", ("application/pdf",)),
                ),
                (Tag.JOB, job_attributes),
            ],
            pdf,
        )
        jobs = reply.of(Tag.JOB)
        job_id = jobs[0].get("job-id", ()) if jobs else ()
        if not reply.ok or not job_id or not isinstance(job_id[0], int):
            raise self._refusal(reply, name, submitting=True)
        return job_id[0]

    @staticmethod
    def _refusal(reply: Reply, name: str, *, submitting: bool = False) -> PrintError:
        said = (
            ", ".join(str(v) for v in reply.operation("status-message"))
            or f"IPP status 0x{reply.status:04x}"
        )
        if reply.status == NOT_FOUND and name:
            return PrintError(
                "Printer {printer} is not installed on this computer (any more): choose another"
                " printer, or save the PDF instead.",
                printer=name,
            )
        if reply.status == NOT_ACCEPTING:
            return PrintError(
                "Printer {printer} is not accepting jobs now: choose another printer, retry when"
                " it accepts jobs again, or save the PDF instead.",
                printer=name,
            )
        if reply.status in (NOT_AUTHENTICATED, FORBIDDEN):
            return PrintError(
                "The printing service does not let this user print on {printer}: choose another"
                " printer, or save the PDF instead.",
                printer=name,
            )
        if submitting:
            return PrintError(
                "Printer {printer} refused the sheet ({problem}): retry, choose another printer,"
                " or save the PDF instead.",
                printer=name,
                problem=said,
            )
        return PrintError(
            "The printing service refused the request ({problem}): retry, or save the PDF instead.",
            problem=said,
        )


def _printer(attrs: Mapping[str, tuple[Value, ...]], default: str | None) -> Printer:
    def first(name: str, fallback: Value) -> Value:
        values = attrs.get(name, ())
        return values[0] if values else fallback

    name = str(first("printer-name", ""))
    state = first("printer-state", IDLE)
    return Printer(
        name=name,
        state=state if isinstance(state, int) and not isinstance(state, bool) else IDLE,
        accepting=first("printer-is-accepting-jobs", True) is not False,
        reasons=tuple(str(v) for v in attrs.get("printer-state-reasons", ())),
        message=str(first("printer-state-message", "")),
        info=str(first("printer-info", "")),
        location=str(first("printer-location", "")),
        media_default=str(first("media-default", "")),
        takes_pdf=not attrs.get("document-format-supported")
        or "application/pdf" in attrs.get("document-format-supported", ()),
        is_default=name == default,
    )
