"""Photos a learner takes as evidence with a completed task.

The phone keeps them with the task in its outbox (static/js/outbox-core.js, store "photos") and
uploads each one after the task itself reached the server: ``PUT
/api/v1/completions/<client id>/photos/<number>`` with the SHA-256 of the bytes, so an upload sent
again after a lost answer is stored once. The server checks and re-encodes every photo
(``processing``) and keeps it in the media storage, but never under ``/media/``: photos are shown
only through ``GET /api/v1/photos/<id>``, which checks who asks (``services.photo_for``).
"""
