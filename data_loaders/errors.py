"""Errors that refuse a whole file: one clear message, never a traceback, nothing written."""
from __future__ import annotations


class FileRefused(Exception):
    """The file cannot be imported at all (not a spreadsheet, no header, a named column missing…)."""

    def __init__(self, file_name: str, vi: str, en: str, code: str = "refused"):
        self.file_name, self.vi, self.en, self.code = file_name, vi, en, code
        super().__init__(f"{file_name}: {vi} / {en}")


class ProfileError(Exception):
    """A column-mapping profile is malformed (the message names the key and the problem)."""
