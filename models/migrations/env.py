"""Alembic environment: runs on the engine handed over by models.migrate."""

from alembic import context

import models.tables  # noqa: F401  (registers every table on the metadata)
from models.tables import metadata

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
