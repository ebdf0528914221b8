"""Signed, encrypted export bundles, site packages from the centre, receipts and transports."""
