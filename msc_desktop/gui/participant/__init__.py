"""The participant's room: the participant lists, the participant page (registration, consent,
screening), follow-up (visits, infusions, adverse events, audit trail) and the data queries."""
