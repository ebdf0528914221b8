"""Pieces every screen shares: the form engine, the save sequence, dialogs and e-signatures,
PDF preview, the trend chart, the table model and the time zone chooser."""
