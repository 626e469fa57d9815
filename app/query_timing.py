"""Slow queries written to a file, for the scale benchmark (``make bench-scale``).

Off unless ``SLOW_QUERY_LOG`` names a file: then every query slower than ``SLOW_QUERY_MS``
(default 10 ms) appends one JSON line with its time, statement, parameters and the request
("GET /path") that ran it, so bench/scale.py can show the EXPLAIN plan of each one afterwards. It
times the driver's ``execute`` (which, with psycopg's client-side cursors, includes fetching the rows), not
the ORM's work on them. Each line goes out in one ``write`` to a file opened with O_APPEND, so
the lines of several gunicorn workers do not mix.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

_STARTS = "query_timing_starts"
_registered = False


def _start(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
) -> None:
    conn.info.setdefault(_STARTS, []).append(time.perf_counter())


def _finisher(path: str, threshold_ms: float) -> Any:
    def finish(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        elapsed_ms = (time.perf_counter() - conn.info[_STARTS].pop()) * 1000
        if elapsed_ms < threshold_ms or many:
            return
        line = json.dumps(
            {
                "ms": round(elapsed_ms, 2),
                "statement": statement,
                "parameters": parameters,
                "request": f"{request.method} {request.path}" if has_request_context() else None,
                "pid": os.getpid(),
            },
            default=str,
        )
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)

    return finish


def init_app(app: Flask) -> None:
    """Listen on every engine of the process, once, when ``SLOW_QUERY_LOG`` is set."""
    global _registered
    path = os.environ.get("SLOW_QUERY_LOG")
    if not path or _registered:
        return
    threshold_ms = float(os.environ.get("SLOW_QUERY_MS", "10"))
    event.listen(Engine, "before_cursor_execute", _start)
    event.listen(Engine, "after_cursor_execute", _finisher(path, threshold_ms))
    _registered = True
