"""Reading the reference tables and trial settings of a protocol declaration: units, codelists,
lab tests, vital signs, dosing, visits, randomization, eligibility criteria and the CDISC
section (`TableReader`, the base of the protocol reader)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from msc_desktop.domain.protocol import (
    DERIVATIONS,
    SCORE_RESULTS,
    TRISTATE_CODELIST,
    YESNO_CODELIST,
    AnalysisParameter,
    CdiscStandard,
    Choice,
    CommonEvent,
    Criterion,
    CriterionCategory,
    CriterionSource,
    DosingParameters,
    EligibilityRules,
    FormDef,
    LabTest,
    LabUnit,
    RandomizationRules,
    ScoreDef,
    Stratum,
    Timepoint,
    Unit,
    ValueRange,
    Visit,
    VitalSign,
)
from msc_desktop.domain.protocol_node import Node, check_range_decimals, unique

_T = TypeVar("_T")


class TableReader:
    """Reads the declaration's tables that forms refer to (units, codelists, lab tests, vital
    signs, dosing) and the trial's settings (visits, randomization, eligibility, CDISC); the
    tables are kept on the reader for the parts read after them."""

    format: int
    units: tuple[Unit, ...]
    codelists: dict[str, tuple[Choice, ...]]
    codelist_oids: dict[str, str]
    lab_tests: tuple[LabTest, ...]
    vital_signs: tuple[VitalSign, ...]
    dosing: DosingParameters

    def _since_format_2(self, node: Node, key: str, read: Callable[[Node], _T]) -> _T | None:
        """`node[key]`, required from format 2 on; in format 1, read if present."""
        if self.format < 2 and not node.has(key):
            return None
        return read(node[key])

    def _unit(self, node: Node) -> Unit:
        return Unit(
            code=node["code"].text(),
            oid=node["oid"].text(),
            symbol=node["symbol"].localized(),
            cdisc=node["cdisc"].text() if node.has("cdisc") else "",
        )

    def _cdisc(self, node: Node) -> CdiscStandard:
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
            timepoints=unique(
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
            scores=unique(scores, lambda score: score.code, node["scores"], "score"),
            analysis_dataset=analysis["dataset"].text(),
            analysis_label=analysis["label"].text(),
            parameters=unique(
                parameters, lambda parameter: parameter.code, analysis["parameters"], "parameter"
            ),
            baseline_visits=tuple(item.text() for item in analysis["baseline_visits"].items()),
        )

    def _known_unit(self, node: Node) -> str:
        code = node.text()
        if code not in {unit.code for unit in self.units}:
            raise node.fail(f'names the unit "{code}", which "units" does not declare')
        return code

    def _codelist_reference(self, node: Node) -> tuple[Choice, ...]:
        name = node.text()
        if name not in self.codelists:
            raise node.fail(f'refers to an unknown codelist "{name}"')
        return self.codelists[name]

    def _common_event(self, node: Node) -> CommonEvent:
        return CommonEvent(
            oid=node["oid"].text(),
            name=node["name"].localized(),
            forms=tuple(item.text() for item in node["forms"].items()),
        )

    def _codelists(self, node: Node) -> tuple[dict[str, tuple[Choice, ...]], dict[str, str]]:
        codelists: dict[str, tuple[Choice, ...]] = {}
        oids: dict[str, str] = {}
        for name, codelist in node.entries():
            entries = codelist["items"]
            choices = [self._choice(item) for item in entries.items()]
            codelists[name] = unique(choices, lambda choice: choice.code, entries, "code")
            oids[name] = codelist["oid"].text()
        unique(list(oids.values()), lambda oid: oid, node, "codelist OID")
        for required in (YESNO_CODELIST, TRISTATE_CODELIST):
            if required not in codelists:
                raise node.fail(f'has no "{required}" codelist')
        return codelists, oids

    def _choice(self, node: Node) -> Choice:
        return Choice(code=node["code"].text(), label=node["label"].localized())

    def _lab_test(self, node: Node) -> LabTest:
        units = [
            LabUnit(
                code=self._known_unit(item["code"]),
                multiply_by=item["multiply_by"].decimal(),
                divide_by=item["divide_by"].decimal(),
                decimals=self._since_format_2(item, "decimals", Node.integer),
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
            units=unique(units, lambda unit: unit.code, node["units"], "unit"),
            hard_range=node["hard_range"].value_range(),
            soft_range=node["soft_range"].value_range(),
            cdisc_name=node["cdisc_name"].text() if node.has("cdisc_name") else "",
        )
        standard = test.unit(test.standard_unit) if test.standard_unit in test.unit_codes else None
        if standard is None or standard.multiply_by != 1 or standard.divide_by != 1:
            raise node.fail("must accept its standard unit with factor 1")
        self._check_soft_within_hard(node, test.hard_range, test.soft_range)
        if standard.decimals is not None:
            check_range_decimals(node["hard_range"], test.hard_range, standard.decimals)
        return test

    def _vital_sign(self, node: Node) -> VitalSign:
        vital = VitalSign(
            code=node["code"].text(),
            oid=node["oid"].text(),
            label=node["label"].localized(),
            unit=self._known_unit(node["unit"]),
            decimals=self._since_format_2(node, "decimals", Node.integer),
            hard_range=node["hard_range"].value_range(),
            soft_range=node["soft_range"].value_range(),
            cdisc_name=node["cdisc_name"].text() if node.has("cdisc_name") else "",
        )
        self._check_soft_within_hard(node, vital.hard_range, vital.soft_range)
        if vital.decimals is not None:
            check_range_decimals(node["hard_range"], vital.hard_range, vital.decimals)
        return vital

    @staticmethod
    def _check_soft_within_hard(node: Node, hard: ValueRange, soft: ValueRange) -> None:
        if soft.low < hard.low or soft.high > hard.high:
            raise node.fail("has a soft range outside its hard range")

    def _dosing(self, node: Node) -> DosingParameters:
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

    def _visit(self, node: Node) -> Visit:
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

    def _randomization(self, node: Node) -> RandomizationRules:
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
            strata=unique(list(strata), lambda stratum: stratum.code, node["strata"], "stratum"),
            low_stock_below=node["low_stock_below"].integer(),
        )
        if rules.low_stock_below < 0:
            raise node["low_stock_below"].fail("must not be negative")
        if rules.list_length_factor < 1:
            raise node["list_length_factor"].fail("must be at least 1")
        return rules

    def _eligibility(self, node: Node, forms: tuple[FormDef, ...]) -> EligibilityRules:
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
            criteria=unique(criteria, lambda criterion: criterion.code, node["criteria"], "code"),
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

    def _criterion(self, node: Node) -> Criterion:
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
