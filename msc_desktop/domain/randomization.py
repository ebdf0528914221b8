"""Randomization lists: permuted blocks, 1:1 MSC vs CONTROL, per site and Child-Pugh stratum.

Source: DESIGN sections 5 and 7. The coordinating center generates, for each site and stratum
(Child-Pugh class B: 7-9, C: 10-15), a permuted-block list with block sizes drawn at random from
2 and 4, balanced 1:1 within each block, from a CSPRNG (`random.SystemRandom`; a seed gives a
reproducible list for tests and audits, the seed stays at the center). The list is at least 1.2
times the site's expected enrolment (any participant may fall in either stratum, so each stratum's
list covers the whole expected enrolment). The center signs `AllocationList.to_dict()`; the site
keeps the list in its encrypted store and reveals one entry at a time with `next_entry`. When a
stratum runs low the center issues continuation lists numbered 2, 3, ... (a new seed, the same
rules), which the site appends in order.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import RuleViolation, ValidationError

Arm = Literal["MSC", "CONTROL"]
ARMS: tuple[Arm, Arm] = ("MSC", "CONTROL")
INFUSED_ARM: Arm = "MSC"
"""The arm that receives the cell infusions (dosing worksheets, infusion counts)."""
LIST_FORMAT = 1
Seed = int | str | bytes


def _generator(seed: Seed | None) -> random.Random:
    return random.SystemRandom() if seed is None else random.Random(seed)


def _check_block_sizes(block_sizes: Sequence[int]) -> tuple[int, ...]:
    sizes = tuple(block_sizes)
    if not sizes or any(
        isinstance(size, bool) or not isinstance(size, int) or size <= 0 or size % 2
        for size in sizes
    ):
        raise ValidationError(
            "Block sizes must be positive even numbers for 1:1 allocation; {sizes} was given.",
            sizes=sizes,
        )
    return sizes


def _block(size: int, rng: random.Random) -> list[Arm]:
    arms: list[Arm] = [ARMS[0]] * (size // 2) + [ARMS[1]] * (size // 2)
    rng.shuffle(arms)
    return arms


def _blocks_covering(length: int, sizes: tuple[int, ...], rng: random.Random) -> list[list[Arm]]:
    blocks: list[list[Arm]] = []
    covered = 0
    while covered < length:
        block = _block(rng.choice(sizes), rng)
        blocks.append(block)
        covered += len(block)
    return blocks


def generate_allocation_list(
    length: int, block_sizes: Sequence[int] = (2, 4), seed: Seed | None = None
) -> list[str]:
    """`length` allocations ("MSC" / "CONTROL") in permuted blocks of randomly chosen size.

    Every complete block is balanced; only the last block may be cut short, so no prefix is more
    than half the largest block out of balance. CSPRNG without a seed, reproducible with one.
    """
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise ValidationError(
            "A list needs at least 1 allocation; {length!r} was given.", length=length
        )
    blocks = _blocks_covering(length, _check_block_sizes(block_sizes), _generator(seed))
    arms: list[str] = [arm for block in blocks for arm in block]
    return arms[:length]


def required_list_length(expected_enrolment: int, protocol: Protocol) -> int:
    """The shortest list the protocol allows for this expected enrolment (ceil of 1.2 x)."""
    if isinstance(expected_enrolment, bool) or not isinstance(expected_enrolment, int):
        raise ValidationError("The expected enrolment must be a whole number.")
    if expected_enrolment < 1:
        raise ValidationError(
            "The expected enrolment must be at least 1; {expected_enrolment} was given.",
            expected_enrolment=expected_enrolment,
        )
    factor = protocol.randomization.list_length_factor
    return math.ceil(Decimal(expected_enrolment) * factor)


def stratum_for_child_pugh(score: int, protocol: Protocol) -> str:
    """The stratum code ("B" or "C") of a Child-Pugh score; class A cannot be randomized."""
    for stratum in protocol.randomization.strata:
        if stratum.child_pugh_min <= score <= stratum.child_pugh_max:
            return stratum.code
    raise ValidationError(
        "A Child-Pugh score of {score} belongs to no randomization stratum.", score=score
    )


@dataclass(frozen=True)
class AllocationEntry:
    """One revealed allocation; `sequence` counts from 1 within its list."""

    list_id: str
    sequence: int
    arm: Arm


@dataclass(frozen=True)
class AllocationList:
    """A site's list for one stratum, made of complete balanced blocks."""

    protocol_id: str
    site_id: str
    stratum: str
    expected_enrolment: int
    block_sizes: tuple[int, ...]
    arms: tuple[Arm, ...]
    created_at: str
    list_number: int = 1

    @property
    def list_id(self) -> str:
        """`XJMSC0001-01-B` for a stratum's first list, `XJMSC0001-01-B-2` for its continuations."""
        first = f"{self.protocol_id}-{self.site_id}-{self.stratum}"
        return first if self.list_number == 1 else f"{first}-{self.list_number}"

    def __len__(self) -> int:
        return len(self.arms)

    def remaining(self, used: int) -> int:
        return len(self.arms) - used

    def next_entry(self, used: int) -> AllocationEntry:
        """The entry after the first `used` ones; `RuleViolation` when the list is exhausted."""
        if used < 0:
            raise ValidationError("The number of used allocations cannot be {used}.", used=used)
        if used >= len(self.arms):
            raise RuleViolation(
                "The allocation list for stratum {stratum} at site {site_id} is used up; ask the "
                "coordinating center for a new list.",
                stratum=self.stratum,
                site_id=self.site_id,
            )
        return AllocationEntry(self.list_id, used + 1, self.arms[used])

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-able form, the exact content the center signs."""
        return {
            "format": LIST_FORMAT,
            "protocol_id": self.protocol_id,
            "site_id": self.site_id,
            "stratum": self.stratum,
            "expected_enrolment": self.expected_enrolment,
            "block_sizes": list(self.block_sizes),
            "arms": list(self.arms),
            "created_at": self.created_at,
            "list_number": self.list_number,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object], protocol: Protocol) -> AllocationList:
        """Rebuild and check a list: blocks balanced and complete, long enough, `protocol`'s."""
        try:
            allocation = cls(
                protocol_id=_text(data["protocol_id"]),
                site_id=_text(data["site_id"]),
                stratum=_text(data["stratum"]),
                expected_enrolment=_integer(data["expected_enrolment"]),
                block_sizes=tuple(_integer(size) for size in _list(data["block_sizes"])),
                arms=tuple(_arm(arm) for arm in _list(data["arms"])),
                created_at=_text(data["created_at"]),
                list_number=_integer(data.get("list_number", 1)),
            )
            if data["format"] != LIST_FORMAT:
                raise ValueError
        except (KeyError, TypeError, ValueError):
            raise ValidationError("The allocation list is malformed.") from None
        allocation.check(protocol)
        return allocation

    def check(self, protocol: Protocol) -> None:
        """Raise `ValidationError` unless the list meets `protocol`'s rules."""
        if self.protocol_id != protocol.protocol_id:
            raise ValidationError(
                "The allocation list is for protocol {listed}, not {expected}.",
                listed=self.protocol_id,
                expected=protocol.protocol_id,
            )
        if self.stratum not in {stratum.code for stratum in protocol.randomization.strata}:
            raise ValidationError(
                "The allocation list has an unknown stratum {stratum}.", stratum=self.stratum
            )
        if self.list_number < 1:
            raise ValidationError(
                "The allocation list number must be 1 or more; {number} was given.",
                number=self.list_number,
            )
        _check_block_sizes(self.block_sizes)
        if sum(self.block_sizes) != len(self.arms):
            raise ValidationError("The allocation list's blocks do not add up to its length.")
        start = 0
        for size in self.block_sizes:
            block = self.arms[start : start + size]
            if block.count("MSC") != block.count("CONTROL"):
                raise ValidationError("The allocation list has an unbalanced block.")
            start += size
        minimum = required_list_length(self.expected_enrolment, protocol)
        if len(self.arms) < minimum:
            raise ValidationError(
                "The allocation list has {entries} entries; at least {minimum} are needed for an "
                "expected enrolment of {expected_enrolment}.",
                entries=len(self.arms),
                minimum=minimum,
                expected_enrolment=self.expected_enrolment,
            )


