"""SAS XPORT version 5 transport files (the format regulators accept for SDTM and ADaM datasets).

Written from the SAS technical note TS-140 ("The record layout of a data set in SAS transport
(XPORT) format"): 80-byte header records (library, member, descriptor, NAMESTR and OBS headers),
one 140-byte NAMESTR per variable, then the observations, each record padded with blanks to a
multiple of 80 bytes. Numbers are 8-byte IBM System/360 floating point (hexadecimal exponent,
56-bit fraction: every IEEE double converts exactly); a missing number is the SAS missing value
".". Character values are blank-padded to the variable's length, the longest value in bytes
(UTF-8; at least 1, at most 200 as version 5 allows: a longer value is refused, never cut).
Names are at most 8 characters, labels 40.
"""

from __future__ import annotations

import math
import struct
from datetime import datetime
from decimal import Decimal, InvalidOperation

from msc_desktop.central.datasets import Dataset
from msc_desktop.errors import SyncError

MAX_TEXT_BYTES = 200
_MISSING = b"\x2e" + b"\x00" * 7


def _header(name: str, numbers: str = "0" * 30) -> bytes:
    return f"HEADER RECORD*******{name:<8}HEADER RECORD!!!!!!!{numbers}  ".encode("ascii")


def _stamp(moment: datetime) -> bytes:
    return moment.strftime("%d%b%y:%H:%M:%S").upper().encode("ascii")


def ibm_float(value: float) -> bytes:
    """An IEEE double as an 8-byte IBM hexadecimal float (exact)."""
    if value == 0:
        return b"\x00" * 8
    if math.isnan(value) or math.isinf(value):
        return _MISSING
    sign = 0x80 if value < 0 else 0
    fraction, exponent = math.frexp(abs(value))
    hex_exponent = -(-exponent // 4)
    mantissa = int(fraction * 2.0 ** (56 + exponent - 4 * hex_exponent))
    if not 0 <= hex_exponent + 64 <= 127:
        raise SyncError(f"The number {value} cannot be written to a SAS transport file.")
    return bytes([sign | (hex_exponent + 64)]) + mantissa.to_bytes(7, "big")


def _number(text: str) -> bytes:
    if not text:
        return _MISSING
    try:
        return ibm_float(float(Decimal(text)))
    except (InvalidOperation, ValueError):
        raise SyncError(f"The value {text!r} of a numeric variable is not a number.") from None


def _pad(data: bytes) -> bytes:
    return data + b" " * (-len(data) % 80)


def _text(value: str, width: int, what: str) -> bytes:
    data = value.encode("ascii", "strict") if value.isascii() else value.encode("utf-8")
    if len(data) > width:
        raise SyncError(f"{what} is longer than {width} bytes.")
    return data.ljust(width, b" ")


def text_lengths(dataset: Dataset) -> list[int]:
    """Each variable's length: 8 for numbers; for text the longest value in bytes (at least 1)."""
    lengths = []
    for index, variable in enumerate(dataset.variables):
        if variable.numeric:
            lengths.append(8)
            continue
        longest = max((len(row[index].encode("utf-8")) for row in dataset.rows), default=1)
        if longest > MAX_TEXT_BYTES:
            raise SyncError(
                f"A value of {dataset.name}.{variable.name} is longer than "
                f"{MAX_TEXT_BYTES} bytes, the most a SAS version 5 transport file "
                f"holds."
            )
        lengths.append(max(longest, 1))
    return lengths


def write_xpt(dataset: Dataset, created: datetime) -> bytes:
    """The dataset as a SAS XPORT v5 file (one member)."""
    if len(dataset.name) > 8 or any(len(name) > 8 for name in dataset.names):
        raise SyncError(f"The dataset {dataset.name} has a name longer than 8 characters.")
    stamp = _stamp(created)
    out = bytearray()
    out += _header("LIBRARY")
    out += b"SAS     SAS     SASLIB  9.4     " + b"X64_LIN " + b" " * 24 + stamp
    out += stamp + b" " * 64
    out += _header("MEMBER", "000000000000000001600000000140")
    out += _header("DSCRPTR")
    out += (
        b"SAS     "
        + _text(dataset.name, 8, "The dataset name")
        + b"SASDATA 9.4     "
        + b"X64_LIN "
        + b" " * 24
        + stamp
    )
    out += stamp + b" " * 16 + _text(dataset.label[:40], 40, "The label") + b" " * 8
    lengths = text_lengths(dataset)
    out += _header("NAMESTR", f"000000{len(dataset.variables):04d}" + "0" * 20)
    names = bytearray()
    position = 0
    for number, (variable, length) in enumerate(zip(dataset.variables, lengths), start=1):
        names += struct.pack(
            ">hhhh8s40s8shhh2s8shhl52s",
            1 if variable.numeric else 2,
            0,
            length,
            number,
            _text(variable.name, 8, "A variable name"),
            _text(variable.label[:40], 40, "A variable label"),
            b" " * 8,
            0,
            0,
            0,
            b"\x00\x00",
            b" " * 8,
            0,
            0,
            position,
            b"\x00" * 52,
        )
        position += length
    out += _pad(bytes(names))
    out += _header("OBS")
    records = bytearray()
    for row in dataset.rows:
        for value, variable, length in zip(row, dataset.variables, lengths):
            if variable.numeric:
                records += _number(value)
            else:
                records += _text(value, length, f"A value of {dataset.name}.{variable.name}")
    out += _pad(bytes(records))
    return bytes(out)
