"""URIs: the normal form in which a DPoP proof's ``htu`` is compared with the request's URI.

A DPoP proof names the request it belongs to, and RFC 9449 §4.3 (check 9) compares its ``htu``
with the request's URI "without query and fragment parts", after syntax-based and
scheme-based normalisation (RFC 3986 §6.2.2, §6.2.3). Two spellings of one address must
match; two addresses must not. :func:`normalized_htu` brings a URI to one spelling:

* case (§6.2.2.1): scheme and host lower-cased, percent-encoding hex digits upper-cased;
* percent-encoding (§6.2.2.2): ``%7E`` and other encoded unreserved characters decoded;
* path segments (§6.2.2.3): ``.`` and ``..`` removed as in §5.2.4;
* scheme (§6.2.3): the default port (80 for http, 443 for https) and an empty port dropped,
  an empty path written ``/``.

A URI with **userinfo** (``https://evil@api.example/``) is refused outright (None): RFC 9110
§4.2.4 deprecates userinfo in http(s) URIs (senders MUST NOT generate it, recipients SHOULD
treat it as an error), and a parser that drops it silently would let
``https://api.example@evil.example/`` be read as either host. So is a URI that is not absolute.
"""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

__all__ = ["normalized_htu", "remove_dot_segments", "without_query"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")


def without_query(uri: str) -> str:
    """The URI without its fragment and query (RFC 9449 §4.2, ``htu``)."""
    return uri.partition("#")[0].partition("?")[0]


def _percent(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _PERCENT.sub(one, text)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4.

    >>> remove_dot_segments("/a/b/c/./../../g"), remove_dot_segments("mid/content=5/../6")
    ('/a/g', 'mid/6')
    """
    output: list[str] = []
    while path:
        if path.startswith(("../", "./")):
            path = path.partition("/")[2]
        elif path.startswith("/./") or path == "/.":
            path = "/" + path[3:]
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:]
            if output:
                output.pop()
        elif path in (".", ".."):
            path = ""
        else:
            start = 1 if path.startswith("/") else 0
            end = path.find("/", start)
            end = len(path) if end < 0 else end
            output.append(path[:end])
            path = path[end:]
    return "".join(output)


def normalized_htu(uri: str) -> str | None:
    """``uri`` in normal form without query and fragment, or None if it is unusable as ``htu``.

    >>> normalized_htu("HTTPS://API.Example:443/a/./b/../%7euser")
    'https://api.example/a/~user'
    >>> normalized_htu("https://evil@api.example/") is None
    True
    """
    try:
        parts = urlsplit(without_query(uri))
        scheme, host, port = parts.scheme.lower(), parts.hostname or "", parts.port
    except ValueError:
        return None
    if not scheme or not host or "@" in parts.netloc:
        return None
    host = _percent(host).lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = remove_dot_segments(_percent(parts.path)) or "/"
    return f"{scheme}://{host}{path}"
