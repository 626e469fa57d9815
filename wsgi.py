"""Entry point for `flask --app wsgi` and gunicorn (`gunicorn wsgi:app`)."""

import gc

from app import create_app

app = create_app()

# What the app loaded at start (modules, models, mappers) lives as long as the worker: keep it
# out of the garbage collector's full collections, which otherwise walk all of it every few
# dozen requests (70 ms each on a page that builds many objects, such as the evaluation
# overview; measured with bench/scale.py).
gc.freeze()
