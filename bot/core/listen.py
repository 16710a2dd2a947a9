"""Listening to recorded answers: "🔊 Nghe" under an answer sends its clip, and /ngonngu (menu "🗣 Ngôn ngữ nghe")
sets the language whose clip answers offer first.

The reply carries the clip as `Reply.voice`; each door delivers it as its platform allows (a voice message, its own
player, or a link to the player page /nghe/<clip-id>), which the core never needs to know.
"""

from collections.abc import Sequence

from bot.core import texts, views
from bot.core.actions import Action, act
from bot.core.clips import ClipInfo
from bot.core.context import Context
from bot.core.messages import Button, Reply, Turn, VoiceClip


def duration_text(seconds: float) -> str:
    """'45 giây', '2 phút 05 giây'."""
    whole = max(1, round(seconds))
    if whole < 60:
        return texts.DURATION_SHORT.format(seconds=whole)
    return texts.DURATION.format(minutes=whole // 60, seconds=whole % 60)


def voice_clip(clip: ClipInfo, base_url: str) -> VoiceClip:
    page = f"{base_url}/nghe/{clip.id}"
    return VoiceClip(clip.id, clip.sha256, clip.lang, clip.duration_s, page, f"{page}.ogg")


class ListenFlow:
    name = "listen"
    commands: Sequence[str] = ("/ngonngu",)
    menu_buttons: Sequence[Button] = (Button(texts.BTN_LANGUAGE, act("ngonngu")),)
    answer_buttons: Sequence[Button] = ()

    def __init__(self, public_url: str | None = None) -> None:
        self.base_url = (public_url or "").rstrip("/")  # links stay relative without HOAGIAI_PUBLIC_URL

    async def command(self, ctx: Context, command: str) -> Turn:
        return self._choose(ctx)

    async def action(self, ctx: Context, action: Action) -> Turn:
        match action.code:
            case "au":
                return self._listen(ctx, action.text(0), action.text(1))
            case "nn:set":
                language = ctx.kb.languages.get(action.text(0))
                if language is None:
                    return Turn([Reply(texts.EXPIRED_BUTTON)])
                ctx.state["lang"] = language.code
                return Turn([Reply(texts.LANG_SET.format(name=language.name))])
        return self._choose(ctx)

    async def text(self, ctx: Context, text: str) -> Turn | None:
        return None  # no form: typed text is a question

    def _choose(self, ctx: Context) -> Turn:
        languages = list(ctx.kb.languages.values())
        if not languages:
            return Turn([Reply(texts.LANG_NONE)])
        chosen = ctx.state.get("lang")
        buttons = tuple(Button(("✔ " if lang.code == chosen else "") + lang.name, act("nn:set", lang.code))
                        for lang in languages)
        return Turn([Reply(texts.LANG_CHOOSE, buttons)])

    def _listen(self, ctx: Context, entry_id: str, lang: str) -> Turn:
        """The clip with a caption naming the entry, the language and who reads it; the entry's other languages
        as buttons."""
        clip = next((c for c in ctx.kb.clips_of(entry_id) if c.lang == lang), None)
        if clip is None:
            return Turn([Reply(texts.LISTEN_GONE)])
        entry = ctx.kb.entries[entry_id]
        caption = texts.LISTEN_CAPTION.format(title=views.short(entry.title, 200), speaker=clip.speaker,
                                              language=ctx.kb.languages[lang].name,
                                              duration=duration_text(clip.duration_s))
        others = tuple(views.listen_buttons(entry, ctx.kb, ctx.state.get("lang"), skip=lang))
        return Turn([Reply(caption, others, voice=voice_clip(clip, self.base_url))])
