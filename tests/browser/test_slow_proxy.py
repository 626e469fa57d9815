"""The lie-fi proxy passes answers through unchanged, only later: a tiny WSGI app behind it.

No browser and no database: these check the proxy itself, fast, so that a slow figure in the
bench or a browser test can be trusted to come from the app and not from the proxy.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterable, Iterator

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.browser.slow_proxy import SlowProxy

DELAY = 0.3


@pytest.fixture(autouse=True)
def _isolated_database() -> None:
    """Overrides the suite's autouse fixture: these tests need neither the app nor a database."""


def tiny_app(environ: dict, start_response):  # type: ignore[no-untyped-def]
    request = Request(environ)
    if request.path == "/cookies":
        response = Response("two cookies")
        response.set_cookie("a", "1")
        response.set_cookie("b", "2", httponly=True)
    elif request.path == "/echo":
        text = (
            f"{request.method} {request.get_data(as_text=True)} host={request.host} "
            f"cookie={request.cookies.get('c', '')}"
        )
        response = Response(text)
    elif request.path == "/redirect":
        response = Response("", status=302, headers={"Location": "/target"})
    elif request.path == "/etag":
        response = Response("the body", headers={"ETag": '"v1"'})
        if request.headers.get("If-None-Match") == '"v1"':
            response = Response(status=304, headers={"ETag": '"v1"'})
    elif request.path == "/chunked":

        def parts() -> Iterable[bytes]:
            yield b"one,"
            yield b"two"

        response = Response(parts())  # no length: werkzeug sends it chunked
    else:
        response = Response("ok")
    return response(environ, start_response)


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, tiny_app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def proxy(upstream: str) -> Iterator[SlowProxy]:
    with SlowProxy(upstream=upstream, delay=0) as proxy:
        yield proxy


def connect(proxy: SlowProxy) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)


def get(
    proxy: SlowProxy, path: str, method: str = "GET", **kwargs: object
) -> tuple[http.client.HTTPResponse, bytes, float]:
    connection = connect(proxy)
    started = time.perf_counter()
    connection.request(method, path, **kwargs)  # type: ignore[arg-type]
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response, body, elapsed


def test_the_answer_is_held_back_for_the_delay(proxy: SlowProxy) -> None:
    proxy.delay = DELAY
    response, body, elapsed = get(proxy, "/")
    assert (response.status, body) == (200, b"ok")
    assert elapsed >= DELAY


def test_the_delay_can_change_while_it_runs(proxy: SlowProxy) -> None:
    assert get(proxy, "/")[2] < DELAY / 2
    proxy.delay = DELAY
    assert get(proxy, "/")[2] >= DELAY
    proxy.delay = 0
    assert get(proxy, "/")[2] < DELAY / 2


def test_several_set_cookie_headers_survive(proxy: SlowProxy) -> None:
    response, _, _ = get(proxy, "/cookies")
    cookies = response.headers.get_all("Set-Cookie")
    assert len(cookies) == 2
    assert cookies[0].startswith("a=1")
    assert cookies[1].startswith("b=2")
    assert "HttpOnly" in cookies[1]


def test_a_post_body_cookie_and_the_browsers_host_arrive(proxy: SlowProxy) -> None:
    response, body, _ = get(
        proxy,
        "/echo",
        method="POST",
        body=b"x=1&y=2",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": "c=3"},
    )
    assert response.status == 200
    assert body.decode() == f"POST x=1&y=2 host=127.0.0.1:{proxy.port} cookie=3"


def test_a_redirect_keeps_its_location(proxy: SlowProxy) -> None:
    response, _, _ = get(proxy, "/redirect")
    assert response.status == 302
    assert response.headers["Location"] == "/target"


def test_304_passes_through_without_a_body_and_the_connection_stays_usable(
    proxy: SlowProxy,
) -> None:
    connection = connect(proxy)
    connection.request("GET", "/etag", headers={"If-None-Match": '"v1"'})
    response = connection.getresponse()
    assert (response.status, response.read()) == (304, b"")
    assert "Content-Length" not in response.headers
    assert response.headers["ETag"] == '"v1"'
    # A stray body after the 304 would be read as the start of the next answer.
    connection.request("GET", "/etag")
    response = connection.getresponse()
    assert (response.status, response.read()) == (200, b"the body")
    connection.close()


def test_a_chunked_upstream_answer_gets_a_content_length(proxy: SlowProxy) -> None:
    response, body, _ = get(proxy, "/chunked")
    assert body == b"one,two"
    assert response.headers["Content-Length"] == "7"
    assert "Transfer-Encoding" not in response.headers


def test_keep_alive_and_the_request_count(proxy: SlowProxy) -> None:
    connection = connect(proxy)
    for _ in range(3):
        connection.request("GET", "/")
        assert connection.getresponse().read() == b"ok"
    connection.request("HEAD", "/etag")
    response = connection.getresponse()
    assert (response.status, response.read(), response.headers["Content-Length"]) == (200, b"", "8")
    connection.close()
    assert proxy.count("/") == 3
    assert proxy.requests[-1] == ("HEAD", "/etag")
    assert proxy.count("/etag", method="GET") == 0


def test_parallel_requests_wait_side_by_side(proxy: SlowProxy) -> None:
    proxy.delay = DELAY
    started = time.perf_counter()
    threads = [threading.Thread(target=get, args=(proxy, "/")) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert DELAY <= time.perf_counter() - started < 2 * DELAY
    assert proxy.count("/") == 6


def test_an_unreachable_upstream_is_a_502() -> None:
    with SlowProxy(upstream="http://127.0.0.1:9", delay=0) as proxy:
        response, body, _ = get(proxy, "/")
    assert response.status == 502
    assert body.startswith(b"upstream unreachable")
