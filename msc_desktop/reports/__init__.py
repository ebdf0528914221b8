"""Printed sheets (reportlab): dosing worksheet, blank CRFs, SAE report, recovery sheet."""
