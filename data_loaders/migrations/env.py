"""Alembic environment: runs on the connection handed over by data_loaders.db.upgrade."""
from alembic import context

from data_loaders.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - we only run migrations through db.upgrade()
    raise RuntimeError("run migrations through data_loaders.db.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite needs ALTER TABLE emulated by table copies
)
with context.begin_transaction():
    context.run_migrations()
