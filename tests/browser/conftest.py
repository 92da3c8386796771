"""The browser tests share the session's headless system Chromium: the `browser` fixture in tests/conftest.py
(one Playwright per session, which the print test outside this folder uses too)."""
