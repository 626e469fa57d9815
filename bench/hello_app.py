"""The yardstick for ``bench/throughput.py``: a Flask app with one route and nothing else.

It runs under the same gunicorn settings as Leerplek, so the ratio between the two says how much
of a request's time is Leerplek's own work (database, templates, headers) rather than gunicorn's
and Flask's fixed cost.
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
