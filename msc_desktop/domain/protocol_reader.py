"""Reading a protocol declaration into the typed `Protocol` of domain/protocol.py.

`load_protocol()` reads, checks and caches the shipped resources/protocol.json; `read_protocol()`
and `parse_protocol()` check any other copy (e.g. an amendment sent by the coordinating centre)
the same way. The declaration's shape (keys, types, OIDs, decimals, kinds) is checked first by the
pydantic models of domain/protocol_schema.py; this module then checks the rules between entries
(references to units, tests, codelists, forms and fields; OIDs unique; ranges within ranges;
decimals that can write a range's bounds) as it builds the frozen dataclasses. A fault raises
`ValidationError`, one line naming its path (`protocol.forms[3].fields[1].oid ...`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar, cast

from msc_desktop.domain.decimals import decimal_places
from msc_desktop.domain.protocol import (
    ARM_REFERENCE,
    DERIVATIONS,
    PROTOCOL_FILE,
    RANDOMIZATION_FORM,
    SCORE_RESULTS,
    SUPPORTED_FORMATS,
    TRISTATE_CODELIST,
    YESNO_CODELIST,
    AnalysisParameter,
    CdiscRef,
    CdiscStandard,
    Choice,
    CommonEvent,
    Condition,
    Criterion,
    CriterionCategory,
    CriterionSource,
    DateOrderRule,
    DosingParameters,
    EligibilityRules,
    ExpectAnyRule,
    FieldDef,
    FieldKind,
    FormDef,
    FormRule,
    FormSection,
    ImpliesRule,
    ItemGroup,
    LabTest,
    LabUnit,
    LocalizedText,
    MomentNotFutureRule,
    Protocol,
    RandomizationRules,
    RequiredIfRule,
    ScoreDef,
    Stratum,
    Timepoint,
    Unit,
    ValueRange,
    Visit,
    VitalSign,
    WithinDaysRule,
)
from msc_desktop.domain.protocol_schema import check_shape
from msc_desktop.errors import ValidationError
from msc_desktop.paths import resources_dir

_T = TypeVar("_T")


@lru_cache(maxsize=1)
def load_protocol() -> Protocol:
    """The protocol shipped with the app (resources/protocol.json), read and checked once."""
    return read_protocol(resources_dir() / PROTOCOL_FILE)


def read_protocol(path: Path) -> Protocol:
    """Read and check a protocol definition file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValidationError(
            "The protocol definition {path} cannot be read ({reason}).",
            path=path,
            reason=error.strerror,
        ) from None
    except ValueError:
        raise ValidationError(
            "The protocol definition {path} is not valid JSON.", path=path
        ) from None
    return parse_protocol(data)


def parse_protocol(data: object) -> Protocol:
    """Check a decoded protocol definition and build the typed, frozen `Protocol`: its shape by
    `check_shape` (domain/protocol_schema.py), then the rules between its entries."""
    check_shape(data)
    return _ProtocolParser().protocol(_Node(data, "protocol"))


class _Node:
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

    def __getitem__(self, key: str) -> _Node:
        # Only a key required from format 2 on can be missing here.
        values = cast(Mapping[str, object], self.value)
        if key not in values:
            raise self.fail(f'has no "{key}"')
        return _Node(values[key], f"{self.path}.{key}")

    def get(self, key: str) -> _Node | None:
        return self[key] if self.has(key) else None

    def items(self) -> list[_Node]:
        values = cast(list[object], self.value)
        return [_Node(item, f"{self.path}[{index}]") for index, item in enumerate(values)]

    def entries(self) -> list[tuple[str, _Node]]:
        values = cast(Mapping[str, object], self.value)
        return [(key, _Node(item, f"{self.path}.{key}")) for key, item in values.items()]

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


def _unique(
    items: Sequence[_T], key: Callable[[_T], str], node: _Node, what: str
) -> tuple[_T, ...]:
    seen: set[str] = set()
    for item in items:
        code = key(item)
        if code in seen:
            raise node.fail(f'declares {what} "{code}" twice')
        seen.add(code)
    return tuple(items)


def _check_range_decimals(node: _Node, hard: ValueRange, decimals: int) -> None:
    """A hard range's bounds are values the declared decimal places can write."""
    for bound in (hard.low, hard.high):
        if decimal_places(bound) > decimals:
            raise node.fail(
                f"has the bound {bound}, with more decimal places than the {decimals} "
                "declared for its unit"
            )


def _retired(node: _Node) -> bool:
    """An entry an amendment retired (`"retired": true`): declared, no longer asked or scheduled."""
    return node["retired"].flag() if node.has("retired") else False


def _definition(field: FieldDef) -> tuple[object, ...]:
    """What an ItemOID stands for; fields sharing an OID must agree on all of it."""
    return (
        field.kind,
        field.label,
        field.units,
        field.standard_unit,
        field.hard_range,
        field.soft_range,
        field.codelist,
        field.choices,
        field.cdisc,
        field.site_only,
        field.derived,
        field.not_future,
        field.max_length,
        field.test,
        field.decimals,
    )


