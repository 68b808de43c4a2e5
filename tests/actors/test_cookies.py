"""The browser's cookie rules, one test per rule with its RFC 6265bis section, and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simtoken.actors.cookies import (
    RULE_SECTIONS,
    SAFE_METHODS,
    BrowserRequest,
    Cookie,
    CookieJar,
    CookieRule,
    SameSite,
    is_same_site,
    path_matches,
    script_refusal,
    sending_refusal,
    site,
    storage_refusal,
)

APP = "https://app.example"
REFRESH = APP + "/auth/refresh"
EVIL = "https://attacker.example"


def cookie(**changes: object) -> Cookie:
    """The hardened refresh cookie, with some attributes changed."""
    base: dict[str, object] = {
        "name": "__Secure-refresh_token",
        "value": "rt",
        "host": "app.example",
        "path": "/auth/refresh",
        "max_age": 3600.0,
    }
    return Cookie(**{**base, **changes})  # type: ignore[arg-type]


def sent(c: Cookie, request: BrowserRequest, now: float = 10.0) -> CookieRule | None:
    return sending_refusal(c, request, stored_at=0.0, now=now)


def test_every_rule_cites_its_section() -> None:
    assert set(RULE_SECTIONS) == set(CookieRule)
    assert all(section.startswith("§") for section in RULE_SECTIONS.values())


def test_set_cookie_renders_every_attribute() -> None:
    assert cookie().set_cookie() == (
        "__Secure-refresh_token=rt; Path=/auth/refresh; Max-Age=3600; Secure; HttpOnly; "
        "SameSite=Strict"
    )
    loose = cookie(name="rt", secure=False, http_only=False, same_site=SameSite.NONE, max_age=None)
    assert loose.set_cookie() == "rt=rt; Path=/auth/refresh; SameSite=None"


# -- storing (§5.7, §4.1.3) -----------------------------------------------------------------


def test_5_7_a_secure_cookie_is_not_set_over_plain_http() -> None:
    assert (
        storage_refusal(cookie(), "http://app.example/auth/refresh") is CookieRule.SECURE_FROM_HTTP
    )
    assert storage_refusal(cookie(), REFRESH) is None


def test_5_7_samesite_none_needs_secure() -> None:
    insecure_none = cookie(name="rt", secure=False, same_site=SameSite.NONE)
    assert storage_refusal(insecure_none, REFRESH) is CookieRule.NONE_NOT_SECURE
    assert storage_refusal(cookie(same_site=SameSite.NONE), REFRESH) is None


def test_4_1_3_1_the_secure_prefix_needs_secure() -> None:
    assert storage_refusal(cookie(secure=False), REFRESH) is CookieRule.SECURE_PREFIX
    assert storage_refusal(cookie(name="__SECURE-rt", secure=False), REFRESH) is (
        CookieRule.SECURE_PREFIX  # prefixes match case-insensitively
    )


def test_4_1_3_2_the_host_prefix_needs_secure_and_path_slash() -> None:
    host = cookie(name="__Host-refresh_token")
    assert storage_refusal(host, REFRESH) is CookieRule.HOST_PREFIX  # Path=/auth/refresh
    assert storage_refusal(cookie(name="__Host-rt", path="/", secure=False), REFRESH) is (
        CookieRule.HOST_PREFIX
    )
    assert storage_refusal(cookie(name="__Host-rt", path="/"), REFRESH) is None


def test_5_7_a_host_only_cookie_is_set_by_its_own_host() -> None:
    assert storage_refusal(cookie(), "https://api.example/x") is CookieRule.OTHER_HOST


# -- sending (§5.8.3, §5.1.4, §5.6.7.1) -----------------------------------------------------


def test_5_8_3_a_secure_cookie_never_goes_over_plain_http() -> None:
    typed = BrowserRequest("http://app.example/auth/refresh", navigation=True)
    assert sent(cookie(), typed) is CookieRule.SECURE_OVER_HTTP
    assert sent(cookie(name="rt", secure=False), typed) is None


def test_5_1_4_path_match() -> None:
    assert path_matches("/auth/refresh", "/auth/refresh")
    assert path_matches("/auth/refresh/x", "/auth/refresh")
    assert path_matches("/auth/refresh", "/auth/")
    assert path_matches("/anything", "/")
    assert not path_matches("/auth/refreshx", "/auth/refresh")
    assert not path_matches("/", "/auth/refresh")
    assert not path_matches("/auth", "/auth/refresh")
    home = BrowserRequest(APP + "/", navigation=True)
    assert sent(cookie(), home) is CookieRule.PATH


def test_5_7_max_age_ends_the_cookie() -> None:
    post = BrowserRequest(REFRESH, "POST", APP)
    assert sent(cookie(), post, now=3599.9) is None
    assert sent(cookie(), post, now=3600.0) is CookieRule.EXPIRED
    assert sent(cookie(max_age=None), post, now=1e9) is None


def test_5_8_3_a_host_only_cookie_goes_to_its_host_only() -> None:
    assert sent(cookie(), BrowserRequest("https://api.example/auth/refresh")) is (
        CookieRule.OTHER_HOST
    )


def test_5_2_sites_are_the_last_two_labels_and_the_scheme() -> None:
    assert site("www.app.example") == site("app.example") == "app.example"
    assert is_same_site(BrowserRequest(REFRESH, "POST", "https://www.app.example"))
    assert not is_same_site(BrowserRequest(REFRESH, "POST", EVIL))
    assert not is_same_site(BrowserRequest(REFRESH, "POST", "http://app.example"))  # schemeful
    assert is_same_site(BrowserRequest(REFRESH))  # typed by the user


@pytest.mark.parametrize(
    ("same_site", "method", "navigation", "refusal"),
    [
        (SameSite.STRICT, "POST", True, CookieRule.SAME_SITE),
        (SameSite.STRICT, "GET", True, CookieRule.SAME_SITE),
        (SameSite.LAX, "POST", True, CookieRule.SAME_SITE),  # a form posting cross-site
        (SameSite.LAX, "GET", False, CookieRule.SAME_SITE),  # a cross-site fetch or <img>
        (SameSite.LAX, "GET", True, None),  # a link: a safe top-level navigation
        (SameSite.NONE, "POST", True, None),
        (SameSite.NONE, "POST", False, None),
    ],
)
def test_5_6_7_1_samesite_on_cross_site_requests(
    same_site: SameSite, method: str, navigation: bool, refusal: CookieRule | None
) -> None:
    request = BrowserRequest(REFRESH, method, EVIL, navigation)
    assert sent(cookie(same_site=same_site), request) is refusal
    same_origin = BrowserRequest(REFRESH, method, APP, navigation)
    assert sent(cookie(same_site=same_site), same_origin) is None


def test_5_8_2_a_script_cannot_read_an_http_only_cookie() -> None:
    assert script_refusal(cookie()) is CookieRule.HTTP_ONLY
    assert script_refusal(cookie(http_only=False)) is None


def test_the_jar_keeps_refuses_replaces_reads_and_forgets() -> None:
    jar = CookieJar()
    post = BrowserRequest(REFRESH, "POST", APP)
    assert jar.attach("app.example", "__Secure-refresh_token", post, 0.0) == (None, None)
    assert jar.store(cookie(value="one"), REFRESH, 0.0) is None
    assert jar.store(cookie(value="two", secure=False), REFRESH, 1.0) is CookieRule.SECURE_PREFIX
    got, refusal = jar.attach("app.example", "__Secure-refresh_token", post, 2.0)
    assert (got and got.value, refusal) == ("one", None)  # a refused cookie changes nothing
    assert jar.store(cookie(value="three"), REFRESH, 100.0) is None
    read = jar.read("app.example", "__Secure-refresh_token", 3699.0)
    assert read is not None and read.value == "three"  # Max-Age counts from the newest set
    assert jar.read("app.example", "__Secure-refresh_token", 3700.0) is None
    assert jar.attach("app.example", "__Secure-refresh_token", post, 3700.0) == (
        None,
        CookieRule.EXPIRED,
    )
    jar.delete("app.example", "__Secure-refresh_token")
    assert jar.read("app.example", "__Secure-refresh_token", 0.0) is None


_URLS = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}{path}",
    st.sampled_from(["http", "https"]),
    st.sampled_from(["app.example", "www.app.example", "attacker.example", "api.example"]),
    st.sampled_from(["/", "/auth", "/auth/refresh", "/auth/refresh/x", "/api/data"]),
)
_REQUESTS = st.builds(
    BrowserRequest,
    _URLS,
    st.sampled_from(["GET", "POST", "HEAD", "PUT"]),
    st.one_of(st.none(), st.sampled_from([APP, EVIL, "http://app.example"])),
    st.booleans(),
)
_COOKIES = st.builds(
    Cookie,
    st.sampled_from(["rt", "__Secure-rt", "__Host-rt"]),
    st.just("value"),
    st.sampled_from(["app.example", "www.app.example"]),
    st.sampled_from(["/", "/auth", "/auth/refresh"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(list(SameSite)),
    st.one_of(st.none(), st.floats(1, 1e6)),
)


@given(_COOKIES, _REQUESTS, st.floats(0, 1e7))
def test_a_secure_cookie_never_goes_over_plain_http(
    c: Cookie, request: BrowserRequest, now: float
) -> None:
    if sent(c, request, now) is None and c.secure:
        assert request.url.startswith("https://")


@given(_COOKIES, _REQUESTS, st.floats(0, 1e7))
def test_a_cross_site_unsafe_request_never_carries_a_lax_or_strict_cookie(
    c: Cookie, request: BrowserRequest, now: float
) -> None:
    # RFC 6265bis §5.8.3: Lax lets a cookie ride a cross-site top-level navigation with a *safe*
    # method (RFC 9110 §9.2.1: GET, HEAD, OPTIONS, TRACE), so a HEAD navigation may carry it.
    unsafe = request.method.upper() not in SAFE_METHODS
    if c.same_site is not SameSite.NONE and unsafe and not is_same_site(request):
        assert sent(c, request, now) is not None


def test_a_cross_site_head_navigation_carries_a_lax_cookie_but_not_a_strict_one() -> None:
    head = BrowserRequest(REFRESH, "HEAD", EVIL, navigation=True)
    assert sending_refusal(cookie(same_site=SameSite.LAX), head, stored_at=0, now=1) is None
    strict = sending_refusal(cookie(same_site=SameSite.STRICT), head, stored_at=0, now=1)
    assert strict is CookieRule.SAME_SITE


@given(_COOKIES, _REQUESTS, st.floats(0, 1e7))
def test_a_sent_cookie_matches_host_path_and_lifetime(
    c: Cookie, request: BrowserRequest, now: float
) -> None:
    if sent(c, request, now) is None:
        assert request.url.split("/")[2] == c.host
        assert path_matches("/" + request.url.split("/", 3)[3], c.path)
        assert c.max_age is None or now < c.max_age


@given(_COOKIES, _URLS)
def test_a_stored_cookie_keeps_its_prefix_promises(c: Cookie, url: str) -> None:
    if storage_refusal(c, url) is None:
        if c.name.lower().startswith(("__secure-", "__host-")):
            assert c.secure and url.startswith("https://")
        if c.name.lower().startswith("__host-"):
            assert c.path == "/"
        if c.same_site is SameSite.NONE:
            assert c.secure
