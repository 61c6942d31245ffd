"""PySide6 views: windows, pages, Qt models and background workers."""
