"""The visit schedule from day 0: target dates, windows and each visit's state on a given day.

Source: DESIGN section 7, "Visit schedule": day 0 is the randomization date or the first infusion
date; infusions at week 0 (day 0, window -0/+3), week 4 (day 28 +/- 3) and week 8 (day 56 +/- 3);
follow-up at weeks 12, 24 and 48 (+/- 7 days). Days and windows come from resources/protocol.json.

States, for each scheduled visit:
- "done": recorded on a date inside its window; "out_of_window": recorded outside it;
- "missed": declared missed by the site, or not recorded although a later visit was;
- "upcoming": the window has not opened; "due": today is inside the window;
- "overdue": the window has closed and nothing later has been recorded yet.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from msc_desktop.domain.protocol import Protocol, Visit
from msc_desktop.domain.wording import listed
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message

VisitState = Literal["upcoming", "due", "overdue", "missed", "done", "out_of_window"]


@dataclass(frozen=True)
class VisitWindow:
    visit: Visit
    target: date
    opens: date
    closes: date

    def contains(self, day: date) -> bool:
        return self.opens <= day <= self.closes

    def deviation(self, day: date) -> Message | None:
        """The protocol deviation of a visit held on `day` outside this window, or None."""
        if self.contains(day):
            return None
        return Message(
            "Visit {visit_code} on {day} is outside its window ({opens} to {closes}).",
            visit_code=self.visit.code,
            day=day.isoformat(),
            opens=self.opens.isoformat(),
            closes=self.closes.isoformat(),
        )


@dataclass(frozen=True)
class ScheduledVisit:
    """One visit's window and state; `days_off_target` is visit date minus target when recorded."""

    window: VisitWindow
    state: VisitState
    visit_date: date | None
    days_off_target: int | None

    @property
    def code(self) -> str:
        return self.window.visit.code


def visit_window(visit_code: str, day0: date, protocol: Protocol) -> VisitWindow:
    """The target date and window of a scheduled visit for a participant with this day 0 (a visit
    `protocol` retired keeps the window it had)."""
    retired = {visit.code: visit for visit in protocol.retired_visits}
    visit = retired[visit_code] if visit_code in retired else protocol.visit(visit_code)
    if visit.day is None or visit.window_before is None or visit.window_after is None:
        raise ValidationError(
            "Visit {visit_code} is not scheduled from day 0.", visit_code=visit_code
        )
    target = day0 + timedelta(days=visit.day)
    return VisitWindow(
        visit=visit,
        target=target,
        opens=target - timedelta(days=visit.window_before),
        closes=target + timedelta(days=visit.window_after),
    )


def visit_schedule(
    day0: date,
    recorded: Mapping[str, date],
    today: date,
    *,
    missed: Collection[str] = (),
    protocol: Protocol,
) -> tuple[ScheduledVisit, ...]:
    """The state of every scheduled visit of `protocol` (the version in effect) on `today`, and
    of the visits it retired that were recorded or declared missed.

    `recorded` maps visit codes to the dates the visits took place; `missed` lists visits the
    site has declared missed.
    """
    held = set(recorded) | set(missed)
    visits = sorted(
        (
            *protocol.scheduled_visits,
            *(
                visit
                for visit in protocol.retired_visits
                if visit.code in held and visit.is_scheduled
            ),
        ),
        key=lambda visit: visit.day or 0,
    )
    windows = [visit_window(visit.code, day0, protocol) for visit in visits]
    known = {window.visit.code for window in windows}
    unknown = sorted((set(recorded) | set(missed)) - known)
    if unknown:
        raise ValidationError(
            "{visits} is not a scheduled visit of this protocol.", visits=listed(unknown)
        )
    schedule: list[ScheduledVisit] = []
    for position, window in enumerate(windows):
        code = window.visit.code
        visit_date = recorded.get(code)
        if visit_date is not None:
            state: VisitState = "done" if window.contains(visit_date) else "out_of_window"
            offset: int | None = (visit_date - window.target).days
        else:
            offset = None
            later_recorded = any(later.visit.code in recorded for later in windows[position + 1 :])
            if code in missed or later_recorded:
                state = "missed"
            elif today < window.opens:
                state = "upcoming"
            elif today <= window.closes:
                state = "due"
            else:
                state = "overdue"
        schedule.append(ScheduledVisit(window, state, visit_date, offset))
    return tuple(schedule)
