"""The test amendment (tests/data/amendment-1.1.json) applied to the shipped protocol declaration.

The data file lists only what version 1.1 adds (a visit, its codes, an item of the visit form), so
it stays valid whatever else the shipped declaration gains; `amended_declaration()` is the whole
version 1.1 declaration, as the coordinating centre would issue it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from msc_desktop.central.service import Center
from msc_desktop.paths import resources_dir
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.site import import_packages
from tests.unit.sync.sitepath import connect

AMENDMENT = Path(__file__).resolve().parent / "data" / "amendment-1.1.json"
NEW_ITEM = "eq_vas"
NEW_VISIT = "W36"


def shipped_declaration() -> dict[str, Any]:
    return json.loads((resources_dir() / "protocol.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def amended_declaration(base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Version 1.1: `base` (the shipped declaration) with the amendment's additions."""
    declaration = copy.deepcopy(base or shipped_declaration())
    patch = json.loads(AMENDMENT.read_text(encoding="utf-8"))
    declaration["version"] = patch["version"]
    visits = declaration["visits"] + patch["visits"]
    declaration["visits"] = sorted(visits, key=lambda visit: -1 if visit["day"] is None else visit["day"])
    order = {visit["code"]: index for index, visit in enumerate(declaration["visits"])}
    for name, codes in patch["codes"].items():
        listed = declaration["codelists"][name] + codes
        declaration["codelists"][name] = sorted(listed, key=lambda code: order.get(code["code"], len(order)))
    for form in declaration["forms"]:
        form["fields"].extend(patch["fields"].get(form["id"], []))
    return declaration


def write_amendment(folder: Path, declaration: dict[str, Any] | None = None) -> Path:
    """The amendment as a file a centre administrator would hand to `msc-central amend`."""
    path = folder / "protocol-1.1.json"
    path.write_text(json.dumps(declaration or amended_declaration(), ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path


def deliver_amendment(admin: SiteStore, center: Center, folder: Path) -> None:
    """The centre issues version 1.1 and the site's administrator imports its site package
    (the centre pinned at the site and the site registered at the centre first)."""
    connect(admin, center, folder)
    center.amend(write_amendment(folder).read_bytes())
    package = folder / f"{admin.site_id}.mscp"
    package.write_bytes(center.site_package(admin.site_id, expected_enrolment=10))
    [result] = import_packages(admin, [package])
    assert result.ok, result.message
