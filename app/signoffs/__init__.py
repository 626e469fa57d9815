"""Competence sign-offs: supervisors' judgements, kept as a history of rows."""
