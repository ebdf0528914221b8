"""The IPP client of reports/cups.py and reports/ipp.py without a scheduler: encoding, hostile
or broken replies, paper names, finding the scheduler. The real queue is exercised in
tests/e2e/test_print_queue.py."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from msc_desktop.reports import cups
from msc_desktop.reports.cups import Cups, PrintError, paper_of_media
from msc_desktop.reports.ipp import (
    Attribute,
    Malformed,
    Op,
    Tag,
    decode_reply,
    encode_request,
)


def reply(status: int, *attributes: tuple[int, str, bytes], group: int = Tag.PRINTER) -> bytes:
    body = struct.pack(">BBHI", 2, 0, status, 1) + bytes([Tag.OPERATION]) + bytes([group])
    for tag, name, value in attributes:
        body += (
            struct.pack(">BH", tag, len(name))
            + name.encode()
            + struct.pack(">H", len(value))
            + value
        )
    return body + bytes([Tag.END])


def test_a_request_encodes_names_once_and_extra_values_without_a_name() -> None:
    data = encode_request(
        Op.GET_PRINTER_ATTRIBUTES,
        7,
        [
            (
                Tag.OPERATION,
                [
                    Attribute(
                        Tag.KEYWORD, "requested-attributes", ("printer-name", "printer-state")
                    ),
                ],
            )
        ],
    )
    assert data[:8] == struct.pack(">BBHI", 2, 0, 0x000B, 7)
    assert data[8] == Tag.OPERATION and data[-1] == Tag.END
    assert data[9:] == (
        b"\x44\x00\x14requested-attributes\x00\x0cprinter-name\x44\x00\x00\x00\x0dprinter-state\x03"
    )


def test_a_reply_decodes_values_and_skips_collections() -> None:
    data = reply(
        0,
        (Tag.NAME, "printer-name", b"Ward-2"),
        (Tag.ENUM, "printer-state", struct.pack(">i", 5)),
        (Tag.BOOLEAN, "printer-is-accepting-jobs", b"\x00"),
        (Tag.BEGIN_COLLECTION, "media-col-default", b""),
        (0x4A, "", b"media-size"),
        (Tag.END_COLLECTION, "", b""),
        (Tag.KEYWORD, "printer-state-reasons", b"paused"),
        (Tag.KEYWORD, "", b"media-empty"),
    )
    printer = decode_reply(data).of(Tag.PRINTER)[0]
    assert printer["printer-name"] == ("Ward-2",) and printer["printer-state"] == (5,)
    assert printer["printer-is-accepting-jobs"] == (False,)
    assert printer["printer-state-reasons"] == ("paused", "media-empty")
    assert "media-col-default" not in printer


@pytest.mark.parametrize(
    "data", [b"", b"\x02\x00", reply(0)[:-1], reply(0, (Tag.NAME, "x", b"abc"))[:-3]]
)
def test_a_truncated_reply_is_refused(data: bytes) -> None:
    with pytest.raises(Malformed):
        decode_reply(data)


@pytest.mark.parametrize(
    ("media", "paper"),
    [
        ("iso_a4_210x297mm", "a4"),
        ("na_letter_8.5x11in", "letter"),
        ("om_a4-ish_211x296mm", "a4"),
        ("iso_a5_148x210mm", "iso_a5_148x210mm"),
        ("custom", "custom"),
    ],
)
def test_media_names_are_read_by_their_size(media: str, paper: str) -> None:
    assert paper_of_media(media) == paper


def test_the_scheduler_is_found_like_the_cups_tools_find_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CUPS_SERVER", "print.example.org:8631/version=1.1")
    assert cups.server_address() == "print.example.org:8631"
    monkeypatch.delenv("CUPS_SERVER")
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".cups").mkdir()
    (tmp_path / ".cups" / "client.conf").write_text("# comment\nServerName /run/other.sock\n")
    assert cups.server_address() == "/run/other.sock"


@pytest.fixture
def answering(tmp_path: Path) -> Iterator[tuple[Path, list[bytes]]]:
    """A socket that answers each connection with the next canned HTTP response."""
    path = tmp_path / "fake.sock"
    answers: list[bytes] = []
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(4)

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                _read_request(connection)
                connection.sendall(answers.pop(0) if answers else b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield path, answers
    server.close()


def _read_request(connection: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(4096)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        body += connection.recv(4096)


def http(status: int, body: bytes) -> bytes:
    return (
        f"HTTP/1.1 {status} X\r\nContent-Length: {len(body)}\r\nContent-Type: "
        "application/ipp\r\n\r\n"
    ).encode() + body


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        (http(200, b"\x02\x00\x00"), "an answer this app does not understand: save the PDF"),
        (http(500, b""), "does not understand (HTTP 500)"),
        (http(401, b""), "asks for a password"),
        (b"garbage", "does not answer"),
        (http(200, reply(0x0406)), "Printer Ward-2 is not installed on this computer"),
        (http(200, reply(0x0400)), "The printing service refused the request (IPP status 0x0400)"),
    ],
)
def test_a_broken_or_refusing_scheduler_is_one_sentence(
    answering: tuple[Path, list[bytes]], answer: bytes, sentence: str
) -> None:
    path, answers = answering
    answers.append(answer)
    with pytest.raises(
        PrintError, match=sentence.replace("(", r"\(").replace(")", r"\)")
    ) as refused:
        Cups(str(path)).printer("Ward-2")
    assert "\n" not in str(refused.value)


def test_an_oversized_reply_is_not_read_whole(
    answering: tuple[Path, list[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, answers = answering
    monkeypatch.setattr(cups, "MAX_REPLY", 100)
    answers.append(http(200, reply(0, (Tag.TEXT, "printer-info", b"x" * 500))))
    with pytest.raises(PrintError, match="does not understand"):
        Cups(str(path)).printer("Ward-2")


def test_no_scheduler_at_all(tmp_path: Path) -> None:
    with pytest.raises(PrintError, match=r"\(CUPS\) does not answer"):
        Cups(str(tmp_path / "none.sock")).printers()
