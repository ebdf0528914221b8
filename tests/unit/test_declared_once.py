"""What the protocol declares lives once, in resources/protocol.json: the trial identifier, the
fields an infusion is planned from and the infused-volume deviation limit are read from the
`Protocol`, never written again in the code (a second copy fails here)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from msc_desktop.domain.protocol_reader import load_protocol

PACKAGE = Path(__file__).resolve().parents[2] / "msc_desktop"
PROTOCOL = load_protocol()


def code_strings() -> Iterator[tuple[str, int, str]]:
    """(module, line, text) of every string literal in the package that is not a docstring."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                yield path.relative_to(PACKAGE).as_posix(), node.lineno, node.value


def test_the_trial_identifier_is_written_only_in_the_declaration() -> None:
    assert PROTOCOL.protocol_id == "XJMSC0001"
    copies = {
        (module, text) for module, _line, text in code_strings() if PROTOCOL.protocol_id in text
    }
    # The ODM study and MetaDataVersion OIDs too: protocol.json declares the study OID and
    # domain/items.py builds each version's MetaDataVersion OID from it (issue 13).
    assert copies == set()


def test_the_registry_number_is_written_only_in_the_declaration() -> None:
    # `msc-desktop --help` answers before the app reads anything, so its description names it.
    copies = {module for module, _line, text in code_strings() if PROTOCOL.registry_id in text}
    assert copies == {"gui/app.py"}


def test_no_module_spells_out_the_plan_fields() -> None:
    plan = set(PROTOCOL.dosing.plan_fields) - {"visit_code"}
    spelled = []
    # The demo data is what a nurse would type into the form, field by field: data, not a list.
    for path in sorted(set(PACKAGE.rglob("*.py")) - {PACKAGE / "store" / "demo_clinic.py"}):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
                items = node.keys if isinstance(node, ast.Dict) else node.elts
                names = {item.value for item in items if isinstance(item, ast.Constant)}
                if len(plan & names) >= 4:
                    spelled.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert spelled == []
    assert PROTOCOL.dosing.plan_fields[0] == "visit_code"
    assert set(PROTOCOL.dosing.plan_fields) <= set(PROTOCOL.form("infusion").field_names)


def test_the_volume_deviation_limit_is_the_declared_one() -> None:
    assert PROTOCOL.dosing.volume_deviation_pct == 10
    sentences = [text for _module, _line, text in code_strings() if "% off" in text]
    assert sentences and all("{limit} % off" in text for text in sentences)
