"""The AVG (GDPR) rights of the people in Leerplek, in one package.

- ``export.py``: everything stored about a learner, as one zip (right of access, art. 15/20);
- ``erasure.py``: erasing a person while counts and sign-off history stay correct (art. 17);
- ``retention.py``: erasing accounts nobody used for ``RETENTION_MONTHS`` (storage limitation);
- ``audit_log.py``: reading the audit log (accountability, art. 5(2));
- ``labels.py``: words for stored values (roles, actions, ...), and the placeholder shown for an
  erased person;
- ``views.py``: the export as an HTTP download, shared by the admin and supervisor routes.

``erase_person`` and ``export_zip`` change the session but do not commit, so they compose: the
retention command erases many people, each in its own transaction (``erase_inactive``), and the
download commits the export's audit event before the data leaves (``export_download``).
"""
