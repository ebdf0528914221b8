"""The test sites' user accounts (user id, password, full name), shared by every test layer."""

ADMIN = ("admin", "Harbour-lamp-2026", "Ada Admin")
NURSE = ("nurse", "Willow-stone-2026", "Nora Nurse")
INVESTIGATOR = ("doctor", "Copper-field-2026", "Ivan Investigator")
MONITOR = ("monitor", "Quiet-river-2026", "Mona Monitor")

# The coordinating centre's passphrase in tests (it passes the same policy as a site password).
CENTRE_PASSPHRASE = "Granite-orchid-lantern-2026"
