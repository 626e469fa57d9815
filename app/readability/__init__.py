"""Dutch readability measures, used by the editor's easy-reading panel.

Pure functions of the text, except that band names come out in the reader's language.
"""
