"""The project's exceptions, in one hierarchy."""


class DeliveryFailed(Exception):
    """A message could not be delivered (blocked bot, closed OA window, network): the reason is kept for staff."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
