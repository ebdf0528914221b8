"""The coordinating centre: bundle import and verification, receipts, pooled store, exports."""
