"""Entries about another mediation system (at court, commercial, labour) rank lower when a message names none of
that system's cue words.

A mediator who asks "hòa giải viên do ai bổ nhiệm" or "ai trả thù lao cho hòa giải viên" means the grassroots
mediator; the labour or commercial entry, whose phrasing differs by one word ("hòa giải viên lao động …"), used to
come first and be answered. Editors name the cues per document in documents.yaml (`cues:`); an entry belongs to a
system through its first citation. When the message has none of the cues, its rows lose (1 - DEMOTE) of their score's
size (halved when positive), so it still comes when nothing else fits and the ranking stays ordered (the decision
reads score and lead).
"""

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from bot.core.knowledge import Document, Entry
from bot.core.normalize import fold

DEMOTE = 0.5

Cues = tuple[str, ...]  # folded phrases, one of which a message names when it asks about the system


def entry_cues(entries: Sequence[Entry], documents: Mapping[str, Document]) -> list[Cues]:
    """Per entry: the cues of the document it cites first (empty for grassroots entries)."""
    out: list[Cues] = []
    for e in entries:
        citations = e.data.get("citations") or []
        doc = documents.get(str(citations[0].get("doc", ""))) if citations and isinstance(citations[0], dict) else None
        out.append(tuple(folded for c in doc.cues if (folded := fold(c).strip())) if doc else ())
    return out


def unnamed(cues: Sequence[Cues], words: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Per entry: it belongs to another system and the message (its folded words) names none of its cues."""
    text = f" {' '.join(words)} "
    named: dict[Cues, bool] = {}
    out = np.zeros(len(cues), dtype=bool)
    for i, c in enumerate(cues):
        if c:
            if c not in named:
                named[c] = any(f" {cue} " in text for cue in c)
            out[i] = not named[c]
    return out