class _ProtocolParser:
    """Builds the dataclasses top-down; cross-references are checked once everything is read."""

    def protocol(self, root: _Node) -> Protocol:
        self.format = root["format"].integer()
        if self.format not in SUPPORTED_FORMATS:
            raise root["format"].fail(f"must be one of {SUPPORTED_FORMATS}")
        self.units = _unique(
            _unique(
                [self._unit(node) for node in root["units"].items()],
                lambda unit: unit.code,
                root["units"],
                "unit",
            ),
            lambda unit: unit.oid,
            root["units"],
            "unit OID",
        )
        self.codelists, self.codelist_oids = self._codelists(root["codelists"])
        self.lab_tests = _unique(
            [self._lab_test(node) for node in root["lab_tests"].items()],
            lambda test: test.code,
            root["lab_tests"],
            "lab test",
        )
        self.vital_signs = _unique(
            [self._vital_sign(node) for node in root["vital_signs"].items()],
            lambda vital: vital.code,
            root["vital_signs"],
            "vital sign",
        )
        self.dosing = self._dosing(root["dosing"])
        all_visits = _unique(
            [self._visit(node) for node in root["visits"].items()],
            lambda visit: visit.code,
            root["visits"],
            "visit",
        )
        retired = [_retired(node) for node in root["visits"].items()]
        visits = tuple(visit for visit, gone in zip(all_visits, retired) if not gone)
        all_forms = _unique(
            [self._form(node) for node in root["forms"].items()],
            lambda form: form.form_id,
            root["forms"],
            "form",
        )
        _unique(list(all_forms), lambda form: form.oid, root["forms"], "form OID")
        forms = tuple(form for form in all_forms if not form.derived)
        eligibility = self._eligibility(root["eligibility"], forms)
        arms = self._codelist_reference(root["arms"])
        if len(arms) != 2:
            raise root["arms"].fail("must name a codelist of the two arms of a 1:1 trial")
        common_event = self._common_event(root["common_event"])
        protocol = Protocol(
            protocol_id=root["protocol_id"].text(),
            study_oid=root["study_oid"].text(),
            version=root["version"].text(),
            registry_id=root["registry_id"].text(),
            target_enrolment=self._since_format_2(root, "target_enrolment", _Node.integer),
            title=root["title"].localized(),
            arms=arms,
            randomization=self._randomization(root["randomization"]),
            sae_report_hours=root["sae_report_hours"].integer(),
            visits=visits,
            common_event=common_event,
            dosing=self.dosing,
            eligibility=eligibility,
            units=self.units,
            lab_tests=self.lab_tests,
            vital_signs=self.vital_signs,
            codelists=MappingProxyType(self.codelists),
            codelist_oids=MappingProxyType(self.codelist_oids),
            forms=forms,
            derived_forms=tuple(form for form in all_forms if form.derived),
            retired_visits=tuple(visit for visit, gone in zip(all_visits, retired) if gone),
            cdisc=self._cdisc(root["cdisc"]) if root.has("cdisc") else None,
        )
        if protocol.target_enrolment is not None and protocol.target_enrolment < 1:
            raise root["target_enrolment"].fail("must be a positive whole number")
        self._check_events(protocol, root)
        self._check_timepoints(protocol, root)
        self._check_items(protocol, root["forms"])
        self._check_rule_references(protocol, root["forms"])
        infusion = {form.form_id: form for form in forms}.get("infusion")
        plan_node = root["dosing"]["plan_fields"]
        if infusion is None or not protocol.dosing.plan_fields:
            raise plan_node.fail("must name fields of the infusion form")
        for name, item in zip(protocol.dosing.plan_fields, plan_node.items(), strict=True):
            if name not in infusion.field_names:
                raise item.fail(f'is not a field of the infusion form: "{name}"')
        return protocol

    def _since_format_2(self, node: _Node, key: str, read: Callable[[_Node], _T]) -> _T | None:
        """`node[key]`, required from format 2 on; in format 1, read if present."""
        if self.format < 2 and not node.has(key):
            return None
        return read(node[key])

    def _unit(self, node: _Node) -> Unit:
        return Unit(
            code=node["code"].text(),
            oid=node["oid"].text(),
            symbol=node["symbol"].localized(),
            cdisc=node["cdisc"].text() if node.has("cdisc") else "",
        )

    def _cdisc(self, node: _Node) -> CdiscStandard:
        treatment = node["treatment"]
        scores = [
            ScoreDef(
                code=item["code"].text(),
                name=item["name"].text(),
                category=item["category"].text(),
                result=item["result"].text(),
            )
            for item in node["scores"].items()
        ]
        for score, item in zip(scores, node["scores"].items()):
            if score.result not in SCORE_RESULTS:
                raise item["result"].fail(f"must be one of {', '.join(SCORE_RESULTS)}")
        analysis = node["analysis"]
        parameters = [
            AnalysisParameter(
                code=item["code"].text(),
                name=item["name"].text(),
                domain=item["domain"].text(),
                test=item["test"].text(),
            )
            for item in analysis["parameters"].items()
        ]
        known = {("LB", test.code) for test in self.lab_tests} | {
            ("RS", score.code) for score in scores
        }
        for parameter, item in zip(parameters, analysis["parameters"].items()):
            if (parameter.domain, parameter.test) not in known:
                raise item.fail("must name a declared lab test (LB) or score (RS)")
        return CdiscStandard(
            country=node["country"].text(),
            age_unit=node["age_unit"].text(),
            treatment=treatment["name"].text(),
            dose_form=treatment["dose_form"].text(),
            route=treatment["route"].text(),
            dose_unit=treatment["dose_unit"].text(),
            timepoints=_unique(
                [
                    Timepoint(
                        code=item["code"].text(),
                        name=item["name"].text(),
                        number=item["number"].decimal(),
                        reference=item["reference"].text(),
                        elapsed=item["elapsed"].optional_text(),
                    )
                    for item in node["timepoints"].items()
                ],
                lambda point: point.code,
                node["timepoints"],
                "timepoint",
            ),
            scores=_unique(scores, lambda score: score.code, node["scores"], "score"),
            analysis_dataset=analysis["dataset"].text(),
            analysis_label=analysis["label"].text(),
            parameters=_unique(
                parameters, lambda parameter: parameter.code, analysis["parameters"], "parameter"
            ),
            baseline_visits=tuple(item.text() for item in analysis["baseline_visits"].items()),
        )

    def _known_unit(self, node: _Node) -> str:
        code = node.text()
        if code not in {unit.code for unit in self.units}:
            raise node.fail(f'names the unit "{code}", which "units" does not declare')
        return code

    def _codelist_reference(self, node: _Node) -> tuple[Choice, ...]:
        name = node.text()
        if name not in self.codelists:
            raise node.fail(f'refers to an unknown codelist "{name}"')
        return self.codelists[name]

    def _common_event(self, node: _Node) -> CommonEvent:
        return CommonEvent(
            oid=node["oid"].text(),
            name=node["name"].localized(),
            forms=tuple(item.text() for item in node["forms"].items()),
        )

    @staticmethod
    def _check_timepoints(protocol: Protocol, root: _Node) -> None:
        """A field's CDISC timepoint is one the "cdisc" section declares."""
        declared = {point.code for point in protocol.cdisc.timepoints} if protocol.cdisc else set()
        for form_node in root["forms"].items():
            for node in form_node["fields"].items():
                if node.has("cdisc") and node["cdisc"].has("timepoint"):
                    point = node["cdisc"]["timepoint"]
                    if point.text() not in declared:
                        raise point.fail(
                            f'names the timepoint "{point.text()}", which '
                            '"cdisc"."timepoints" does not declare'
                        )

    @staticmethod
    def _check_events(protocol: Protocol, root: _Node) -> None:
        """Event OIDs are unique; each event names declared forms once; each form has an event."""
        in_effect = [node for node in root["visits"].items() if not _retired(node)]
        events = [(visit.oid, visit.forms, node) for visit, node in zip(protocol.visits, in_effect)]
        events.append(
            (protocol.common_event.oid, protocol.common_event.forms, root["common_event"])
        )
        _unique([oid for oid, _, _ in events], lambda oid: oid, root["visits"], "event OID")
        known = {form.form_id for form in protocol.all_forms}
        placed: set[str] = set()
        for _, form_ids, node in events:
            _unique(list(form_ids), lambda form_id: form_id, node["forms"], "form")
            unknown = sorted(set(form_ids) - known)
            if unknown:
                raise node["forms"].fail(f"names unknown forms {unknown}")
            placed.update(form_ids)
        unplaced = [form.form_id for form in protocol.all_forms if form.form_id not in placed]
        if unplaced:
            raise root["common_event"].fail(f"or a visit must hold the forms {unplaced}")

    @staticmethod
    def _check_items(protocol: Protocol, forms_node: _Node) -> None:
        """An ItemOID used twice declares the same item; one group holds an OID once; the arm."""
        first: dict[str, tuple[FieldDef, str]] = {}
        for form, form_node in zip(protocol.all_forms, forms_node.items()):
            in_groups: set[tuple[str, str]] = set()
            asked = [item for item in form_node["fields"].items() if not _retired(item)]
            for field, node in zip(form.items, asked):
                if (field.group_oid, field.oid) in in_groups:
                    raise node.fail(f'uses the OID "{field.oid}" twice in one item group')
                in_groups.add((field.group_oid, field.oid))
                earlier = first.setdefault(field.oid, (field, form.form_id))
                if _definition(earlier[0]) != _definition(field):
                    raise node.fail(
                        f'shares the OID "{field.oid}" with {earlier[1]}.{earlier[0].name} '
                        "but declares a different item"
                    )
        if RANDOMIZATION_FORM not in {form.form_id for form in protocol.derived_forms}:
            raise forms_node.fail(f'must declare the derived form "{RANDOMIZATION_FORM}"')
        randomization = protocol.form(RANDOMIZATION_FORM)
        if "arm" not in [item.name for item in randomization.items] or (
            randomization.item("arm").choices != protocol.arms
        ):
            raise forms_node.fail(f'must declare "{RANDOMIZATION_FORM}.arm" with the arms codelist')

    def _codelists(self, node: _Node) -> tuple[dict[str, tuple[Choice, ...]], dict[str, str]]:
        codelists: dict[str, tuple[Choice, ...]] = {}
        oids: dict[str, str] = {}
        for name, codelist in node.entries():
            entries = codelist["items"]
            choices = [self._choice(item) for item in entries.items()]
            codelists[name] = _unique(choices, lambda choice: choice.code, entries, "code")
            oids[name] = codelist["oid"].text()
        _unique(list(oids.values()), lambda oid: oid, node, "codelist OID")
        for required in (YESNO_CODELIST, TRISTATE_CODELIST):
            if required not in codelists:
                raise node.fail(f'has no "{required}" codelist')
        return codelists, oids

    def _choice(self, node: _Node) -> Choice:
        return Choice(code=node["code"].text(), label=node["label"].localized())

    def _lab_test(self, node: _Node) -> LabTest:
        units = [
            LabUnit(
                code=self._known_unit(item["code"]),
                multiply_by=item["multiply_by"].decimal(),
                divide_by=item["divide_by"].decimal(),
                decimals=self._since_format_2(item, "decimals", _Node.integer),
            )
            for item in node["units"].items()
        ]
        for unit, item in zip(units, node["units"].items()):
            if unit.multiply_by <= 0 or unit.divide_by <= 0:
                raise item.fail("must have positive conversion factors")
        test = LabTest(
            code=node["code"].text(),
            oid=node["oid"].text(),
            label=node["label"].localized(),
            standard_unit=node["standard_unit"].text(),
            units=_unique(units, lambda unit: unit.code, node["units"], "unit"),
            hard_range=node["hard_range"].value_range(),
            soft_range=node["soft_range"].value_range(),
            cdisc_name=node["cdisc_name"].text() if node.has("cdisc_name") else "",
        )
        standard = test.unit(test.standard_unit) if test.standard_unit in test.unit_codes else None
        if standard is None or standard.multiply_by != 1 or standard.divide_by != 1:
            raise node.fail("must accept its standard unit with factor 1")
        self._check_soft_within_hard(node, test.hard_range, test.soft_range)
        if standard.decimals is not None:
            _check_range_decimals(node["hard_range"], test.hard_range, standard.decimals)
        return test

    def _vital_sign(self, node: _Node) -> VitalSign:
        vital = VitalSign(
            code=node["code"].text(),
            oid=node["oid"].text(),
            label=node["label"].localized(),
            unit=self._known_unit(node["unit"]),
            decimals=self._since_format_2(node, "decimals", _Node.integer),
            hard_range=node["hard_range"].value_range(),
            soft_range=node["soft_range"].value_range(),
            cdisc_name=node["cdisc_name"].text() if node.has("cdisc_name") else "",
        )
        self._check_soft_within_hard(node, vital.hard_range, vital.soft_range)
        if vital.decimals is not None:
            _check_range_decimals(node["hard_range"], vital.hard_range, vital.decimals)
        return vital

    @staticmethod
    def _check_soft_within_hard(node: _Node, hard: ValueRange, soft: ValueRange) -> None:
        if soft.low < hard.low or soft.high > hard.high:
            raise node.fail("has a soft range outside its hard range")

    def _dosing(self, node: _Node) -> DosingParameters:
        dosing = DosingParameters(
            dose_per_kg=node["dose_per_kg"].decimal(),
            weight_range_kg=node["weight_range_kg"].value_range(),
            weight_max_age_days=node["weight_max_age_days"].integer(),
            viability_release_threshold_pct=node["viability_release_threshold_pct"].decimal(),
            weight_change_flag_pct=node["weight_change_flag_pct"].decimal(),
            volume_step_ml=node["volume_step_ml"].decimal(),
            volume_rounding=node["volume_rounding"].text(),
            cell_concentration_range_per_ml=node["cell_concentration_range_per_ml"].value_range(),
            volume_range_ml=node["volume_range_ml"].value_range(),
            volume_deviation_pct=node["volume_deviation_pct"].decimal(),
            plan_fields=tuple(item.text() for item in node["plan_fields"].items()),
        )
        if dosing.volume_rounding != "ROUND_HALF_UP":
            raise node["volume_rounding"].fail("must be ROUND_HALF_UP (DESIGN section 7)")
        if dosing.dose_per_kg <= 0 or dosing.volume_step_ml <= 0:
            raise node.fail("must have a positive dose per kg and volume step")
        lows = (
            dosing.weight_range_kg.low,
            dosing.cell_concentration_range_per_ml.low,
            dosing.volume_range_ml.low,
        )
        if min(lows) <= 0:
            raise node.fail("must have ranges above zero for weight, concentration and volume")
        if dosing.weight_max_age_days < 0:
            raise node["weight_max_age_days"].fail("must not be negative")
        if dosing.volume_deviation_pct <= 0:
            raise node["volume_deviation_pct"].fail("must be above zero")
        return dosing

    def _visit(self, node: _Node) -> Visit:
        visit = Visit(
            code=node["code"].text(),
            name=node["name"].localized(),
            day=node["day"].optional_integer(),
            window_before=node["window_before"].optional_integer(),
            window_after=node["window_after"].optional_integer(),
            is_infusion=node["is_infusion"].flag(),
            oid=node["oid"].text(),
            forms=tuple(item.text() for item in node["forms"].items()),
            visitnum=node["visitnum"].decimal() if node.has("visitnum") else None,
            epoch=node["epoch"].text() if node.has("epoch") else None,
        )
        windows = (visit.window_before, visit.window_after)
        if visit.day is None:
            if windows != (None, None) or visit.is_infusion:
                raise node.fail("has a window or an infusion but no day")
        elif None in windows or min(cast(tuple[int, int], windows)) < 0:
            raise node.fail("needs windows of zero or more days before and after")
        return visit

    def _randomization(self, node: _Node) -> RandomizationRules:
        block_sizes = tuple(item.integer() for item in node["block_sizes"].items())
        if not block_sizes or any(size <= 0 or size % 2 for size in block_sizes):
            raise node["block_sizes"].fail("must be positive even numbers (1:1 allocation)")
        labels = {
            choice.code: choice.label
            for choice in self._codelist_reference(node["strata_codelist"])
        }
        codes = [item["code"].text() for item in node["strata"].items()]
        if codes != list(labels):
            raise node["strata"].fail("must have the codes of the strata codelist, in its order")
        strata = tuple(
            Stratum(
                code=code,
                label=labels[code],
                child_pugh_min=item["child_pugh_min"].integer(),
                child_pugh_max=item["child_pugh_max"].integer(),
            )
            for code, item in zip(codes, node["strata"].items())
        )
        if any(stratum.child_pugh_min > stratum.child_pugh_max for stratum in strata):
            raise node["strata"].fail("has a stratum with minimum above maximum")
        rules = RandomizationRules(
            block_sizes=block_sizes,
            list_length_factor=node["list_length_factor"].decimal(),
            strata=_unique(list(strata), lambda stratum: stratum.code, node["strata"], "stratum"),
            low_stock_below=node["low_stock_below"].integer(),
        )
        if rules.low_stock_below < 0:
            raise node["low_stock_below"].fail("must not be negative")
        if rules.list_length_factor < 1:
            raise node["list_length_factor"].fail("must be at least 1")
        return rules

    def _eligibility(self, node: _Node, forms: tuple[FormDef, ...]) -> EligibilityRules:
        criteria = [self._criterion(item) for item in node["criteria"].items()]
        screening = next((form for form in forms if form.form_id == "screening"), None)
        answer_kinds = {field.name: field.kind for field in screening.fields} if screening else {}
        for criterion, item in zip(criteria, node["criteria"].items()):
            if criterion.source == "answered":
                if answer_kinds.get(criterion.answer_field or "") != "tristate":
                    raise item.fail("must name a yes/no/not known field of the screening form")
            elif criterion.derivation not in DERIVATIONS:
                raise item.fail(f"must use one of the derivations {sorted(DERIVATIONS)}")
        rules = EligibilityRules(
            age_min_years=node["age_min_years"].integer(),
            age_max_years=node["age_max_years"].integer(),
            child_pugh_min=node["child_pugh_min"].integer(),
            jaundice_bilirubin_above_mg_dl=node["jaundice_bilirubin_above_mg_dl"].decimal(),
            lab_max_days_before_randomization=node["lab_max_days_before_randomization"].integer(),
            lab_max_days_before_consent=node["lab_max_days_before_consent"].integer(),
            hbsag_max_days_before_consent=node["hbsag_max_days_before_consent"].integer(),
            cirrhosis_stiffness_min_kpa=node["cirrhosis_stiffness_min_kpa"].decimal(),
            criteria=_unique(criteria, lambda criterion: criterion.code, node["criteria"], "code"),
        )
        if rules.age_min_years > rules.age_max_years:
            raise node.fail("has a minimum age above the maximum age")
        if (
            min(
                rules.lab_max_days_before_randomization,
                rules.lab_max_days_before_consent,
                rules.hbsag_max_days_before_consent,
            )
            < 0
        ):
            raise node.fail("has a negative lab window")
        if rules.cirrhosis_stiffness_min_kpa <= 0:
            raise node["cirrhosis_stiffness_min_kpa"].fail("must be positive")
        return rules

    def _criterion(self, node: _Node) -> Criterion:
        category = node["category"].text()
        source = node["source"].text()
        return Criterion(
            code=node["code"].text(),
            category=cast(CriterionCategory, category),
            text=node["text"].localized(),
            source=cast(CriterionSource, source),
            derivation=node["derivation"].optional_text(),
            answer_field=node["answer_field"].optional_text(),
            rule=node["rule"].localized() if node.has("rule") else None,
        )

    def _form(self, node: _Node) -> FormDef:
        derived = node["derived"].flag() if node.has("derived") else False
        groups = _unique(
            [self._group(item) for item in node["groups"].items()],
            lambda group: group.oid,
            node["groups"],
            "item group",
        )
        all_fields = _unique(
            [self._field(item, derived, groups) for item in node["fields"].items()],
            lambda field: field.name,
            node["fields"],
            "field",
        )
        retired = [_retired(item) for item in node["fields"].items()]
        fields = tuple(field for field, gone in zip(all_fields, retired) if not gone)
        if not fields:
            raise node["fields"].fail("must keep at least one field that is not retired")
        for group, group_node in zip(groups, node["groups"].items()):
            key = next((field for field in fields if field.name == group.repeat_key), None)
            if group.repeat_key is not None and (
                key is None or key.group_oid != group.oid or key.kind not in ("int", "text")
            ):
                raise group_node["repeat_key"].fail(
                    "must name a whole-number or text field of this item group"
                )
        if derived and node.has("rules"):
            raise node["rules"].fail("cannot apply to a derived form, which nobody fills in")
        rules_node = node.get("rules")
        rules = tuple(self._rule(item) for item in rules_node.items()) if rules_node else ()
        return FormDef(
            form_id=node["id"].text(),
            oid=node["oid"].text(),
            title=node["title"].localized(),
            groups=groups,
            items=fields,
            rules=rules,
            derived=derived,
            applies_if=self._condition(node["applies_if"]) if node.has("applies_if") else None,
            retired_fields=tuple(field for field, gone in zip(all_fields, retired) if gone),
            sections=self._sections(node, fields),
        )

    @staticmethod
    def _sections(node: _Node, fields: tuple[FieldDef, ...]) -> tuple[FormSection, ...]:
        """Each named field exists and belongs to one section at most."""
        sections_node = node.get("sections")
        if sections_node is None:
            return ()
        kinds = {field.name: field.kind for field in fields}
        seen: set[str] = set()
        sections = []
        for item in sections_node.items():
            names = tuple(name.text() for name in item["fields"].items())
            for name in names:
                if name not in kinds:
                    raise item["fields"].fail(f'refers to an unknown field "{name}"')
                if name in seen:
                    raise item["fields"].fail(f'puts "{name}" in two sections')
                seen.add(name)
            sections.append(FormSection(title=item["title"].localized(), fields=names))
        return tuple(sections)

    @staticmethod
    def _group(node: _Node) -> ItemGroup:
        repeating = node["repeating"].flag()
        if repeating != node.has("repeat_key"):
            raise node.fail("needs a repeat_key exactly when it is repeating")
        return ItemGroup(
            oid=node["oid"].text(),
            repeating=repeating,
            repeat_key=node["repeat_key"].text() if repeating else None,
        )

    def _field(self, node: _Node, form_derived: bool, groups: tuple[ItemGroup, ...]) -> FieldDef:
        kind = node["kind"].text()
        label = node["label"].localized() if node.has("label") else None
        units: tuple[str, ...] = ()
        standard_unit: str | None = None
        hard_range: ValueRange | None = None
        soft_range: ValueRange | None = None
        cdisc: CdiscRef | None = None
        decimals: tuple[int, ...] = ()
        test_oid: str | None = None
        test_code = node["test"].text() if node.has("test") else None
        if kind in ("lab", "vital"):
            if test_code is None:
                raise node.fail("must name its test")
            if kind == "lab":
                lab = self._find(self.lab_tests, test_code, lambda test: test.code, node, "lab")
                units, standard_unit = lab.unit_codes, lab.standard_unit
                declared = [unit.decimals for unit in lab.units]
                if None not in declared:  # a format 1 lab may declare none, or some
                    decimals = tuple(places for places in declared if places is not None)
                hard_range, soft_range, default_label = lab.hard_range, lab.soft_range, lab.label
                cdisc = CdiscRef("LB", "LBTESTCD", lab.code)
                test_oid = lab.oid
            else:
                vital = self._find(
                    self.vital_signs, test_code, lambda item: item.code, node, "vital sign"
                )
                units, standard_unit = (vital.unit,), vital.unit
                decimals = () if vital.decimals is None else (vital.decimals,)
                hard_range, soft_range, default_label = (
                    vital.hard_range,
                    vital.soft_range,
                    vital.label,
                )
                cdisc = CdiscRef("VS", "VSTESTCD", vital.code)
                test_oid = vital.oid
            label = label or default_label
        elif node.has("unit"):
            standard_unit = self._known_unit(node["unit"])
            units = (standard_unit,)
        if label is None:
            raise node.fail("needs a label")
        if node.has("hard_range"):
            hard_range = self._field_range(node["hard_range"])
        if node.has("soft_range"):
            soft_range = self._field_range(node["soft_range"])
        if kind == "decimal":
            places = self._since_format_2(node, "decimals", _Node.integer)
            decimals = () if places is None else (places,)
            if hard_range is not None and places is not None:
                _check_range_decimals(node["hard_range"], hard_range, places)
        elif node.has("decimals"):
            raise node["decimals"].fail(
                "applies only to decimal fields (labs and vital signs declare theirs with the test)"
            )
        if node.has("cdisc"):
            cdisc_node = node["cdisc"]
            code_node = cdisc_node.get("code")
            point_node = cdisc_node.get("timepoint")
            dtc_node = cdisc_node.get("dtc")
            cdisc = CdiscRef(
                domain=cdisc_node["domain"].text(),
                variable=cdisc_node["variable"].text(),
                code=code_node.text() if code_node else None,
                timepoint=point_node.text() if point_node else None,
                dtc=dtc_node.text() if dtc_node else None,
            )
        codelist, choices = self._field_choices(node, kind)
        site_only = node["site_only"].flag() if node.has("site_only") else False
        if site_only and cdisc is not None:
            raise node.fail("is kept at the site only and so cannot have a CDISC mapping")
        max_length = node["max_length"].integer() if node.has("max_length") else None
        derived = form_derived or (node["derived"].flag() if node.has("derived") else False)
        if derived and (node.has("required") or node.has("applies_if") or site_only):
            raise node.fail(
                "is derived (recorded by the app), so it is not required, conditional or site-only"
            )
        oid = node["oid"].text() if node.has("oid") else test_oid
        if oid is None:
            raise node.fail('needs an "oid" (only lab and vital fields can use their test\'s)')
        return FieldDef(
            name=node["name"].text(),
            kind=cast(FieldKind, kind),
            label=label,
            units=units,
            standard_unit=standard_unit,
            hard_range=hard_range,
            soft_range=soft_range,
            required=node["required"].flag() if node.has("required") else False,
            choices=choices,
            cdisc=cdisc,
            site_only=site_only,
            not_future=node["not_future"].flag() if node.has("not_future") else False,
            max_length=max_length,
            test=test_code,
            oid=oid,
            group_oid=self._field_group(node, groups),
            derived=derived,
            codelist=codelist,
            applies_if=self._condition(node["applies_if"]) if node.has("applies_if") else None,
            decimals=decimals,
        )

    @staticmethod
    def _field_group(node: _Node, groups: tuple[ItemGroup, ...]) -> str:
        """The group a field names, or the form's only group."""
        if not node.has("group"):
            if len(groups) > 1:
                raise node.fail("must name its item group (the form has several)")
            return groups[0].oid
        group_oid = node["group"].text()
        if group_oid not in {group.oid for group in groups}:
            raise node["group"].fail(
                f'names "{group_oid}", which is not an item group of this form'
            )
        return group_oid

    def _field_range(self, node: _Node) -> ValueRange:
        """An inline range, or a reference such as "dosing.weight_range_kg" (declared once)."""
        if not isinstance(node.value, str):
            return node.value_range()
        references = {
            "dosing.weight_range_kg": self.dosing.weight_range_kg,
            "dosing.cell_concentration_range_per_ml": self.dosing.cell_concentration_range_per_ml,
        }
        if node.value not in references:
            raise node.fail(f"must be a range or one of {sorted(references)}")
        return references[node.value]

    def _field_choices(self, node: _Node, kind: str) -> tuple[str | None, tuple[Choice, ...]]:
        """The codelist's name and its choices (a choice field names one; yes/no kinds imply it)."""
        codelist = {"yesno": YESNO_CODELIST, "tristate": TRISTATE_CODELIST}.get(kind)
        if node.has("codelist"):
            codelist = node["codelist"].text()
        if codelist is None:
            if kind == "choice":
                raise node.fail("needs a codelist")
            return None, ()
        if codelist not in self.codelists:
            raise node.fail(f'refers to an unknown codelist "{codelist}"')
        return codelist, self.codelists[codelist]

    @staticmethod
    def _find(
        items: Sequence[_T], code: str, key: Callable[[_T], str], node: _Node, what: str
    ) -> _T:
        for item in items:
            if key(item) == code:
                return item
        raise node.fail(f'refers to an unknown {what} "{code}"')

    def _rule(self, node: _Node) -> FormRule:
        kind = node["kind"].text()
        if kind == "date_order":
            return DateOrderRule(earlier=node["earlier"].text(), later=node["later"].text())
        if kind == "within_days":
            return WithinDaysRule(
                earlier=node["earlier"].text(),
                later=node["later"].text(),
                days=self._days(node["days"]),
            )
        if kind == "required_if":
            return RequiredIfRule(field=node["field"].text(), when=self._condition(node["when"]))
        if kind == "implies":
            return ImpliesRule(
                when=self._condition(node["when"]), then=self._condition(node["then"])
            )
        if kind == "expect_any":
            expected = tuple(self._condition(item) for item in node["any_of"].items())
            return ExpectAnyRule(
                when=self._condition(node["when"]),
                any_of=expected,
                message=node["message"].localized(),
            )
        return MomentNotFutureRule(date=node["date"].text(), time=node["time"].text())

    def _days(self, node: _Node) -> int:
        """A number of days, or the reference "dosing.weight_max_age_days" (declared once)."""
        if node.value == "dosing.weight_max_age_days":
            return self.dosing.weight_max_age_days
        if isinstance(node.value, str):
            raise node.fail('must be a whole number of days or "dosing.weight_max_age_days"')
        days = node.integer()
        if days < 0:
            raise node.fail("must not be negative")
        return days

    @staticmethod
    def _condition(node: _Node) -> Condition:
        values = tuple(item.text() for item in node["in"].items())
        return Condition(field=node["field"].text(), values=values)

    @staticmethod
    def _check_rule_references(protocol: Protocol, forms_node: _Node) -> None:
        """Every name in a rule is a field (of this form, or "form.field"); kinds fit the rule."""

        def resolve(form: FormDef, name: str, node: _Node) -> FieldDef:
            if name == ARM_REFERENCE:
                return protocol.arm_field
            form_id, _, field_name = name.rpartition(".")
            target = form
            if form_id:
                matches = [item for item in protocol.forms if item.form_id == form_id]
                if not matches:
                    raise node.fail(f'refers to an unknown form "{form_id}"')
                target = matches[0]
            if field_name not in target.field_names:
                raise node.fail(f'refers to an unknown field "{name}"')
            return target.field(field_name)

        def check_condition(form: FormDef, condition: Condition, node: _Node) -> None:
            field = resolve(form, condition.field, node)
            unknown = set(condition.values) - set(field.choice_codes)
            if unknown:
                raise node.fail(f'uses codes {sorted(unknown)} that "{field.name}" does not have')
            if "." not in condition.field and field.applies_if is not None:
                raise node.fail(f'depends on "{field.name}", which applies only sometimes')

        for form, form_node in zip(protocol.forms, forms_node.items()):
            if form.applies_if is not None:
                check_condition(form, form.applies_if, form_node["applies_if"])
            field_nodes = [item for item in form_node["fields"].items() if not _retired(item)]
            for field, field_node in zip(form.fields, field_nodes):
                if field.applies_if is not None:
                    check_condition(form, field.applies_if, field_node["applies_if"])
                if field.cdisc is not None and field.cdisc.dtc is not None:
                    dtc = field.cdisc.dtc
                    if dtc not in form.field_names or form.field(dtc).kind != "date":
                        raise field_node["cdisc"].fail(
                            f'dates it by "{dtc}", not a date of this form'
                        )
            rule_nodes = form_node["rules"].items() if form_node.has("rules") else []
            for rule, node in zip(form.rules, rule_nodes):
                if isinstance(rule, (DateOrderRule, WithinDaysRule)):
                    for name in (rule.earlier, rule.later):
                        if resolve(form, name, node).kind not in ("date", "datetime"):
                            raise node.fail(f'orders "{name}", which is not a date')
                elif isinstance(rule, RequiredIfRule):
                    resolve(form, rule.field, node)
                    check_condition(form, rule.when, node)
                elif isinstance(rule, MomentNotFutureRule):
                    if resolve(form, rule.date, node).kind != "date":
                        raise node.fail(f'"{rule.date}" is not a date')
                    if resolve(form, rule.time, node).kind != "text":
                        raise node.fail(f'"{rule.time}" is not a text field holding HH:MM')
                elif isinstance(rule, ExpectAnyRule):
                    check_condition(form, rule.when, node)
                    for expected in rule.any_of:
                        check_condition(form, expected, node)
                else:
                    check_condition(form, rule.when, node)
                    check_condition(form, rule.then, node)
