"""Pure-Python trial rules: scores, units, eligibility, schedule, dosing, AEs, randomization.

No Qt, no SQLAlchemy, no store: everything here is exact (`Decimal`) and unit-tested with vectors.
"""
