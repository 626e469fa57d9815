"""A slow but working link ("lie-fi") between real Chromium and the app, for tests and the bench.

On the work floor a phone's connection is often up but answers only after seconds. What the
service worker does then (wait, time out, serve its cache) is what learners feel, so it must be
measured against a link that really behaves like that. ``context.set_offline`` cannot imitate
it (the browser knows it is offline: requests fail at once and ``navigator.onLine`` is false),
and Playwright routes do not see every request the service worker makes and change how Chromium
fetches (interception), so they are not a faithful stand-in either. This reverse proxy is: every
request, from the page or the worker, goes over real sockets to the app, and its answer is held
back for ``delay`` seconds.

    with SlowProxy(upstream="http://127.0.0.1:5000", delay=2.0) as proxy:
        page.goto(proxy.url + "/learner/")
        proxy.delay = 0          # may be changed while it runs
        proxy.count("/learner/")  # how many times that path was forwarded
        proxy.cut_uploads("/api/v1/completions/", times=1)  # the next one breaks off halfway

Standard library only, so it can run anywhere the tests run.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

# Headers that describe one connection, not the message: never forwarded in either direction.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# Answers that never carry a body (RFC 9110 6.4.1).
NO_BODY_STATUSES = frozenset({204, 304})
UPSTREAM_TIMEOUT_S = 60.0


class _Server(ThreadingHTTPServer):
    """Threads per connection; tracks open connections so closing the proxy ends them."""

    daemon_threads = True
    block_on_close = False  # Chromium keeps idle keep-alive connections open

    def __init__(self, proxy: SlowProxy) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.proxy = proxy
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive towards the browser
    # Headers and body are two writes: with Nagle's algorithm and the browser's delayed ACK,
    # the body would wait ~40 ms, which is not the delay this proxy is meant to add.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        pass  # a browser makes hundreds of requests; the tests read proxy.requests instead

    def _read_body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else None

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers: dropped
                return bytes(body)
            body += self.rfile.read(size)
            self.rfile.readline()  # CRLF after each chunk

    def _forward(self) -> None:
        proxy = self.server.proxy
        delay = proxy.delay  # taken on arrival: a request made during set-up stays fast
        proxy._record(self.command, self.path)
        body = self._read_body()
        if body and proxy._take_cut(self.path):
            proxy._send_half(self.command, self.path, self.headers.items(), body)
            self.close_connection = True
            return  # the phone's connection ends with no answer at all
        try:
            status, reason, headers, payload = proxy._fetch(
                self.command, self.path, self.headers.items(), body
            )
        except OSError as error:
            status, reason = 502, "Bad Gateway"
            payload = f"upstream unreachable: {error}\n".encode()
            headers = [("Content-Type", "text/plain; charset=utf-8")]
        if not proxy._wait(delay):
            self.close_connection = True
            return  # the proxy is closing
        self.send_response_only(status, reason)
        for name, value in headers:
            if name.lower() in HOP_BY_HOP or name.lower() == "content-length":
                continue
            self.send_header(name, value)
        no_body = status in NO_BODY_STATUSES or status < 200 or self.command == "HEAD"
        if self.command == "HEAD":
            # The length of the body a GET would get; nothing follows.
            for name, value in headers:
                if name.lower() == "content-length":
                    self.send_header(name, value)
        elif not no_body:
            # Never chunked towards the browser: the whole answer is known by now.
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if not no_body:
            self.wfile.write(payload)
        self.wfile.flush()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward


class SlowProxy:
    """Reverse proxy on its own 127.0.0.1 port that answers every request ``delay`` s late.

    The answer is read from the upstream in full first, so the delay is on top of the app's own
    time, like a slow mobile link. The browser's Host header is kept, so the app builds its URLs
    (redirects, manifests) for the proxy's origin.
    """

    def __init__(self, upstream: str, delay: float = 0.0) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"upstream must be an http:// URL, not {upstream!r}")
        self.upstream_host = parts.hostname
        self.upstream_port = parts.port or 80
        self.delay = delay
        self.requests: list[tuple[str, str]] = []  # (method, path with query), in arrival order
        self._cuts: dict[str, int] = {}  # path prefix -> uploads still to break off
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = _Server(self)
        self.port: int = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> SlowProxy:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stop serving, cut delayed answers short and end open keep-alive connections."""
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
        with self._server.connections_lock:
            connections = list(self._server.connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    # What went through: so a test can tell whether a page came from the network.

    def count(self, path: str, method: str | None = None) -> int:
        """How many requests for ``path`` (exact, query included) were forwarded."""
        with self._lock:
            return sum(1 for m, p in self.requests if p == path and (method is None or m == method))

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    def cut_uploads(self, prefix: str, times: int = 1) -> None:
        """Break off the next ``times`` requests with a body under ``prefix`` halfway, like a
        link that drops mid-upload: the app gets half the body (and a Content-Length for all of
        it) and then a closed connection; the browser gets no answer at all."""
        with self._lock:
            self._cuts[prefix] = self._cuts.get(prefix, 0) + times

    def _take_cut(self, path: str) -> bool:
        with self._lock:
            for prefix, left in self._cuts.items():
                if left and path.startswith(prefix):
                    self._cuts[prefix] = left - 1
                    return True
        return False

    def _send_half(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> None:
        with contextlib.suppress(OSError):
            upstream = socket.create_connection((self.upstream_host, self.upstream_port), 5)
            lines = [f"{method} {path} HTTP/1.1"]
            lines += [
                f"{name}: {value}"
                for name, value in headers
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length"
            ]
            lines += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
            upstream.sendall("\r\n".join(lines).encode("latin-1") + body[: len(body) // 2])
            time.sleep(0.2)  # the app has read what came; then the line drops
            upstream.close()

    def _record(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))

    def _wait(self, delay: float) -> bool:
        """Hold the answer back; False when the proxy is closed meanwhile."""
        if delay <= 0:
            return not self._closing.is_set()
        deadline = time.monotonic() + delay
        while (left := deadline - time.monotonic()) > 0:
            if self._closing.wait(left):
                return False
        return True

    def _fetch(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes | None
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        """One request to the upstream; the complete answer (chunked bodies are decoded)."""
        connection = http.client.HTTPConnection(
            self.upstream_host, self.upstream_port, timeout=UPSTREAM_TIMEOUT_S
        )
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                if name.lower() in HOP_BY_HOP or name.lower() in ("content-length", "expect"):
                    continue
                connection.putheader(name, value)
            if body is not None or method in ("POST", "PUT", "PATCH"):
                connection.putheader("Content-Length", str(len(body or b"")))
            connection.endheaders(body)
            response = connection.getresponse()
            payload = response.read()
            return response.status, response.reason, response.getheaders(), payload
        finally:
            connection.close()
