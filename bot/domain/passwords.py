"""Password hashing (argon2id) and the password rules. Hashing costs ~150 ms: async callers run it in a thread."""

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.core import texts
from bot.core.errors import Invalid

MIN_LENGTH = 10
_hasher = PasswordHasher()
# One-time passwords are 96 random bits and must be replaced at first login: guessing them is infeasible however
# fast the hash, so they get a light argon2 (~5 ms instead of ~150 ms). Passwords people choose get the full cost.
_light_hasher = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def hash_one_time(password: str) -> str:
    """Hash a password made by `one_time_password` (see `_light_hasher` for why it may be cheaper)."""
    return _light_hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant work whether or not the user exists: an unknown user is checked against a dummy hash."""
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_hex(16))


def check_password(username: str, password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise Invalid(texts.ADMIN_PASSWORD_SHORT.format(n=MIN_LENGTH), field)
    if password.strip().lower() == username.lower():
        raise Invalid(texts.ADMIN_PASSWORD_IS_USERNAME, field)


def one_time_password() -> str:
    """A random password given once to a new (or reset) user, who must change it at first login."""
    return secrets.token_urlsafe(12)
