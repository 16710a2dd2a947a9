"""Who is asking: the client's address (X-Forwarded-For is believed only from the proxies the operator lists in
HOAGIAI_TRUSTED_PROXIES) and a per-address limit on the requests that cost search time (/api/chat, library search).
"""

import collections
import functools
import ipaddress
import threading
import time
from collections.abc import Callable

from aiohttp import web

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
WINDOW_S = 60.0
MAX_TRACKED = 50_000  # addresses remembered at once; beyond it the idle ones are forgotten first


@functools.cache
def parse_proxies(value: str) -> tuple[Network, ...]:
    """`HOAGIAI_TRUSTED_PROXIES`: comma-separated IP addresses or CIDR ranges; empty means no proxy is trusted.

    Raises ValueError naming the bad item (the settings turn it into a start-up error)."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"'{item}' không phải địa chỉ IP hay dải CIDR (ví dụ 172.30.0.0/24, 10.0.0.5)") from None
    return tuple(networks)


def _trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in proxies)


def client_address(request: web.Request, proxies: tuple[Network, ...]) -> str | None:
    """The peer's address; when the peer is a trusted proxy, the nearest X-Forwarded-For hop that is not one.

    A client connecting directly (even from the office network) cannot choose the answer with a header: the header is
    read only when the connection itself comes from a listed proxy, and only the hops the proxies appended count."""
    peer = request.remote
    if peer is None or not proxies or not _trusted(peer, proxies):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getall("X-Forwarded-For", [])).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop[:64]
    return peer


class AddressLimiter:
    """At most `per_minute` requests per client address over a sliding minute, in this process (0 = no limit).

    Each replica counts its own requests: behind a load balancer spreading clients over N replicas a client gets up to
    N times the limit, still far from stalling any one of them."""

    def __init__(self, per_minute: int, proxies: tuple[Network, ...] = (),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.proxies = proxies
        self._clock = clock
        self._seen: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, request: web.Request) -> bool:
        """Count this request for its address; False when the address is over its limit (the request is refused)."""
        if self.per_minute <= 0:
            return True
        address = client_address(request, self.proxies) or "?"
        now = self._clock()
        with self._lock:
            stamps = self._seen.get(address)
            if stamps is None:
                if len(self._seen) >= MAX_TRACKED:
                    self._forget_idle(now)
                stamps = self._seen[address] = collections.deque()
            while stamps and stamps[0] <= now - WINDOW_S:
                stamps.popleft()
            if len(stamps) >= self.per_minute:
                return False
            stamps.append(now)
            return True

    def _forget_idle(self, now: float) -> None:
        idle = [a for a, s in self._seen.items() if not s or s[-1] <= now - WINDOW_S]
        for address in idle or list(self._seen)[: MAX_TRACKED // 10]:
            del self._seen[address]
