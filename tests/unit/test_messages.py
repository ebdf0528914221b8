"""Messages: English as a plain string, the template and values kept for the GUI's translation."""

from __future__ import annotations

import pickle

from msc_desktop.domain.protocol import LocalizedText
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message

WEIGHT = LocalizedText(en="Body weight", zh="\u4f53\u91cd")


def test_a_message_is_its_english_sentence() -> None:
    message = Message(
        "{label} must be between {low} and {high} kg; {value!r} was entered.",
        label=WEIGHT,
        low=30,
        high=200,
        value="250",
    )
    assert message == "Body weight must be between 30 and 200 kg; '250' was entered."
    assert message.template.startswith("{label} must be between")


def test_a_message_renders_in_chinese_with_the_translated_template_and_labels() -> None:
    inner = Message("{label} is required.", label=WEIGHT)
    outer = Message("{first} ({count} more to check)", first=inner, count=2)
    catalogue = {
        "{label} is required.": "\u8bf7\u586b\u5199{label}\u3002",
        "{first} ({count} more to check)": (
            "{first}\uff08\u53e6\u6709 {count} \u9879\u5f85\u68c0\u67e5\uff09"
        ),
    }
    shown = outer.render("zh", lambda template: catalogue.get(template, template))
    assert (
        shown
        == "\u8bf7\u586b\u5199\u4f53\u91cd\u3002\uff08\u53e6\u6709 2 \u9879\u5f85\u68c0\u67e5\uff09"
    )
    assert outer.render("en") == "Body weight is required. (2 more to check)"


def test_a_template_without_values_keeps_its_braces() -> None:
    assert Message("Use {name} literally.") == "Use {name} literally."


def test_an_error_carries_its_message_and_survives_pickling() -> None:
    error = ValidationError("Weight {weight} kg is outside 30-200 kg.", weight=250)
    assert str(error) == "Weight 250 kg is outside 30-200 kg."
    assert error.message.params == {"weight": 250}
    again = pickle.loads(pickle.dumps(error.message))
    assert again == error.message and again.template == error.message.template
    passed_on = ValidationError(error.message)
    assert passed_on.message.template == "Weight {weight} kg is outside 30-200 kg."
