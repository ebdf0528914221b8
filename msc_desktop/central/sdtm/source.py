"""The pooled data as the SDTM domains read them: each participant's timeline (day 0, dated
visits, epochs), clinical dates as --DTC, visit columns, completed infusions, the tests of a
visit and the endpoint's scores computed from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from msc_desktop.central.datasets import require_standard
from msc_desktop.central.pooled import INFUSION_GIVEN, Datum, Instance, PooledData, Subject
from msc_desktop.central.sdtm.columns import as_date, iso_dtc
from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.endpoint import compute_scores, form_values, score_results
from msc_desktop.domain.protocol import CdiscStandard, Protocol, Visit
from msc_desktop.errors import MscError


@dataclass
class Timeline:
    """A participant's day 0 and dated visits (for --DY and EPOCH)."""

    reference: date | None
    visits: list[tuple[date, Visit]]
    #: The epoch of the first visit of the schedule (from day 0 on).
    first_epoch: str

    def epoch_on(self, dtc: str) -> str:
        """The epoch of the last visit on or before the date; from day 0 on, at least the
        schedule's first epoch; before day 0 (or without one), screening's."""
        day = as_date(dtc)
        if day is None:
            return ""
        epoch = ""
        for visit_day, visit in self.visits:
            if (
                visit_day <= day
                and visit.epoch
                and (visit.is_scheduled or self.reference is None or day < self.reference)
            ):
                epoch = visit.epoch
        if not epoch and self.reference is not None and day >= self.reference:
            return self.first_epoch
        return epoch or (self.visits[0][1].epoch or "" if self.visits else "")


