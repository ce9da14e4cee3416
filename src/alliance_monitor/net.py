"""The one HTTP layer: every download of Alliance Monitor goes through :func:`open_stream`.

It enforces, for every fetcher (article URLs, feeds, data sets, GDELT files and lists):

- a **total-time deadline** for the whole transfer, redirects included (a server that sends
  one byte every few seconds is cut off when the deadline has passed; each single read is
  also bounded, so the overrun is at most one read timeout);
- a **byte cap** on the decoded body (a gzip-encoded body counts with its inflated size, so a
  small compressed body cannot fill the disk);
- an **address policy**: only public addresses are fetched — no loopback, link-local (such as
  the cloud metadata address 169.254.169.254), private, shared, multicast or reserved ranges,
  checked for every redirect hop and pinned for the connection (the checked address is the one
  connected to, so a DNS answer cannot change in between). More can be allowed with the
  environment variable ``ALLIANCE_FETCH_ALLOW`` (comma-separated CIDR ranges or the words
  ``loopback``, ``private``, ``link-local``, ``any``) or a :class:`Policy` passed in. A policy
  can also name the only hosts a fetcher may contact (``fetch gdelt``: the GDELT host).

Every failure is a :class:`~alliance_monitor.errors.FetchError` whose message names the URL and
says what to do.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from alliance_monitor.errors import (
    AddressRefused,
    DeadlineExceeded,
    FetchError,
    TooLarge,
    TransferInterrupted,
)

ENV_ALLOW = "ALLIANCE_FETCH_ALLOW"
USER_AGENT = "AllianceMonitor/0.1 (research; +https://example.org/alliance-monitor)"
DEFAULT_DEADLINE = 120.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_CONNECT_TIMEOUT = 10.0
MAX_REDIRECTS = 5

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_WORDS: dict[str, tuple[str, ...]] = {
    "loopback": ("127.0.0.0/8", "::1/128"),
    "link-local": ("169.254.0.0/16", "fe80::/10"),
    "private": ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"),
    "any": ("0.0.0.0/0", "::/0"),
}


def _networks(spec: str) -> tuple[IPNetwork, ...]:
    out: list[IPNetwork] = []
    for word in (w.strip().lower() for w in spec.split(",")):
        if not word:
            continue
        try:
            out.extend(ipaddress.ip_network(n) for n in _WORDS.get(word, (word,)))
        except ValueError as exc:
            raise FetchError(f"{ENV_ALLOW}: '{word}' is neither a CIDR range nor one of "
                             f"{', '.join(sorted(_WORDS))}") from exc
    return tuple(out)


@dataclass(frozen=True)
class Policy:
    """Which addresses (and, optionally, which hosts) a download may reach."""

    allow: tuple[IPNetwork, ...] = ()
    hosts: frozenset[str] | None = None  # None = any host name

    @classmethod
    def from_env(cls, hosts: frozenset[str] | None = None) -> Policy:
        return cls(_networks(os.environ.get(ENV_ALLOW, "")), hosts)

    @classmethod
    def relaxed(cls, spec: str = "loopback", hosts: frozenset[str] | None = None) -> Policy:
        return cls(_networks(spec), hosts)

    def only_hosts(self, *hosts: str) -> Policy:
        return Policy(self.allow, frozenset(h.lower() for h in hosts))

    def allowed(self, ip: IPAddress) -> bool:
        if any(ip in net for net in self.allow if net.version == ip.version):
            return True
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            return self.allowed(ip.ipv4_mapped)
        return ip.is_global and not ip.is_multicast

    def resolve(self, url: str) -> tuple[str, int, IPAddress]:
        """(host, port, the one checked address to connect to) or :class:`FetchError`."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"{url}: only http and https addresses can be fetched")
        host = (parts.hostname or "").lower()
        if not host:
            raise FetchError(f"{url}: the address has no host name")
        if self.hosts is not None and host not in self.hosts:
            raise FetchError(f"{url}: refused, host '{host}' is not one this command fetches "
                             f"from (allowed: {', '.join(sorted(self.hosts))})")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise FetchError(f"{url}: invalid port") from exc
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"{url}: cannot resolve host '{host}' ({exc})") from exc
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        refused = [a for a in addresses if not self.allowed(a)]
        if refused or not addresses:
            shown = refused[0] if refused else "none"
            raise AddressRefused(
                f"{url}: refused, '{host}' resolves to a non-public address ({shown}); only "
                f"public addresses are fetched. To allow it, set {ENV_ALLOW} (e.g. "
                f"{ENV_ALLOW}=loopback, or a CIDR range such as 10.1.0.0/16)")
        return host, port, addresses[0]


@dataclass(frozen=True)
class Limits:
    """Time and size limits of one download."""

    max_bytes: int
    deadline: float = DEFAULT_DEADLINE  # seconds for the whole transfer
    read_timeout: float = DEFAULT_READ_TIMEOUT  # seconds for one read (within the deadline)
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    max_redirects: int = MAX_REDIRECTS


