"""Test audio made with ffmpeg itself (never downloaded), knowledge with the language registry, and the console
API calls the voice tests share."""

import functools
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.domain import accounts
from bot.services import Services
from tests.conftest import SAMPLE, write_knowledge

FFMPEG = shutil.which("ffmpeg")
needs_ffmpeg = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg is not installed: uploads are refused without it "
                                                          "(install Debian's ffmpeg package to run these tests)")
# ffmpeg's own encoders for each format an editor may upload.
CODECS = {"ogg": ("libopus", "ogg"), "mp3": ("libmp3lame", "mp3"), "m4a": ("aac", "ipod"), "wav": ("pcm_s16le", "wav"),
          "webm": ("libopus", "webm")}
_CACHE = Path(tempfile.mkdtemp(prefix="hoagiai-test-audio-"))


@functools.cache
def make_audio(fmt: str = "ogg", seconds: float = 2.0, noise: bool = False) -> bytes:
    """A tone (or pink noise with a tone, the hardest case for the encoder) of `seconds`, in `fmt`."""
    assert FFMPEG is not None
    codec, muxer = CODECS[fmt]
    target = _CACHE / f"{fmt}-{seconds}-{noise}.{fmt}"
    rate = 8000 if seconds > 100 else 24000  # long files only need to be long: quick to make on a busy machine
    source = (["-f", "lavfi", "-i", f"anoisesrc=d={seconds}:c=pink:a=0.3", "-f", "lavfi", "-i", f"sine=f=220:d={seconds}",
               "-filter_complex", "amix=inputs=2"] if noise else
              ["-f", "lavfi", "-i", f"sine=f=440:d={seconds}:sample_rate={rate}"])
    bitrate = ["-b:a", "32k" if rate > 8000 else "8k"] if fmt != "wav" else []
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", *source, "-ac", "1", "-ar", str(rate),
                    "-c:a", codec, *bitrate, "-f", muxer, str(target)], check=True)
    return target.read_bytes()


def voice_knowledge(root: Path, entries: list[tuple[str, dict[str, Any]]] | None = None) -> Path:
    """The sample knowledge plus languages.yaml (vi, blt, twh, hmn), as bundled."""
    write_knowledge(root, entries if entries is not None else [("qa", e) for e in SAMPLE])
    shutil.copy(BUNDLED_KNOWLEDGE / "languages.yaml", root / "languages.yaml")
    return root


def api_token(core: Services, username: str = "editor") -> str:
    token, _ = core.db.call(accounts.create_api_token, username=username, actor="test")
    return str(token)


async def upload_clip(client: Any, token: str, entry_id: str, content: bytes, *, lang: str = "vi",
                      filename: str = "clip.ogg", speaker: str | None = "Lò Văn Pánh",
                      transcript: str | None = None) -> aiohttp.ClientResponse:
    form = aiohttp.FormData()
    form.add_field("lang", lang)
    form.add_field("file", io.BytesIO(content), filename=filename, content_type="application/octet-stream")
    if speaker is not None:
        form.add_field("speaker", speaker)
    if transcript is not None:
        form.add_field("transcript", transcript)
    response: aiohttp.ClientResponse = await client.post(f"/admin/api/entries/{entry_id}/audio", data=form,
                                                         headers={"Authorization": f"Bearer {token}"})
    return response


async def publish(client: Any, token: str, entry_id: str) -> Any:
    resp = await client.post(f"/admin/api/entries/{entry_id}/publish", headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 200, await resp.text()
    return await resp.json()


def write_clip(root: Path, entry_id: str, lang: str, content: bytes, speaker: str = "Lò Văn Pánh",
               transcript: str | None = None) -> None:
    """A recorded answer in a knowledge directory, as export writes it."""
    from bot.core.clips import ClipMeta, dump_meta

    folder = root / "audio"
    folder.mkdir(exist_ok=True)
    (folder / f"{entry_id}.{lang}.ogg").write_bytes(content)
    (folder / f"{entry_id}.{lang}.yaml").write_text(dump_meta(ClipMeta(speaker, transcript)), encoding="utf-8")


_NORMALIZED: dict[tuple[str, float, bool], bytes] = {}


async def normalized(fmt: str = "wav", seconds: float = 2.0, noise: bool = False) -> bytes:
    """Audio as the server stores it: converted by the same Transcoder (Ogg/Opus mono, 24 kbit/s)."""
    from bot.domain.transcode import Transcoder

    key = (fmt, seconds, noise)
    if key not in _NORMALIZED:
        _NORMALIZED[key] = (await Transcoder().to_opus(make_audio(fmt, seconds, noise), max_seconds=180)).content
    return _NORMALIZED[key]
