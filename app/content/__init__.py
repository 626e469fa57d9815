"""Lesson content: the operations on packages, cards and their published versions.

``services`` changes content for the editor's pages, the demo data and imports; ``sharing`` exports
and imports a package as one zip file; ``images`` checks card photos and encodes them for phones;
``rendering`` turns card Markdown into safe HTML; ``hyphenation`` puts soft hyphens in long words.

One transaction rule, as in indico's operations: a function here changes the session and at most
flushes; the caller (a route or a CLI command) commits, or rolls back when a function reported a
failure. So functions compose: an import builds a whole package from the same functions as the
editor, in one transaction. Files (a card photo, the photos of an import) are written only after
every check and the flush passed, right before the caller commits, so a refused change leaves no
orphaned file in the media folder.
"""
