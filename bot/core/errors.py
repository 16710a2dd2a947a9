"""The project's exceptions, in one hierarchy.

`DomainError`s are refusals a person can act on: each carries a stable `code`, the Vietnamese `message` they read
(from bot.core.texts) and the `field` it is about. The operations raise them without knowing who asked; each edge
maps them to its own terms, in one place: bot.web.errors (HTTP status and the {"error", "field"} body), the
console's error pages (admin.web) and the command line (bot.cli, exit status 1).

Failures of a platform's API (`ChannelApiError`) stay inside the door that talks to it; what reaches the rest of the
system is `DeliveryFailed`, with the reason staff are shown.
"""

from typing import ClassVar


class HoagiaiError(Exception):
    """Every error the project raises on purpose."""


class DomainError(HoagiaiError):
    """A refused operation: a code, the message to show, and the field it is about (None: the whole request)."""

    code: ClassVar[str] = "invalid"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(DomainError):
    """The input breaks a rule (HTTP 400)."""


class TooLarge(Invalid):
    """The input is larger than accepted (HTTP 413)."""

    code = "too_large"


class Unauthorized(DomainError):
    """Who is asking is unknown (HTTP 401)."""

    code = "unauthorized"


class Forbidden(DomainError):
    """Who is asking may not do this (HTTP 403)."""

    code = "forbidden"


class NotFound(DomainError):
    """What the operation is about does not exist (HTTP 404)."""

    code = "not_found"


class Conflict(DomainError):
    """The operation clashes with the current state: a duplicate, a closed case, a review rule (HTTP 409)."""

    code = "conflict"


class Unavailable(DomainError):
    """A capability this server lacks right now, e.g. ffmpeg for new audio (HTTP 503); what exists keeps working."""

    code = "unavailable"


class KnowledgeError(Invalid):
    """A problem in a knowledge file, located by path and line (1-based; 0 when unknown) and, for entries, the field.

    `str()` is the `file:line: message` line the checker prints; the console and the API use `field`.
    """

    code = "knowledge"

    def __init__(self, path: str, line: int, message: str, field: str | None = None) -> None:
        super().__init__(message, field)
        self.args = (f"{path}:{line}: {message}",)
        self.path = path
        self.line = line


class BackupError(Invalid):
    """A backup that cannot be restored here (unreadable, another schema, a database that is not empty)."""

    code = "backup"


class BadSetting(Invalid, ValueError):
    """A setting that cannot work (refused at start-up, naming the variable)."""

    code = "setting"


class DeliveryFailed(DomainError):
    """A message could not be delivered (blocked bot, closed OA window, network): the reason is kept for staff."""

    code = "delivery_failed"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ChannelApiError(HoagiaiError):
    """A platform's API refused a call or could not be reached; `code` is the platform's (0: no answer)."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
