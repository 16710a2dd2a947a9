"""Password hashing (argon2id) and the password rules. Hashing costs ~150 ms: async callers run it in a thread."""

import contextlib
import secrets
from functools import cache

from argon2 import Parameters, PasswordHasher, extract_parameters
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
    """The same work for every account: a normal password, a one-time password (light hash) or an unknown user.

    Each check verifies one full-cost and one light hash: the stored one, and a dummy of the other cost (two dummies
    for an unknown user), so the time taken does not tell which accounts exist or still have a one-time password."""
    ok = False
    for candidate in _candidates(stored_hash):
        with contextlib.suppress(VerificationError, InvalidHashError):
            ok = (_hasher.verify(candidate, password) and candidate == stored_hash) or ok
    return ok


def verification_work(stored_hash: str | None) -> list[Parameters]:
    """The argon2 parameters of every hash `verify_password` checks for this stored hash."""
    return [extract_parameters(h) for h in _candidates(stored_hash)]


def _candidates(stored_hash: str | None) -> list[str]:
    full, light = _dummy_hash(), _dummy_light_hash()
    if stored_hash is None:
        return [full, light]
    try:
        is_light = extract_parameters(stored_hash).memory_cost < _hasher.memory_cost
    except InvalidHashError:
        return [full, light]
    return [full, stored_hash] if is_light else [stored_hash, light]


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_hex(16))


@cache
def _dummy_light_hash() -> str:
    return _light_hasher.hash(secrets.token_hex(16))


def check_password(username: str, password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise Invalid(texts.ADMIN_PASSWORD_SHORT.format(n=MIN_LENGTH), field)
    if password.strip().lower() == username.lower():
        raise Invalid(texts.ADMIN_PASSWORD_IS_USERNAME, field)


def one_time_password() -> str:
    """A random password given once to a new (or reset) user, who must change it at first login."""
    return secrets.token_urlsafe(12)
