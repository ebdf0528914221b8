"""The shape of a CDISC dataset as the centre writes it: variables with label, type and codelist.

A `Dataset` is its rows (text cells, "" for missing) with the metadata CSV, SAS XPORT and
define.xml all read: name and label, class, structure, key variables, and each `Variable`'s
label, type (text or a number), origin and codelist. `Codelist` terms are (code, decode) pairs;
`Codelists` builds them from the protocol declaration: the protocol's own codelists by the
items that carry them, and the controlled terms the datasets derive (test codes and names,
units, visits, epochs, timepoints, scores, arms).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import CdiscStandard, Protocol
from msc_desktop.errors import SyncError

VariableType = Literal["text", "integer", "float", "date", "datetime"]
Origin = Literal["Collected", "Derived", "Assigned", "Protocol", "Predecessor"]


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    data_type: VariableType = "text"
    origin: Origin = "Collected"
    codelist: str | None = None
    #: How a derived variable is computed (define.xml MethodDef), None for others.
    method: str | None = None

    @property
    def numeric(self) -> bool:
        return self.data_type in ("integer", "float")


@dataclass
class Dataset:
    name: str
    label: str
    #: SDTM class ("SPECIAL PURPOSE", "EVENTS", "FINDINGS", "INTERVENTIONS", "RELATIONSHIP") or
    #: ADaM ("BASIC DATA STRUCTURE").
    cdisc_class: str
    structure: str
    keys: tuple[str, ...]
    variables: tuple[Variable, ...]
    rows: list[list[str]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [variable.name for variable in self.variables]

    def add(self, values: dict[str, str]) -> None:
        """Append a row given by variable name; every name must be a variable of the dataset."""
        unknown = set(values) - set(self.names)
        assert not unknown, unknown
        self.rows.append([values.get(name, "") for name in self.names])

    def column(self, name: str) -> list[str]:
        index = self.names.index(name)
        return [row[index] for row in self.rows]

    def table(self) -> list[list[str]]:
        return [self.names, *self.rows]


@dataclass(frozen=True)
class Codelist:
    name: str
    oid: str
    data_type: VariableType
    terms: tuple[tuple[str, str], ...]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(code for code, _ in self.terms)


def _terms(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for code, decode in pairs:
        seen.setdefault(code, decode)
    return tuple(seen.items())


def screen_failure_terms() -> tuple[tuple[str, str], ...]:
    return (
        ("SCREEN FAILURE", "Screen failure"),
        ("ASSIGNED, NOT TREATED", "Assigned, not treated"),
        ("NOT ASSIGNED", "Not assigned"),
    )


MILESTONES = (
    ("INFORMED CONSENT OBTAINED", "Informed consent obtained"),
    ("RANDOMIZED", "Randomized"),
)


def build_codelists(catalogue: ItemCatalogue) -> dict[str, Codelist]:
    """Every codelist a dataset variable refers to, by name."""
    protocol = catalogue.protocol
    standard = require_standard(protocol)
    lists: dict[str, Codelist] = {}

    def add(name: str, pairs: Iterable[tuple[str, str]], data_type: VariableType = "text") -> None:
        lists[name] = Codelist(name, f"CL.{name}", data_type, _terms(pairs))

    for name, choices in protocol.codelists.items():
        add(name, ((choice.code, choice.label.en) for choice in choices))
    add("NCOMPLT", [*lists["NCOMPLT"].terms, ("SCREEN FAILURE", "Screen failure"), *MILESTONES])
    add(
        "DSCAT",
        [("PROTOCOL MILESTONE", "Protocol milestone"), ("DISPOSITION EVENT", "Disposition event")],
    )
    coded = [
        (item.cdisc.code, item.question.en[:40])
        for item in catalogue.items
        if item.cdisc is not None
        and item.cdisc.domain == "LB"
        and item.cdisc.code
        and item.cdisc.variable == "LBTESTCD"
    ]
    tests = {test.code for test in protocol.lab_tests}
    add(
        "LBTESTCD",
        [
            *((test.code, test.cdisc_name) for test in protocol.lab_tests),
            *((code, name) for code, name in coded if code not in tests),
        ],
    )
    add(
        "LBTEST",
        [
            *((test.cdisc_name, test.cdisc_name) for test in protocol.lab_tests),
            *((name, name) for code, name in coded if code not in tests),
        ],
    )
    add("VSTESTCD", ((vital.code, vital.cdisc_name) for vital in protocol.vital_signs))
    add("VSTEST", ((vital.cdisc_name, vital.cdisc_name) for vital in protocol.vital_signs))
    add("UNIT", ((unit.cdisc_unit, unit.symbol.en) for unit in protocol.units))
    visits = [*protocol.visits, *protocol.retired_visits]
    add("VISIT", ((visit.code, visit.name.en) for visit in visits))
    add(
        "VISITNUM",
        (
            (format_decimal(visit.visitnum), visit.code)
            for visit in visits
            if visit.visitnum is not None
        ),
        "float",
    )
    add(
        "EPOCH", ((visit.epoch, visit.epoch.title()) for visit in visits if visit.epoch is not None)
    )
    add("VSTPT", ((point.name, point.name.title()) for point in standard.timepoints))
    add("RSTESTCD", ((score.code, score.name) for score in standard.scores))
    add("RSTEST", ((score.name, score.name) for score in standard.scores))
    add("RSCAT", ((score.category, score.category.title()) for score in standard.scores))
    add(
        "IETESTCD",
        ((criterion.code, criterion.text.en) for criterion in protocol.eligibility.criteria),
    )
    add(
        "XCTESTCD",
        (
            (item.cdisc.code, item.question.en)
            for item in catalogue.items
            if item.cdisc is not None and item.cdisc.domain == "XC" and item.cdisc.code
        ),
    )
    add("IECAT", [("INCLUSION", "Inclusion"), ("EXCLUSION", "Exclusion")])
    add("ARMNRS", screen_failure_terms())
    add("ACTARM", ((arm.code, arm.label.en) for arm in protocol.arms))
    add("AGEU", [(standard.age_unit, standard.age_unit.title())])
    add("COUNTRY", [(standard.country, standard.country)])
    add("ROUTE", [(standard.route, standard.route.title())])
    add("FRM", [(standard.dose_form, standard.dose_form.title())])
    add("PARAMCD", ((parameter.code, parameter.name) for parameter in standard.parameters))
    add("PARAM", ((parameter.name, parameter.name) for parameter in standard.parameters))
    add("FLAG", [("Y", "Yes")])
    return lists


def require_standard(protocol: Protocol) -> CdiscStandard:
    """The protocol's "cdisc" declaration (the datasets cannot be made without it)."""
    if protocol.cdisc is None:
        raise SyncError(
            f'The protocol version {protocol.version} declares no "cdisc" section, '
            f"so no SDTM or ADaM dataset can be made from it."
        )
    return protocol.cdisc


def by_name(datasets: Iterable[Dataset]) -> dict[str, Dataset]:
    return {dataset.name: dataset for dataset in datasets}
