"""Order of events, as pure checks over a small snapshot of a participant's state.

Source: DESIGN section 7, "Order of events": no screening data before consent is recorded; no
randomization before every criterion is answered, the participant is eligible and an investigator
has signed the eligibility; no infusion record for the control arm; no infusion before
randomization. Also: randomization happens once (allocation is irreversible); follow-up visits need
day 0 (randomization); an investigator signs a complete eligibility decision; no visit, infusion or
randomization after the participant's end of study.

Services build a `ParticipantState` from the store and call `require_allowed` before acting; the
GUI calls `blocking_reasons` to explain a disabled action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from msc_desktop.domain.eligibility import Verdict
from msc_desktop.domain.protocol import LocalizedText, Protocol
from msc_desktop.domain.randomization import Arm
from msc_desktop.errors import RuleViolation
from msc_desktop.messages import Message

Action = Literal[
    "screening", "sign_eligibility", "randomize", "visit", "infusion", "adverse_event", "end_study"
]


@dataclass(frozen=True)
class ParticipantState:
    consent_recorded: bool = False
    eligibility: Verdict | None = None
    eligibility_signed: bool = False
    arm: Arm | None = None
    study_ended: bool = False

    @property
    def randomized(self) -> bool:
        return self.arm is not None


def blocking_reasons(
    action: Action, state: ParticipantState, protocol: Protocol
) -> tuple[Message, ...]:
    """Why `action` is not allowed now (empty when it is), each a sentence for the user."""
    reasons: list[Message] = []
    if action != "adverse_event" and state.study_ended:
        reasons.append(
            Message("The participant has ended the study; no new study activity can be added.")
        )
    if not state.consent_recorded:
        reasons.append(Message("Record the participant's informed consent first."))
    if action == "sign_eligibility" and state.eligibility not in ("eligible", "not_eligible"):
        reasons.append(Message("Eligibility can be signed only when every criterion is answered."))
    if action == "randomize":
        reasons.extend(_randomization_reasons(state, protocol))
    if action in ("visit", "infusion") and not state.randomized:
        reasons.append(
            Message("Randomize the participant first; visits and infusions start from day 0.")
        )
    if action == "infusion" and state.arm == "CONTROL":
        reasons.append(
            Message("The participant is in the control arm, which receives no MSC infusion.")
        )
    return tuple(reasons)


def _arm_name(arm: Arm, protocol: Protocol) -> LocalizedText:
    """The arm's code in English sentences, its protocol label in Chinese ones."""
    label = next(choice.label for choice in protocol.arms if choice.code == arm)
    return LocalizedText(en=arm, zh=label.zh)


def _randomization_reasons(state: ParticipantState, protocol: Protocol) -> list[Message]:
    if state.arm is not None:
        return [
            Message(
                "The participant is already randomized (arm {arm}); it cannot be redone.",
                arm=_arm_name(state.arm, protocol),
            )
        ]
    reasons: list[Message] = []
    if state.eligibility is None or state.eligibility == "incomplete":
        reasons.append(Message("Answer every eligibility criterion before randomization."))
    elif state.eligibility == "not_eligible":
        reasons.append(Message("The participant is not eligible and cannot be randomized."))
    if not state.eligibility_signed:
        reasons.append(Message("An investigator must sign the eligibility before randomization."))
    return reasons


def require_allowed(action: Action, state: ParticipantState, protocol: Protocol) -> None:
    """Raise `RuleViolation` with the first reason when `action` is not allowed."""
    reasons = blocking_reasons(action, state, protocol)
    if reasons:
        raise RuleViolation(reasons[0])
