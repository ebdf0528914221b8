"""Services: every action a user can take, as a function of an unlocked `SiteStore`.

The GUI and the CLI call these and nothing else; each checks the role, validates input with the
domain rules, enforces the order of events, and writes in one audited transaction.
"""
