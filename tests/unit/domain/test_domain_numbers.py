"""Numbers typed by people: what `to_decimal` accepts, and how a ratio reads in a sentence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from msc_desktop.domain.decimals import to_decimal
from msc_desktop.domain.forms import clean_form
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message
from tests.catalogue import translate

PROTOCOL = load_protocol()


@pytest.mark.parametrize("text", ["1_0", "1_000", "_1", "2.5_0"])
def test_underscores_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        to_decimal(text, Message("Weight"))
    assert str(raised.value) == f'Weight must be a number without "_"; "{text}" was entered.'


@pytest.mark.parametrize(("text", "value"), [("１０", "10"), ("６２.５", "62.5"), (" 7 ", "7")])
def test_full_width_digits_are_numbers(text: str, value: str) -> None:
    assert to_decimal(text, Message("Weight")) == Decimal(value)


def test_an_inr_reads_without_the_word_ratio() -> None:
    cleaned = clean_form(
        "screening",
        {"inr": {"value": "6", "unit": "ratio"}},
        today=date(2026, 11, 29),
        protocol=PROTOCOL,
    )
    [issue] = [issue for issue in cleaned.issues if issue.field == "inr"]
    assert issue.message == "INR of 6 is unusual (expected between 0.8 and 5); please check it."
    assert "ratio" not in issue.message.render("zh", translate)
