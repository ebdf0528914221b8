"""The coordinating centre: bundle import and verification, receipts, pooled store, exports."""

# The centre's server and PostgreSQL driver come with the `central` extra, not with a site install.
CENTRAL_EXTRA_MISSING = (
    "{what} needs the coordinating centre's packages: pip install 'msc-desktop[central]'."
)
