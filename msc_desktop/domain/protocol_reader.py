"""Reading a protocol declaration into the typed `Protocol` of domain/protocol.py.

`load_protocol()` reads, checks and caches the shipped resources/protocol.json; `read_protocol()`
and `parse_protocol()` check any other copy (e.g. an amendment sent by the coordinating centre)
the same way. The declaration's shape (keys, types, OIDs, decimals, kinds) is checked first by the
pydantic models of domain/protocol_schema.py; the reader then checks the rules between entries
(references to units, tests, codelists, forms and fields; OIDs unique; ranges within ranges;
decimals that can write a range's bounds) as it builds the frozen dataclasses: the tables and
trial settings in protocol_tables.py, the forms in protocol_forms_reader.py, and what only the
whole shows in protocol_checks.py. A fault raises `ValidationError`, one line naming its path
(`protocol.forms[3].fields[1].oid ...`, see protocol_node.py).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from msc_desktop.domain.protocol import PROTOCOL_FILE, SUPPORTED_FORMATS, Protocol
from msc_desktop.domain.protocol_checks import (
    check_events,
    check_items,
    check_rule_references,
    check_timepoints,
)
from msc_desktop.domain.protocol_forms_reader import FormReader
from msc_desktop.domain.protocol_node import Node, is_retired, unique
from msc_desktop.domain.protocol_schema import check_shape
from msc_desktop.errors import ValidationError
from msc_desktop.paths import resources_dir


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
    return _ProtocolParser().protocol(Node(data, "protocol"))


class _ProtocolParser(FormReader):
    """Builds the dataclasses top-down; cross-references are checked once everything is read."""

    def protocol(self, root: Node) -> Protocol:
        self.format = root["format"].integer()
        if self.format not in SUPPORTED_FORMATS:
            raise root["format"].fail(f"must be one of {SUPPORTED_FORMATS}")
        self.units = unique(
            unique(
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
        self.lab_tests = unique(
            [self._lab_test(node) for node in root["lab_tests"].items()],
            lambda test: test.code,
            root["lab_tests"],
            "lab test",
        )
        self.vital_signs = unique(
            [self._vital_sign(node) for node in root["vital_signs"].items()],
            lambda vital: vital.code,
            root["vital_signs"],
            "vital sign",
        )
        self.dosing = self._dosing(root["dosing"])
        all_visits = unique(
            [self._visit(node) for node in root["visits"].items()],
            lambda visit: visit.code,
            root["visits"],
            "visit",
        )
        retired = [is_retired(node) for node in root["visits"].items()]
        visits = tuple(visit for visit, gone in zip(all_visits, retired) if not gone)
        all_forms = unique(
            [self._form(node) for node in root["forms"].items()],
            lambda form: form.form_id,
            root["forms"],
            "form",
        )
        unique(list(all_forms), lambda form: form.oid, root["forms"], "form OID")
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
            target_enrolment=self._since_format_2(root, "target_enrolment", Node.integer),
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
        check_events(protocol, root)
        check_timepoints(protocol, root)
        check_items(protocol, root["forms"])
        check_rule_references(protocol, root["forms"])
        infusion = {form.form_id: form for form in forms}.get("infusion")
        plan_node = root["dosing"]["plan_fields"]
        if infusion is None or not protocol.dosing.plan_fields:
            raise plan_node.fail("must name fields of the infusion form")
        for name, item in zip(protocol.dosing.plan_fields, plan_node.items(), strict=True):
            if name not in infusion.field_names:
                raise item.fail(f'is not a field of the infusion form: "{name}"')
        return protocol
