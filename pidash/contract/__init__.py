"""The PiOrchestrator V1 contract as pydantic models, shared by the simulator and the client."""

from pidash.contract.base import ContractModel, NullableList, Timestamp, find_drift, utcnow
from pidash.contract.envelope import (
    ErrorDetail,
    ErrorEnvelope,
    FlatAuthError,
    SuccessEnvelope,
    error_envelope,
    success_envelope,
)
from pidash.contract.errors import REGISTRY, ErrorCode, ErrorSpec, lookup, user_message
from pidash.contract.validation import normalize_mac, validate_passphrase, validate_ssid

__all__ = [
    "REGISTRY",
    "ContractModel",
    "ErrorCode",
    "ErrorDetail",
    "ErrorEnvelope",
    "ErrorSpec",
    "FlatAuthError",
    "NullableList",
    "SuccessEnvelope",
    "Timestamp",
    "error_envelope",
    "find_drift",
    "lookup",
    "normalize_mac",
    "success_envelope",
    "user_message",
    "utcnow",
    "validate_passphrase",
    "validate_ssid",
]
