"""SDTM datasets (SDTMIG 3.4) from the items the centre received, by their CDISC annotations.

Every value comes from an item (by its OID and the protocol's `cdisc` annotation) or is derived
here from the protocol declaration and the rules engine; nothing reads a site's tables.
- DM: one row per participant: age at consent from the birth year and month (the day stays at the
  site: in the month of birth the lower age), country, planned and actual arm (screen failures:
  ARMNRS "SCREEN FAILURE" with empty arm codes; randomized to MSC but never infused: "ASSIGNED,
  NOT TREATED"; still in screening: "NOT ASSIGNED"), reference dates (RFSTDTC day 0, RFXSTDTC /
  RFXENDTC first and last infusion, RFENDTC the end of study), death.
  SUPPDM: stratum, participant status, screening number.
- DS: informed consent and randomization milestones (the randomization date is the date of the
  randomization event as the site recorded it), screen failure with the unmet criteria, the end of
  study as recorded (DSTERM verbatim).
- IE: every unmet inclusion and met exclusion criterion, answered or derived: the centre evaluates
  the protocol's criteria with the rules engine on the screening items (age from the birth year
  and month is used only when every day of that month gives the same verdict).
- LB, VS: each annotated test, tests and units in CDISC Controlled Terminology, the standard value
  rounded to the digits the measurement carries (one more significant digit than entered, at
  least three); infusion vital signs with their planned timepoint (VSTPT, VSTPTNUM, VSTPTREF,
  VSELTM). LB rows feeding the scores carry LBLNKGRP, which the RS rows of that visit share.
- XC: the clinical grades the scores read (ascites, encephalopathy, dialysis, variceal bleeding).
- RS: the primary endpoint at every visit with labs: Child-Pugh points per component, score and
  class, MELD, MELD-Na and MELD 3.0, computed by `msc_desktop.domain.endpoint`.
- EX: completed infusions (SUPPEX: volume, bag, expiry, concentration, viability, rate, plan).
- AE: the annotated AE variables (AEDECOD and AEBODSYS stay empty until the protocol records a
  coded term); SUPPAE: awareness and report times, expectedness, infusion visit.
VISITNUM, EPOCH and --DY are filled wherever they apply (a record outside the schedule takes the
epoch of the last visit on or before its date). Clinical times keep the offset they were recorded
with (ISO 8601 to the minute); a value that carries none is written as the local time it is,
never with "Z"; times the app records itself (randomization, report times) are UTC.

The modules: `columns` (the variables and values every domain shares), `source` (the pooled data
as the domains read them), one module per domain family (`demographics`, `disposition`,
`findings`, `scores`, `events`), and `build`, which puts them together in submission order.
"""
