"""Tờ gấp: a one-page leaflet to print (A4 or A5) and hand out; the whole body is the answer."""

from bot.core.kinds.base import ALT_QUESTIONS, EXAMPLES, HEAD, TAIL, TITLE, EntryKind
from bot.core.kinds.fields import TEXT, FieldSpec

KIND = EntryKind(
    name="leaflet", folder="leaflets", slug="to-gap", title_field="title", answer_field="body", printable=True,
    fields=HEAD + (TITLE, ALT_QUESTIONS, FieldSpec("body", TEXT, max_len=1500, block=True), EXAMPLES) + TAIL,
)
