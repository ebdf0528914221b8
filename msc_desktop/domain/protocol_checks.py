"""The rules between the parts of a read protocol that only the whole shows: events place every
form once, CDISC timepoints are declared, an ItemOID declares one item, the randomization form
holds the arms, and every name a rule or condition uses is a field of a kind that fits."""

from __future__ import annotations

from msc_desktop.domain.protocol import (
    ARM_REFERENCE,
    RANDOMIZATION_FORM,
    Condition,
    DateOrderRule,
    ExpectAnyRule,
    FieldDef,
    FormDef,
    MomentNotFutureRule,
    Protocol,
    RequiredIfRule,
    WithinDaysRule,
)
from msc_desktop.domain.protocol_node import Node, is_retired, unique


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


def check_timepoints(protocol: Protocol, root: Node) -> None:
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


def check_events(protocol: Protocol, root: Node) -> None:
    """Event OIDs are unique; each event names declared forms once; each form has an event."""
    in_effect = [node for node in root["visits"].items() if not is_retired(node)]
    events = [(visit.oid, visit.forms, node) for visit, node in zip(protocol.visits, in_effect)]
    events.append((protocol.common_event.oid, protocol.common_event.forms, root["common_event"]))
    unique([oid for oid, _, _ in events], lambda oid: oid, root["visits"], "event OID")
    known = {form.form_id for form in protocol.all_forms}
    placed: set[str] = set()
    for _, form_ids, node in events:
        unique(list(form_ids), lambda form_id: form_id, node["forms"], "form")
        unknown = sorted(set(form_ids) - known)
        if unknown:
            raise node["forms"].fail(f"names unknown forms {unknown}")
        placed.update(form_ids)
    unplaced = [form.form_id for form in protocol.all_forms if form.form_id not in placed]
    if unplaced:
        raise root["common_event"].fail(f"or a visit must hold the forms {unplaced}")


def check_items(protocol: Protocol, forms_node: Node) -> None:
    """An ItemOID used twice declares the same item; one group holds an OID once; the arm."""
    first: dict[str, tuple[FieldDef, str]] = {}
    for form, form_node in zip(protocol.all_forms, forms_node.items()):
        in_groups: set[tuple[str, str]] = set()
        asked = [item for item in form_node["fields"].items() if not is_retired(item)]
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


def check_rule_references(protocol: Protocol, forms_node: Node) -> None:
    """Every name in a rule is a field (of this form, or "form.field"); kinds fit the rule."""

    def resolve(form: FormDef, name: str, node: Node) -> FieldDef:
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

    def check_condition(form: FormDef, condition: Condition, node: Node) -> None:
        field = resolve(form, condition.field, node)
        unknown = set(condition.values) - set(field.choice_codes)
        if unknown:
            raise node.fail(f'uses codes {sorted(unknown)} that "{field.name}" does not have')
        if "." not in condition.field and field.applies_if is not None:
            raise node.fail(f'depends on "{field.name}", which applies only sometimes')

    for form, form_node in zip(protocol.forms, forms_node.items()):
        if form.applies_if is not None:
            check_condition(form, form.applies_if, form_node["applies_if"])
        field_nodes = [item for item in form_node["fields"].items() if not is_retired(item)]
        for field, field_node in zip(form.fields, field_nodes):
            if field.applies_if is not None:
                check_condition(form, field.applies_if, field_node["applies_if"])
            if field.cdisc is not None and field.cdisc.dtc is not None:
                dtc = field.cdisc.dtc
                if dtc not in form.field_names or form.field(dtc).kind != "date":
                    raise field_node["cdisc"].fail(f'dates it by "{dtc}", not a date of this form')
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
