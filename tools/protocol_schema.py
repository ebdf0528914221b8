"""Write resources/protocol.schema.json, the JSON Schema of a protocol declaration for its authors.

The schema is generated from the pydantic models of msc_desktop/domain/protocol_schema.py; it
describes each entry's shape (the rules between entries are checked when a declaration is read).
Run `python tools/protocol_schema.py` after changing the models; a test checks the file is current.
"""

from __future__ import annotations

from msc_desktop.domain.protocol_schema import schema_text
from msc_desktop.paths import resources_dir

SCHEMA_FILE = "protocol.schema.json"

if __name__ == "__main__":
    (resources_dir() / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
