"""What the user selected (Filters) and the WHERE clause it makes: the one place the filters and the
access scope become SQL, parameters only, so no query can forget them."""

from __future__ import annotations

from dataclasses import dataclass, field

ALL = None  # a scope of ALL means every community


@dataclass(frozen=True)
class Filters:
    """What the user selected; empty tuples mean 'no restriction'."""

    communities: tuple[str, ...] = ()
    stakeholders: tuple[str, ...] = ()
    waves: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    scope: tuple[str, ...] | None = ALL  # communities the user may see (None: all)
    min_group: int = 5
    extra: tuple[tuple[str, str], ...] = field(default=())  # (column, value) equality pairs, e.g. drill-down

    def where(self, alias: str = "") -> tuple[str, list]:
        """A WHERE clause and its parameters for these filters (never user text in the SQL)."""
        p = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list = []
        if self.scope is not None:
            clauses.append(f"list_contains(?, {p}community)")
            params.append(list(self.scope))
        for column, values in (
            ("community", self.communities),
            ("stakeholder_type", self.stakeholders),
            ("wave", self.waves),
            ("level", self.levels),
        ):
            if values:
                clauses.append(f"list_contains(?, {p}{column})")
                params.append(list(values))
        for column, value in self.extra:
            if column not in _EXTRA_COLUMNS:
                raise ValueError(f"cannot filter on {column!r}")
            clauses.append(f"{p}{column} = ?")
            params.append(value)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def with_extra(self, **pairs: str) -> Filters:
        return Filters(
            self.communities,
            self.stakeholders,
            self.waves,
            self.levels,
            self.scope,
            self.min_group,
            self.extra + tuple(pairs.items()),
        )


_EXTRA_COLUMNS = {"level", "outcome", "value_cycle", "capital", "indicator", "stakeholder_type", "community", "wave"}


def _and(where: str, cond: str) -> str:
    """WHERE (Filters.where()'s clause, empty without filters) and COND as one clause."""
    return f"{where} AND {cond}" if where else f"WHERE {cond}"


def _where_within(f: Filters, within: tuple[str, list] | None) -> tuple[str, list]:
    """F's WHERE, and when WITHIN (a cell dimension, its values) is given, one of those values."""
    where, params = f.where()
    if within is None:
        return where, params
    column, values = within
    return _and(where, f"list_contains(?, {column})"), [*params, list(values)]
