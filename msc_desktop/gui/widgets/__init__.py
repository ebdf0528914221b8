"""Pieces every screen shares: the form engine, the save sequence, dialogs and e-signatures (the
signature box), PDF preview, the trend chart, the table model and row table set-up, the frameless
scroll area, and the time zone chooser."""
