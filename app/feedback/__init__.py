"""A supervisor's short feedback on a learner's completed task, and the learner reading it.

Written on the supervisor's page of one task (``app/supervisor/routes.py``: ``task``), shown to
the learner under the task on its card and on "Wat ik al kan", marked "Nieuw" until the learner's
phone reports it was seen (``POST /api/v1/feedback/read``). The phone also remembers what it
showed, so the mark goes away offline too (static/js/feedback-read.js).
"""
