"""Import and export formats: pure parsing and writing with the standard csv and json modules.

Nothing here touches the database or Qt: readers yield records line by line (bounded memory) and
raise :class:`~facilitator.errors.ImportFileError` naming the file, the line and the problem.
"""
