"""MSC Desktop: offline data capture for the MSC decompensated cirrhosis trial (NCT03209986)."""

__version__ = "0.1.0"
PROTOCOL_ID = "XJMSC0001"
TRIAL_REGISTRY_ID = "NCT03209986"
