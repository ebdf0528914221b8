"""Printed sheets (reportlab): dosing worksheet, blank CRFs, SAE report, recovery sheet.

What the GUI and the CLI call (msc_desktop.reports.printing); each returns the PDF as bytes, or
raises an `MscError` with one sentence, and `write_pdf` saves bytes atomically:

- `dosing_worksheet_pdf(store, subject_id, visit_code, *, language="en", paper="a4",
  printed_at=None)`
- `sae_report_pdf(store, subject_id, ae_number, *, language, paper, printed_at)`
- `blank_forms_pdf(*, site_id, site_name, language, paper, printed_at, form_ids=None, protocol)`
- `recovery_sheet_pdf(recovery_key, *, site_id, site_name, created_at, language, paper,
  printed_at, protocol)`
- `write_pdf(path, data) -> Path`

A sheet sent to a print queue (CUPS, `reports.cups`) is a `reports.print_queue.Sheet`
(`worksheet_sheet`, `sae_sheet`, `blank_forms_sheet`, `recovery_sheet`) given to `print_sheet`.

Languages "en" and "zh"; papers "a4" (default) and "letter". A sheet is made under the protocol
it is handed (the store's, `SiteStore.protocol`). The modules below them render from
plain data (worksheet, crf, sae, recovery) over a shared frame (sheet) and fonts (fonts).
"""
