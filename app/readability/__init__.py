"""Dutch readability measures: pure functions, used by the editor's easy-reading panel."""
