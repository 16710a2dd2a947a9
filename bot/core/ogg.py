"""Reading an Ogg/Opus file without ffmpeg: is it one, how many channels, how long.

Stored clips are always Ogg/Opus (what the normaliser writes), so `hoagiai check`, the import of
knowledge/audio/ and the console can validate a clip and know its duration on a server without ffmpeg. The page
structure is RFC 3533; the identification header and the 48 kHz granule positions are RFC 7845.
"""

import struct
from dataclasses import dataclass

CAPTURE = b"OggS"
OPUS_HEAD = b"OpusHead"
_HEADER = struct.Struct("<4sBBqIIIB")  # capture, version, type, granule, serial, sequence, crc, segments
OPUS_RATE = 48_000  # Opus granule positions always count 48 kHz samples


class NotOggOpus(ValueError):
    """The bytes are not a well-formed Ogg/Opus stream (the message says what is wrong, in English, for logs)."""


@dataclass(frozen=True)
class OggOpus:
    channels: int
    duration_s: float
    pages: int


def inspect(data: bytes) -> OggOpus:
    """Walk every page of the stream; raise NotOggOpus when the bytes are anything else or cut short."""
    if not data.startswith(CAPTURE):
        raise NotOggOpus("no Ogg capture pattern at the start")
    offset, pages, last_granule, first_packet = 0, 0, -1, b""
    while offset < len(data):
        if len(data) - offset < _HEADER.size:
            raise NotOggOpus(f"truncated page header at byte {offset}")
        capture, version, _kind, granule, _serial, _seq, _crc, count = _HEADER.unpack_from(data, offset)
        if capture != CAPTURE or version != 0:
            raise NotOggOpus(f"bad page at byte {offset}")
        table = data[offset + _HEADER.size : offset + _HEADER.size + count]
        body_start = offset + _HEADER.size + count
        body_end = body_start + sum(table)
        if len(table) < count or body_end > len(data):
            raise NotOggOpus(f"truncated page at byte {offset}")
        if pages == 0:
            first_packet = data[body_start:body_end]
        if granule >= 0:
            last_granule = granule
        pages += 1
        offset = body_end
    if not first_packet.startswith(OPUS_HEAD) or len(first_packet) < 19:
        raise NotOggOpus("the first packet is not an Opus identification header")
    channels = first_packet[9]
    pre_skip = struct.unpack_from("<H", first_packet, 10)[0]
    if channels < 1:
        raise NotOggOpus("no audio channel")
    duration = max(0, last_granule - pre_skip) / OPUS_RATE
    return OggOpus(channels, round(duration, 2), pages)


def is_ogg_opus(data: bytes) -> bool:
    try:
        inspect(data)
    except NotOggOpus:
        return False
    return True
