"""The terminal door (`hoagiai chat`): the same dialogue as every other channel, in a terminal.

It reads one line at a time and hands it to the core like any door (menus, /kiemtra, /vanban, feedback, paging,
escalation), against the configured database. The terminal shows no buttons: choices are numbered and answered with
a digit, as on Zalo. A generated document is written to a folder (the current one) and its path printed.
"""

import asyncio
import getpass
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from bot.channels.base import ChannelAdapter, DoorDeps, numbered_text
from bot.core import texts
from bot.core.messages import ChannelCaps, Document, Reply
from bot.core.views import split_pages

CAPS = ChannelCaps(max_text=4000, files=True)  # numbered choices; documents are files, written to the folder
EXIT_WORDS = {"thoat", "thoát", "exit", "quit"}


class TerminalChannel(ChannelAdapter):
    """Prints replies to `out` and writes documents into `folder`."""

    name = "terminal"
    caps = CAPS

    def __init__(self, deps: DoorDeps, out: TextIO, folder: Path) -> None:
        super().__init__(deps)
        self.out = out
        self.folder = folder

    async def deliver(self, chat: str, replies: Sequence[Reply]) -> None:
        for reply in replies:
            text, _ = numbered_text(reply)
            if reply.document is not None:
                text += "\n" + texts.CLI_CHAT_SAVED.format(path=self._save(reply.document))
            for page in split_pages(text, CAPS.max_text):
                print(page, file=self.out)
            print(file=self.out)
        self.out.flush()

    def _save(self, document: Document) -> Path:
        """The document in the folder, under its own name (never overwriting an earlier one)."""
        path = self.folder / document.filename
        n = 1
        while path.exists():
            n += 1
            path = self.folder / f"{Path(document.filename).stem}-{n}{Path(document.filename).suffix}"
        path.write_bytes(document.content)
        return path.resolve()

    async def converse(self, read: Callable[[], str], user: str | None = None) -> None:
        """The greeting and menu, then one turn per line until end of input or an exit word."""
        chat = user or getpass.getuser()
        print(texts.CLI_CHAT_WELCOME, file=self.out)
        await self.reply_to(chat, self.incoming(chat, "text", "/start"))
        while True:
            try:
                line = (await asyncio.to_thread(read)).strip()
            except EOFError:
                return
            if line.lower() in EXIT_WORDS:
                return
            if line:
                await self.reply_to(chat, self.incoming(chat, "text", line))
