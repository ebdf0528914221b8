"""One entry of a protocol declaration, with the path that reached it, for the reader's
errors (`protocol.forms[3].fields[1].oid ...`); and the small checks every part of the reader
makes: codes unique, a range's bounds writable in the declared decimals, an entry retired."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar, cast

from msc_desktop.domain.decimals import decimal_places
from msc_desktop.domain.protocol import LocalizedText, ValueRange
from msc_desktop.errors import ValidationError

_T = TypeVar("_T")


class Node:
    """A value of a declaration `check_shape` has validated, with the path that reached it, for
    the errors of the rules between entries."""

    def __init__(self, value: object, path: str) -> None:
        self.value = value
        self.path = path

    def fail(self, problem: str) -> ValidationError:
        """The error for this entry; `problem` is English, for the protocol file's author."""
        return ValidationError(
            "The protocol definition is invalid: {path} {problem}.", path=self.path, problem=problem
        )

    def has(self, key: str) -> bool:
        return isinstance(self.value, Mapping) and self.value.get(key) is not None

    def __getitem__(self, key: str) -> Node:
        # Only a key required from format 2 on can be missing here.
        values = cast(Mapping[str, object], self.value)
        if key not in values:
            raise self.fail(f'has no "{key}"')
        return Node(values[key], f"{self.path}.{key}")

    def get(self, key: str) -> Node | None:
        return self[key] if self.has(key) else None

    def items(self) -> list[Node]:
        values = cast(list[object], self.value)
        return [Node(item, f"{self.path}[{index}]") for index, item in enumerate(values)]

    def entries(self) -> list[tuple[str, Node]]:
        values = cast(Mapping[str, object], self.value)
        return [(key, Node(item, f"{self.path}.{key}")) for key, item in values.items()]

    def text(self) -> str:
        return cast(str, self.value)

    def optional_text(self) -> str | None:
        return cast(str | None, self.value)

    def integer(self) -> int:
        return cast(int, self.value)

    def optional_integer(self) -> int | None:
        return cast(int | None, self.value)

    def flag(self) -> bool:
        return cast(bool, self.value)

    def decimal(self) -> Decimal:
        return Decimal(cast(int | str, self.value))

    def localized(self) -> LocalizedText:
        return LocalizedText(en=self["en"].text(), zh=self["zh"].text())

    def value_range(self) -> ValueRange:
        return ValueRange(low=self["low"].decimal(), high=self["high"].decimal())


def unique(items: Sequence[_T], key: Callable[[_T], str], node: Node, what: str) -> tuple[_T, ...]:
    seen: set[str] = set()
    for item in items:
        code = key(item)
        if code in seen:
            raise node.fail(f'declares {what} "{code}" twice')
        seen.add(code)
    return tuple(items)


def check_range_decimals(node: Node, hard: ValueRange, decimals: int) -> None:
    """A hard range's bounds are values the declared decimal places can write."""
    for bound in (hard.low, hard.high):
        if decimal_places(bound) > decimals:
            raise node.fail(
                f"has the bound {bound}, with more decimal places than the {decimals} "
                "declared for its unit"
            )


def is_retired(node: Node) -> bool:
    """An entry an amendment retired (`"retired": true`): declared, no longer asked or scheduled."""
    return node["retired"].flag() if node.has("retired") else False
