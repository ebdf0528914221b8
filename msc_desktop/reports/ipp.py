"""IPP (RFC 8010) as the print queues need it: a request encoded, a reply decoded (bounded,
defensive: a broken reply raises `Malformed`; collections are skipped). No sockets here: the
scheduler is spoken to by `reports.cups`."""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum


class Op(IntEnum):
    PRINT_JOB = 0x0002
    GET_JOB_ATTRIBUTES = 0x0009
    GET_PRINTER_ATTRIBUTES = 0x000B
    CUPS_GET_DEFAULT = 0x4001
    CUPS_GET_PRINTERS = 0x4002


class Tag(IntEnum):
    OPERATION = 0x01
    JOB = 0x02
    END = 0x03
    PRINTER = 0x04
    INTEGER = 0x21
    BOOLEAN = 0x22
    ENUM = 0x23
    RANGE = 0x33
    BEGIN_COLLECTION = 0x34
    END_COLLECTION = 0x37
    TEXT = 0x41
    NAME = 0x42
    KEYWORD = 0x44
    URI = 0x45
    CHARSET = 0x47
    LANGUAGE = 0x48
    MIME = 0x49


Value = int | bool | str | tuple[int, int]


@dataclass(frozen=True)
class Attribute:
    tag: Tag
    name: str
    values: tuple[Value, ...]


def _encode_value(tag: Tag, value: Value) -> bytes:
    if tag in (Tag.INTEGER, Tag.ENUM):
        assert isinstance(value, int)
        return struct.pack(">i", value)
    if tag is Tag.BOOLEAN:
        return b"\x01" if value else b"\x00"
    if tag is Tag.RANGE:
        assert isinstance(value, tuple)
        return struct.pack(">ii", *value)
    return str(value).encode("utf-8")


def encode_request(
    operation: Op, request_id: int, groups: Sequence[tuple[Tag, Sequence[Attribute]]]
) -> bytes:
    out = bytearray(struct.pack(">BBHI", 2, 0, operation, request_id))
    for group, attributes in groups:
        out.append(group)
        for attribute in attributes:
            for index, value in enumerate(attribute.values):
                name = b"" if index else attribute.name.encode("ascii")
                data = _encode_value(attribute.tag, value)
                out += struct.pack(">BH", attribute.tag, len(name)) + name
                out += struct.pack(">H", len(data)) + data
    out.append(Tag.END)
    return bytes(out)


@dataclass(frozen=True)
class Reply:
    status: int
    groups: tuple[tuple[int, Mapping[str, tuple[Value, ...]]], ...]

    @property
    def ok(self) -> bool:
        return self.status < 0x0100

    def operation(self, name: str) -> tuple[Value, ...]:
        return next((attrs.get(name, ()) for tag, attrs in self.groups if tag == Tag.OPERATION), ())

    def of(self, tag: Tag) -> list[Mapping[str, tuple[Value, ...]]]:
        return [attrs for group, attrs in self.groups if group == tag]


class Malformed(Exception):
    """The reply is not IPP."""


def _decode_value(tag: int, data: bytes) -> Value:
    if tag in (Tag.INTEGER, Tag.ENUM) and len(data) == 4:
        return int(struct.unpack(">i", data)[0])
    if tag == Tag.BOOLEAN and len(data) == 1:
        return data != b"\x00"
    if tag == Tag.RANGE and len(data) == 8:
        low, high = struct.unpack(">ii", data)
        return (int(low), int(high))
    if 0x40 <= tag <= 0x4F:
        return data.decode("utf-8", "replace")
    if tag in (0x35, 0x36) and len(data) >= 2:  # text/name with language: skip the language
        skip = struct.unpack(">H", data[:2])[0]
        rest = data[2 + skip :]
        return rest[2:].decode("utf-8", "replace") if len(rest) >= 2 else ""
    return data.hex()


def decode_reply(data: bytes) -> Reply:
    """The status and attribute groups of an IPP reply; collections are skipped."""
    if len(data) < 8:
        raise Malformed
    _major, _minor, status, _request = struct.unpack(">BBHI", data[:8])
    position, groups = 8, []
    current: dict[str, list[Value]] | None = None
    name, depth = "", 0
    while True:
        if position >= len(data):
            raise Malformed
        tag = data[position]
        position += 1
        if tag == Tag.END:
            break
        if tag < 0x10:
            current = {}
            groups.append((tag, current))
            continue
        if current is None or position + 2 > len(data):
            raise Malformed
        name_length = struct.unpack(">H", data[position : position + 2])[0]
        attribute_name = data[position + 2 : position + 2 + name_length].decode("utf-8", "replace")
        position += 2 + name_length
        if position + 2 > len(data):
            raise Malformed
        value_length = struct.unpack(">H", data[position : position + 2])[0]
        value = data[position + 2 : position + 2 + value_length]
        position += 2 + value_length
        if position > len(data):
            raise Malformed
        if tag == Tag.BEGIN_COLLECTION:
            depth += 1
            if depth == 1 and attribute_name:
                name = attribute_name
            continue
        if tag == Tag.END_COLLECTION:
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if attribute_name:
            name = attribute_name
        if tag in (0x10, 0x12, 0x13):  # unsupported, unknown, no-value
            current.setdefault(name, [])
            continue
        current.setdefault(name, []).append(_decode_value(tag, value))
    return Reply(
        status, tuple((tag, {k: tuple(v) for k, v in attrs.items()}) for tag, attrs in groups)
    )
