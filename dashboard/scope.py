"""Which agencies a viewer may see. Every query function takes a Scope and applies it in SQL.

Why in SQL and not by filtering a DataFrame afterwards: a figure computed over rows the viewer
may not see must never leave the database (an agency head sees their own agency only), and the
restriction also lets the database use the agency index.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa


@dataclass(frozen=True)
class Scope:
    # None = no restriction; otherwise the agency codes the viewer may see (may be empty: sees nothing).
    codes: frozenset[str] | None = None

    @classmethod
    def all(cls) -> "Scope":
        return cls(None)

    @classmethod
    def only(cls, codes) -> "Scope":
        if isinstance(codes, str):  # Scope.only("SXD") means one agency, not the letters S, X, D
            codes = [codes]
        return cls(frozenset(str(c) for c in codes))

    @property
    def unrestricted(self) -> bool:
        return self.codes is None

    def allows(self, code: str | None) -> bool:
        return self.codes is None or code in self.codes

    def clause(self, column) -> sa.ColumnElement[bool]:
        """`column IN (:codes)` as an expanding bound parameter, or TRUE when unrestricted."""
        if self.codes is None:
            return sa.true()
        # Sorted so that the statement (and its cache key) is the same for the same scope.
        return column.in_(sa.bindparam("scope_codes", sorted(self.codes), expanding=True, unique=True))
