"""Allocation lists (balance, reproducibility, length rule, JSON round trip) and order of events."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msc_desktop.domain.events import ParticipantState, blocking_reasons, require_allowed
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.randomization import (
    ARMS,
    AllocationList,
    build_allocation_list,
    generate_allocation_list,
    required_list_length,
    stratum_for_child_pugh,
)
from msc_desktop.errors import RuleViolation, ValidationError

PROTOCOL = load_protocol()

CREATED = "2026-11-29T03:00:00Z"


def test_arms_match_the_protocol() -> None:
    assert load_protocol().arm_codes == ARMS


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=200), st.integers())
def test_every_prefix_within_two_and_complete_blocks_balanced(length: int, seed: int) -> None:
    arms = generate_allocation_list(length, seed=seed)
    assert len(arms) == length
    difference = 0
    for arm in arms:
        difference += 1 if arm == "MSC" else -1
        assert abs(difference) <= 2


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=60), st.integers())
def test_built_lists_are_complete_balanced_blocks(expected: int, seed: int) -> None:
    allocation = build_allocation_list("01", "B", expected, created_at=CREATED, seed=seed)
    assert len(allocation) >= expected * 1.2
    assert set(allocation.block_sizes) <= {2, 4}
    start = 0
    for size in allocation.block_sizes:
        block = allocation.arms[start : start + size]
        assert block.count("MSC") == block.count("CONTROL")
        start += size
    assert start == len(allocation)


def test_seed_reproduces_and_no_seed_varies() -> None:
    assert generate_allocation_list(40, seed=7) == generate_allocation_list(40, seed=7)
    draws = {tuple(generate_allocation_list(40)) for _ in range(5)}
    assert len(draws) > 1


def test_block_sizes_are_mixed() -> None:
    allocation = build_allocation_list("01", "C", 100, created_at=CREATED, seed=1)
    assert set(allocation.block_sizes) == {2, 4}


@pytest.mark.parametrize(("expected", "minimum"), [(1, 2), (10, 12), (11, 14), (25, 30)])
def test_length_rule(expected: int, minimum: int) -> None:
    assert required_list_length(expected, PROTOCOL) == minimum


def test_round_trip_through_json_and_one_entry_at_a_time() -> None:
    allocation = build_allocation_list("01", "B", 10, created_at=CREATED, seed=3)
    restored = AllocationList.from_dict(json.loads(json.dumps(allocation.to_dict())), PROTOCOL)
    assert restored == allocation
    first = restored.next_entry(0)
    assert (first.sequence, first.arm) == (1, allocation.arms[0])
    assert restored.next_entry(5).arm == allocation.arms[5]
    with pytest.raises(RuleViolation, match="used up"):
        restored.next_entry(len(allocation))


def _tampered(change: Any) -> dict[str, Any]:
    data = build_allocation_list("01", "B", 10, created_at=CREATED, seed=3).to_dict()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(expected_enrolment=100), "at least 120 are needed"),
        (lambda d: d.update(arms=d["arms"][:-1]), "do not add up"),
        (lambda d: d["arms"].__setitem__(0, "CONTROL" if d["arms"][0] == "MSC" else "MSC"),
         "unbalanced"),
        (lambda d: d.update(protocol_id="OTHER"), "protocol OTHER"),
        (lambda d: d.update(stratum="A"), "unknown stratum"),
        (lambda d: d.pop("arms"), "malformed"),
        (lambda d: d["arms"].__setitem__(0, "PLACEBO"), "malformed"),
    ],
)  # fmt: skip
def test_tampered_lists_are_refused(change: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        AllocationList.from_dict(_tampered(change), PROTOCOL)


@pytest.mark.parametrize(("score", "stratum"), [(7, "B"), (9, "B"), (10, "C"), (15, "C")])
def test_stratum_from_child_pugh(score: int, stratum: str) -> None:
    assert stratum_for_child_pugh(score, PROTOCOL) == stratum


def test_class_a_has_no_stratum() -> None:
    with pytest.raises(ValidationError, match="no randomization stratum"):
        stratum_for_child_pugh(6, PROTOCOL)


def test_bad_arguments() -> None:
    with pytest.raises(ValidationError, match="even"):
        generate_allocation_list(10, block_sizes=(3,))
    with pytest.raises(ValidationError, match="at least 1"):
        generate_allocation_list(0)


READY = ParticipantState(consent_recorded=True, eligibility="eligible", eligibility_signed=True)


def test_no_screening_before_consent() -> None:
    assert blocking_reasons("screening", ParticipantState(), PROTOCOL) == (
        "Record the participant's informed consent first.",
    )
    assert blocking_reasons("screening", ParticipantState(consent_recorded=True), PROTOCOL) == ()


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (ParticipantState(consent_recorded=True, eligibility="incomplete",
                          eligibility_signed=True), "Answer every eligibility criterion"),
        (ParticipantState(consent_recorded=True, eligibility="not_eligible",
                          eligibility_signed=True), "not eligible"),
        (ParticipantState(consent_recorded=True, eligibility="eligible"), "must sign"),
        (ParticipantState(consent_recorded=True, eligibility="eligible",
                          eligibility_signed=True, arm="MSC"), "already randomized"),
    ],
)  # fmt: skip
def test_randomization_prerequisites(state: ParticipantState, reason: str) -> None:
    assert blocking_reasons("randomize", READY, PROTOCOL) == ()
    with pytest.raises(RuleViolation, match=reason):
        require_allowed("randomize", state, PROTOCOL)


def test_infusions_only_for_randomized_msc_participants() -> None:
    with pytest.raises(RuleViolation, match="Randomize the participant first"):
        require_allowed("infusion", READY, PROTOCOL)
    with pytest.raises(RuleViolation, match="control arm"):
        require_allowed(
            "infusion", ParticipantState(consent_recorded=True, arm="CONTROL"), PROTOCOL
        )
    require_allowed("infusion", ParticipantState(consent_recorded=True, arm="MSC"), PROTOCOL)


def test_eligibility_signed_only_when_complete_and_nothing_after_end_of_study() -> None:
    incomplete = ParticipantState(consent_recorded=True, eligibility="incomplete")
    assert blocking_reasons("sign_eligibility", incomplete, PROTOCOL)
    ended = ParticipantState(consent_recorded=True, arm="MSC", study_ended=True)
    assert blocking_reasons("visit", ended, PROTOCOL)
    assert blocking_reasons("adverse_event", ended, PROTOCOL) == ()


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=10,
)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.sampled_from(list(_tampered(lambda d: None))), _json_values))
def test_garbage_lists_raise_only_validation_errors(changes: dict[str, Any]) -> None:
    data = _tampered(lambda d: d.update(changes))
    try:
        AllocationList.from_dict(data, PROTOCOL)
    except ValidationError as error:
        assert str(error).endswith(".")