@dataclass
class Stream:
    """An open response whose :meth:`chunks` enforce the deadline and the byte cap."""

    url: str
    response: httpx.Response
    limits: Limits
    started: float
    offset: int = 0  # bytes the caller already holds (resumed downloads count toward the cap)
    received: int = field(default=0)

    @property
    def final_url(self) -> str:
        return self.url

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    def remaining(self) -> float:
        return self.limits.deadline - (time.monotonic() - self.started)

    def chunks(self, max_bytes: int | None = None) -> Iterator[bytes]:
        """The decoded body in chunks; raises :class:`FetchError` past the deadline or cap."""
        cap = self.limits.max_bytes if max_bytes is None else max_bytes
        try:
            for chunk in self.response.iter_bytes():
                self.received += len(chunk)
                if self.offset + self.received > cap:
                    raise TooLarge(f"{self.url}: more than {cap:,} bytes; stopped (raise the "
                                     f"limit only if you trust the source)")
                if self.remaining() < 0:
                    raise DeadlineExceeded(
                        f"{self.url}: not complete after {self.limits.deadline:g} s "
                        f"(total-time limit); the server is too slow — try again later")
                yield chunk
        except httpx.TimeoutException as exc:
            raise FetchError(f"{self.url}: no data for {self.limits.read_timeout:g} s; try "
                             f"again later") from exc
        except httpx.DecodingError as exc:
            raise FetchError(f"{self.url}: the body cannot be decoded ({exc})") from exc
        except httpx.HTTPError as exc:
            raise TransferInterrupted(f"{self.url}: transfer interrupted "
                                      f"({type(exc).__name__}); run it again") from exc

    def read(self) -> bytes:
        return b"".join(self.chunks())


def _pinned_request(client: httpx.Client, method: str, url: str, policy: Policy,
                    headers: dict[str, str], timeout: httpx.Timeout) -> httpx.Request:
    """A request for ``url`` that connects to the checked address only."""
    host, port, ip = policy.resolve(url)
    parts = urlsplit(url)
    literal = f"[{ip}]" if ip.version == 6 else str(ip)
    default = 443 if parts.scheme == "https" else 80
    netloc = literal if port == default else f"{literal}:{port}"
    target = parts._replace(netloc=netloc).geturl()
    host_header = host if parts.port in (None, default) else f"{host}:{port}"
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return client.build_request(method, target, headers={**headers, "Host": host_header},
                                timeout=timeout, extensions=extensions)


@contextmanager
def open_stream(url: str, *, limits: Limits, policy: Policy | None = None,
                headers: dict[str, str] | None = None,
                client: httpx.Client | None = None, offset: int = 0) -> Iterator[Stream]:
    """GET ``url`` (following checked redirects) and yield the open :class:`Stream`.

    The caller checks the status and reads ``stream.chunks()``; the deadline covers
    connecting, redirects and the body.
    """
    pol = policy if policy is not None else Policy.from_env()
    own = client is None
    http = client or httpx.Client(follow_redirects=False, trust_env=False,
                                  headers={"User-Agent": USER_AGENT})
    started = time.monotonic()
    current = url
    response: httpx.Response | None = None
    try:
        for _hop in range(limits.max_redirects + 1):
            remaining = limits.deadline - (time.monotonic() - started)
            if remaining <= 0:
                raise DeadlineExceeded(f"{url}: not complete after {limits.deadline:g} s "
                                 f"(total-time limit)")
            timeout = httpx.Timeout(min(limits.read_timeout, remaining),
                                    connect=min(limits.connect_timeout, remaining))
            request = _pinned_request(http, "GET", current, pol, dict(headers or {}), timeout)
            try:
                response = http.send(request, stream=True, follow_redirects=False)
            except httpx.ConnectTimeout as exc:
                raise FetchError(f"{current}: no connection within {timeout.connect:g} s; "
                                 f"try again later") from exc
            except httpx.TimeoutException as exc:
                raise FetchError(f"{current}: no data for {timeout.read:g} s; try again "
                                 f"later") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{current}: network error ({type(exc).__name__}: {exc}); "
                                 f"check the address or your connection") from exc
            if response.is_redirect and "location" in response.headers:
                nxt = urljoin(current, response.headers["location"])
                response.close()
                response = None
                current = nxt
                continue
            break
        else:
            raise FetchError(f"{url}: more than {limits.max_redirects} redirects")
        assert response is not None
        yield Stream(current, response, limits, started, offset)
    finally:
        if response is not None:
            response.close()
        if own:
            http.close()


@dataclass
class Fetched:
    """A whole (small) response body read into memory."""

    url: str
    final_url: str
    status: int
    data: bytes
    content_type: str | None
    charset: str | None
    headers: httpx.Headers


def get(url: str, *, limits: Limits, policy: Policy | None = None,
        headers: dict[str, str] | None = None, client: httpx.Client | None = None,
        ok: tuple[int, ...] = (200,)) -> Fetched:
    """Read a whole response into memory (within the limits); statuses not in ``ok`` raise."""
    with open_stream(url, limits=limits, policy=policy, headers=headers,
                     client=client) as stream:
        if stream.status not in ok:
            raise FetchError(f"{url}: HTTP {stream.status} "
                             f"{stream.response.reason_phrase}".rstrip())
        length = stream.headers.get("content-length", "")
        if length.isdigit() and int(length) > limits.max_bytes:
            raise TooLarge(f"{url}: too large, {int(length):,} bytes > limit "
                             f"{limits.max_bytes:,}")
        data = stream.read()
        ctype = stream.headers.get("content-type", "")
        return Fetched(url, stream.final_url, stream.status, data,
                       ctype.split(";")[0].strip().lower() or None,
                       stream.response.charset_encoding, stream.headers)


__all__ = ["ENV_ALLOW", "Fetched", "Limits", "Policy", "Stream", "get", "open_stream"]
