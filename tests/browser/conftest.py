"""Browser-test fixtures, registered once for the whole session (see harness.py)."""
from .harness import browser, demo_db, page, server  # noqa: F401 - pytest fixtures
