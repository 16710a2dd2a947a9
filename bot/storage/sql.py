"""Typed helpers for Core SQL: a model's Table, how many rows an UPDATE or DELETE touched, a mapped attribute.

SQLModel does not type `Model.__table__`, and `Session.execute` types its result as the base `Result`, which has no
`rowcount`; these helpers check at run time what the type checker cannot know.
"""

from typing import Any

from sqlalchemy import CursorResult, Result, Table, inspect
from sqlalchemy.orm import QueryableAttribute
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> Table:
    table = inspect(model).local_table
    assert isinstance(table, Table)
    return table


def affected(result: Result[Any]) -> int:
    """Rows matched by an UPDATE or DELETE statement."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount or 0)


def attribute(value: Any) -> QueryableAttribute[Any]:
    """A model's mapped attribute for loader options such as `defer` (SQLModel types it as the column's value)."""
    assert isinstance(value, QueryableAttribute)
    return value
