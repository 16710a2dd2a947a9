"""The registry of knowledge kinds: one line per kind, in the order menus, counts and the library list them."""

from bot.core.kinds import leaflet, qa, quiz, scenario, skit
from bot.core.kinds.base import EntryKind

KINDS: dict[str, EntryKind] = {kind.name: kind for kind in (
    qa.KIND,
    scenario.KIND,
    leaflet.KIND,
    skit.KIND,
    quiz.KIND,
)}
NAMES: tuple[str, ...] = tuple(KINDS)


def kind_of(name: str) -> EntryKind:
    """The declaration of a kind by name (KeyError for a name no module declares)."""
    return KINDS[name]
