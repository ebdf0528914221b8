"""MSC Desktop: offline data capture for the MSC decompensated cirrhosis trial (NCT03209986)."""

__version__ = "0.1.0"
