"""Office mode: a version column on clients (both stores); PostgreSQL's search and audit pieces.

Revision ID: 0006_office
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from safehaven.storage.postgres.schema import create_office_schema

revision = "0006_office"
down_revision = "0005_exchange"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        create_office_schema(op.execute)


def downgrade() -> None:
    raise NotImplementedError("SafeHaven schemas only move forward")
