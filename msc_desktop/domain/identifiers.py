"""The shapes of the identifiers that travel between site and centre, declared once.

Bundles, packages, queries and the centre's web addresses all read these identifiers from outside;
each reader checks them against the same pattern (`fullmatch`).
"""

from __future__ import annotations

import re

#: A site's id on the wire (a site makes its own two-digit id: store/site.py).
SITE_ID_PATTERN = re.compile(r"[A-Za-z0-9_]{1,32}")
#: An ODM OID.
OID_PATTERN = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
#: The key of a repeating item group (empty for a group that does not repeat).
REPEAT_KEY_PATTERN = re.compile(r"[A-Za-z0-9_.\-]{0,64}")