class SdtmSource:
    """The pooled data with what every SDTM domain asks of it."""

    def __init__(self, pooled: PooledData) -> None:
        self.pooled = pooled
        self.protocol: Protocol = pooled.protocol
        self.standard: CdiscStandard = require_standard(self.protocol)
        self.visits = {
            visit.code: visit
            for catalogue in pooled.catalogues.values()
            for visit in (*catalogue.protocol.visits, *catalogue.protocol.retired_visits)
        }
        self.timelines = {
            (subject.site_id, subject.subject_key): self._timeline(subject)
            for subject in pooled.subjects
        }

    # -- helpers ----------------------------------------------------------------------------

    def _timeline(self, subject: Subject) -> Timeline:
        reference = as_date(self.pooled.subject_value(subject, "DM", "RFSTDTC"))
        dated: list[tuple[date, Visit]] = []
        for instance in self.pooled.of(subject):
            visit = self.visits.get(self.pooled.visit_code(instance))
            day = as_date(
                self.pooled.value(instance, "SV", "SVSTDTC")
                or self.pooled.value(instance, "EX", "EXSTDTC")
            )
            if visit is not None and day is not None:
                dated.append((day, visit))
        dated.sort(key=lambda pair: pair[0])
        scheduled = self.protocol.scheduled_visits
        return Timeline(reference, dated, scheduled[0].epoch or "" if scheduled else "")

    def timeline(self, subject: Subject) -> Timeline:
        return self.timelines[(subject.site_id, subject.subject_key)]

    def visit_columns(
        self, instance: Instance, subject: Subject, dtc: str, code: str = ""
    ) -> dict[str, str]:
        """VISITNUM, VISIT and EPOCH of a record of `instance` (or of the visit `code`)."""
        visit = self.visits.get(code or self.pooled.visit_code(instance))
        if visit is None:
            return {"EPOCH": self.timeline(subject).epoch_on(dtc)}
        return {
            "VISITNUM": format_decimal(visit.visitnum) if visit.visitnum is not None else "",
            "VISIT": visit.code,
            "EPOCH": visit.epoch or self.timeline(subject).epoch_on(dtc),
        }

    def dtc(self, instance: Instance, domain: str, variable: str, code: str | None = None) -> str:
        found = self.pooled.items_of(instance, domain, variable, code)
        if not found:
            return ""
        oid, datum = found[0]
        item = self.pooled.item_def(oid, datum)
        return iso_dtc(datum.value, clinic=item.data_type == "datetime" and not item.derived)

    def subject_dtc(
        self, subject: Subject, domain: str, variable: str, code: str | None = None
    ) -> str:
        for instance in self.pooled.of(subject):
            found = self.dtc(instance, domain, variable, code)
            if found:
                return found
        return ""

    def base(self, subject: Subject, domain: str) -> dict[str, str]:
        return {"STUDYID": subject.study_id, "DOMAIN": domain, "USUBJID": subject.usubjid}

    def infusions(self, subject: Subject) -> list[Instance]:
        given = [
            instance
            for instance in self.pooled.of(subject)
            if self.pooled.items_of(instance, "EX", "EXDOSE")
            and self.pooled.item_value(instance, "infusion", "status") == INFUSION_GIVEN
        ]
        return sorted(given, key=lambda instance: self.dtc(instance, "EX", "EXSTDTC"))

    def randomization_date(self, subject: Subject) -> str:
        """The date of the randomization event as recorded (its local date when the time
        carries an offset)."""
        return self.subject_dtc(subject, "DS", "DSSTDTC", "RANDOMIZED")[:10]

    def screen_failed(self, subject: Subject) -> bool:
        return self.pooled.status(subject) == "screen failed"

    def screening_date(self, subject: Subject) -> str:
        for instance in self.pooled.of(subject):
            if self.pooled.visit_code(instance) == "SCR":
                found = self.pooled.value(instance, "SV", "SVSTDTC")
                if found:
                    return found
        return ""

    def form_values(self, instance: Instance, form_id: str) -> dict[str, object]:
        """The instance's items as the form's cleaned values (parsed as the form declares)."""
        recorded: dict[str, tuple[str, str | None]] = {}
        for oid, datum in instance.items.items():
            catalogue = self.pooled.catalogues.get(datum.mdv_oid, self.pooled.current)
            names = {item.oid: item.name for item in catalogue.form(form_id).items}
            if oid in names:
                recorded[names[oid]] = (datum.value, datum.unit)
        return form_values(self.protocol, form_id, recorded)

    def tests(self, instance: Instance, domain: str) -> list[tuple[str, Datum]]:
        """The instance's items annotated with a test code of `domain`, one per code and
        timepoint: where two items answer one test (a coded status and, when measured, the
        number), the number."""
        chosen: dict[tuple[str, str], tuple[str, Datum]] = {}
        last = len(self.pooled.item_order)
        for oid, datum in sorted(
            self.pooled.items_of(instance, domain, f"{domain}TESTCD"),
            key=lambda pair: (self.pooled.item_order.get(pair[0], last), pair[0]),
        ):
            ref = self.pooled.annotations[oid]
            code = (ref.code or "", ref.timepoint or "")
            current = chosen.get(code)
            if current is None or (
                self.pooled.item_def(oid, datum).data_type == "float"
                and self.pooled.item_def(*current).data_type != "float"
            ):
                chosen[code] = (oid, datum)
        return list(chosen.values())

    def link_group(self, instance: Instance) -> str:
        return f"SCORES-{self.pooled.visit_code(instance)}"

    def scored(self, subject: Subject, instance: Instance) -> bool:
        return bool(self.scores_of(subject, instance))

    def finding_date(
        self, instance: Instance, domain: str, oid: str, datum: Datum, timepoint: str | None = None
    ) -> str:
        """The date of a test (`PooledData.finding_date`: its own date item, else the form's
        date of the domain, else the visit's); a timepoint of the infusion without a date of its
        own is on the infusion's day."""
        code = self.pooled.annotations[oid].code or ""
        own = [
            pair
            for pair in self.pooled.items_of(instance, domain, f"{domain}DTC")
            if self.pooled.annotations[pair[0]].code == code
        ]
        if timepoint is not None and not own:
            return self.dtc(instance, "EX", "EXSTDTC")[:10] or self.pooled.visit_date(instance)
        item = self.pooled.item_def(oid, datum)
        return iso_dtc(self.pooled.finding_date(instance, domain, item, datum, code), clinic=True)

    def ct_unit(self, code: str) -> str:
        if not code:
            return ""
        try:
            return self.protocol.unit(code).cdisc_unit
        except MscError:
            return code

    def scores_of(self, subject: Subject, instance: Instance) -> dict[str, str]:
        """The endpoint's results at the visit of `instance` (its labs and clinical grades)."""
        if not self.pooled.items_of(instance, "LB", "LBTESTCD"):
            return {}
        form_id = self.form_of(instance)
        values = self.form_values(instance, form_id)
        sex = self.pooled.subject_value(subject, "DM", "SEX")
        return score_results(compute_scores(values, sex or None, self.protocol))

    def form_of(self, instance: Instance) -> str:
        for form in self.pooled.current.forms:
            if form.oid == instance.form_oid:
                return form.form_id
        return ""
