"""One module per page of the main window; each page gets only the narrow parts it needs."""
