"""Lesson content operations shared by the editor pages, the demo data and (later) imports."""
