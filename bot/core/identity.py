"""Pseudonymous user keys: the raw Telegram/Zalo id is never stored in logs or conversation state."""

import hashlib
import hmac


def user_key(salt: bytes, channel: str, raw_id: str) -> str:
    """HMAC-SHA256 of channel and raw id under a secret salt (32 hex characters)."""
    return hmac.new(salt, f"{channel}:{raw_id}".encode(), hashlib.sha256).hexdigest()[:32]
