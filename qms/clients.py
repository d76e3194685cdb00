"""The client's address, as every throttle (citizen lookup, search, logins) must see it.

Behind a reverse proxy every request comes from the proxy's address, so a limit per ``REMOTE_ADDR`` would
throttle everyone together. The proxy's ``X-Forwarded-For`` is believed only when the connection comes from a
proxy listed in ``QMS_TRUSTED_PROXIES`` (addresses or networks, from the environment): then the header is read
from the right, skipping the trusted proxies, and the first other address is the client. Whatever a client
writes into the header itself stands to the left of that and is ignored, so it cannot choose its own address.

python-ipware was tried: it takes the header's left-most (client-written) entry or counts proxies without
checking that the connection itself came from one, which is the spoofing this function exists to stop.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "1.2.3.4:5678"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of the client that sent ``request`` (see the module docstring); never raises."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(getattr(settings, "QMS_TRUSTED_PROXIES", ())))
    if not _trusted(peer, networks):
        return str(peer) if peer is not None else "unknown"
    forwarded = [_parse(part) for part in request.META.get(FORWARDED_HEADER, "").split(",")][-20:]
    for address in reversed(forwarded):
        if address is None:
            break  # a garbled entry: nothing to its left can be trusted
        if not _trusted(address, networks):
            return str(address)
    return str(peer)


def client_network(request) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The client as a throttle counts it: its IPv4 address, or the first address of its IPv6 /64 (the range one
    line gets, so stepping through it buys no new tries); None when the connection gave no usable address."""
    address = _parse(client_ip(request))
    if address is None:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.version == 6:
        return ipaddress.ip_network(f"{address}/64", strict=False).network_address
    return address


def client_bucket(request) -> str:
    """:func:`client_network` as a key for counters: the /64 written as a network, "unknown" without an address."""
    network = client_network(request)
    if network is None:
        return "unknown"
    return f"{network}/64" if network.version == 6 else str(network)
