"""The outbox protocol: what a phone sends, and the one function that records completions.

Where does a completed task enter the database? ``app.sync.services.record_completions``.
"""