def build_allocation_list(
    site_id: str,
    stratum: str,
    expected_enrolment: int,
    *,
    created_at: str,
    seed: Seed | None = None,
    block_sizes: Sequence[int] | None = None,
    list_number: int = 1,
    protocol: Protocol | None = None,
) -> AllocationList:
    """A new list of complete blocks covering at least 1.2 x the expected enrolment.

    `created_at` is the UTC time as ISO 8601 text; `block_sizes` default to the protocol's.
    `list_number` 2, 3, ... makes a continuation list (a new seed, the same rules). The rules
    are `protocol`'s (default: the current version).
    """
    protocol = protocol or load_protocol()
    sizes = _check_block_sizes(block_sizes or protocol.randomization.block_sizes)
    if not site_id.strip():
        raise ValidationError("A site id is needed for an allocation list.")
    blocks = _blocks_covering(
        required_list_length(expected_enrolment, protocol), sizes, _generator(seed)
    )
    allocation = AllocationList(
        protocol_id=protocol.protocol_id,
        site_id=site_id,
        stratum=stratum,
        expected_enrolment=expected_enrolment,
        block_sizes=tuple(len(block) for block in blocks),
        arms=tuple(arm for block in blocks for arm in block),
        created_at=created_at,
        list_number=list_number,
    )
    allocation.check(protocol)
    return allocation


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError
    return value


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError
    return value


def _arm(value: object) -> Arm:
    for arm in ARMS:
        if value == arm:
            return arm
    raise ValueError
