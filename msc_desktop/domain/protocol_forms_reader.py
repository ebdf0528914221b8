"""Reading the forms of a protocol declaration: item groups, sections, fields and their rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar, cast

from msc_desktop.domain.protocol import (
    TRISTATE_CODELIST,
    YESNO_CODELIST,
    CdiscRef,
    Choice,
    Condition,
    DateOrderRule,
    ExpectAnyRule,
    FieldDef,
    FieldKind,
    FormDef,
    FormRule,
    FormSection,
    ImpliesRule,
    ItemGroup,
    MomentNotFutureRule,
    RequiredIfRule,
    ValueRange,
    WithinDaysRule,
)
from msc_desktop.domain.protocol_node import Node, check_range_decimals, is_retired, unique
from msc_desktop.domain.protocol_tables import TableReader

_T = TypeVar("_T")


class FormReader(TableReader):
    """Reads forms: item groups, sections, fields (a lab or vital field takes its units, ranges
    and decimals from its test), choices, conditions and the rules between fields."""

    def _form(self, node: Node) -> FormDef:
        derived = node["derived"].flag() if node.has("derived") else False
        groups = unique(
            [self._group(item) for item in node["groups"].items()],
            lambda group: group.oid,
            node["groups"],
            "item group",
        )
        all_fields = unique(
            [self._field(item, derived, groups) for item in node["fields"].items()],
            lambda field: field.name,
            node["fields"],
            "field",
        )
        retired = [is_retired(item) for item in node["fields"].items()]
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
    def _sections(node: Node, fields: tuple[FieldDef, ...]) -> tuple[FormSection, ...]:
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
    def _group(node: Node) -> ItemGroup:
        repeating = node["repeating"].flag()
        if repeating != node.has("repeat_key"):
            raise node.fail("needs a repeat_key exactly when it is repeating")
        return ItemGroup(
            oid=node["oid"].text(),
            repeating=repeating,
            repeat_key=node["repeat_key"].text() if repeating else None,
        )

    def _field(self, node: Node, form_derived: bool, groups: tuple[ItemGroup, ...]) -> FieldDef:
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
            places = self._since_format_2(node, "decimals", Node.integer)
            decimals = () if places is None else (places,)
            if hard_range is not None and places is not None:
                check_range_decimals(node["hard_range"], hard_range, places)
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
    def _field_group(node: Node, groups: tuple[ItemGroup, ...]) -> str:
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

    def _field_range(self, node: Node) -> ValueRange:
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

    def _field_choices(self, node: Node, kind: str) -> tuple[str | None, tuple[Choice, ...]]:
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
        items: Sequence[_T], code: str, key: Callable[[_T], str], node: Node, what: str
    ) -> _T:
        for item in items:
            if key(item) == code:
                return item
        raise node.fail(f'refers to an unknown {what} "{code}"')

    def _rule(self, node: Node) -> FormRule:
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

    def _days(self, node: Node) -> int:
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
    def _condition(node: Node) -> Condition:
        values = tuple(item.text() for item in node["in"].items())
        return Condition(field=node["field"].text(), values=values)
