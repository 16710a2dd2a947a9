"""Audio normalisation with ffmpeg: ogg/opus, mp3, m4a, wav, webm… in; Ogg/Opus mono at 24 kbit/s out — what Telegram
plays as a voice note, what a 2G/3G phone can fetch (~0.18 MB a minute) and what every browser's <audio> plays.

ffmpeg runs as a separate process on a temporary copy (m4a needs a seekable input), at most two at a time (the
server has two cores), with a time limit. Where ffmpeg is missing, `Transcoder.available` is False and conversion
raises Unavailable: stored clips keep playing, new uploads are refused with a clear message.
"""

import asyncio
import contextlib
import logging
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.core import ogg, texts
from bot.core.errors import Invalid, Unavailable

logger = logging.getLogger(__name__)

OPUS_ARGS = ("-vn", "-sn", "-dn", "-map_metadata", "-1", "-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "24k",
             "-vbr", "constrained", "-application", "voip", "-frame_duration", "60", "-f", "ogg")
_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")


class Unreadable(Invalid):
    """Not audio ffmpeg can read (a text file renamed .mp3, a picture, a cut-off file)."""


class TooLong(Invalid):
    """Audio longer than allowed."""


@dataclass(frozen=True)
class Normalized:
    content: bytes  # Ogg/Opus
    duration_s: float


class Transcoder:
    def __init__(self, ffmpeg: str = "ffmpeg", timeout_s: float = 120.0) -> None:
        self.ffmpeg = ffmpeg
        self.timeout_s = timeout_s
        self._running = asyncio.Semaphore(2)  # the server has two cores

    @property
    def available(self) -> bool:
        return shutil.which(self.ffmpeg) is not None

    async def to_opus(self, data: bytes, *, max_seconds: int) -> Normalized:
        """Convert, refusing what is not audio (Invalid), longer than `max_seconds` (Invalid) or when ffmpeg is
        missing (Unavailable)."""
        binary = shutil.which(self.ffmpeg)
        if binary is None:
            raise Unavailable(texts.AUDIO_NO_FFMPEG)
        too_long = TooLong(texts.AUDIO_TOO_LONG.format(minutes=max_seconds // 60), "file")
        with tempfile.TemporaryDirectory(prefix="hoagiai-audio-") as tmp:
            source, target = Path(tmp) / "input", Path(tmp) / "output.ogg"
            source.write_bytes(data)  # no extension: ffmpeg probes the content, never trusts a file name
            async with self._running:
                # A quick look first (no output): a stated duration over the limit is refused without converting.
                _, probe = await self._run([binary, "-hide_banner", "-nostdin", "-i", str(source)])
                stated = _input_duration(probe)
                if stated is not None and stated > max_seconds + 0.5:
                    raise too_long
                code, stderr = await self._run([binary, "-hide_banner", "-nostdin", "-i", str(source),
                                                "-t", str(max_seconds + 1), *OPUS_ARGS, str(target)])
            content = target.read_bytes() if code == 0 and target.is_file() else b""
        try:
            info = ogg.inspect(content)
        except ogg.NotOggOpus:
            logger.info("audio refused: ffmpeg exit %s: %s", code, stderr[-300:].replace("\n", " "))
            raise Unreadable(texts.AUDIO_UNREADABLE, "file") from None
        if info.duration_s <= 0:
            raise Unreadable(texts.AUDIO_UNREADABLE, "file")
        if info.duration_s > max_seconds + 0.5:
            raise too_long
        return Normalized(content, info.duration_s)

    async def _run(self, args: list[str]) -> tuple[int, str]:
        proc = await asyncio.create_subprocess_exec(*args, stdin=asyncio.subprocess.DEVNULL,
                                                    stdout=asyncio.subprocess.DEVNULL,
                                                    stderr=asyncio.subprocess.PIPE)
        try:
            _, err = await asyncio.wait_for(proc.communicate(), self.timeout_s)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
            return -1, "timed out"
        return proc.returncode or 0, err.decode("utf-8", "replace")


def _input_duration(stderr: str) -> float | None:
    """The input's duration as ffmpeg reports it ("Duration: 00:10:00.00"; "N/A" for a stream without one)."""
    found = _DURATION.search(stderr)
    if found is None:
        return None
    hours, minutes, seconds = found.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
