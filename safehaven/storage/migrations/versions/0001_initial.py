"""Initial schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from alembic import op

from safehaven.models import Base
from safehaven.storage.schema_extras import create_extras

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    Base.metadata.create_all(bind)
    create_extras(lambda sql: op.execute(sql))


def downgrade() -> None:
    raise NotImplementedError("SafeHaven never downgrades a vault; restore a backup instead")
