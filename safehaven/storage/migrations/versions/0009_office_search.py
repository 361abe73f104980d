"""Office search splits at punctuation: the case number's serial alone finds the case.

The vault's FTS5 index already splits "SH-2026-0002" into three words; only PostgreSQL's
generated search vector changes (see storage/postgres/schema.py). `office upgrade` runs this on
an existing office server and then grants the new column and view again.

Revision ID: 0009_office_search
Revises: 0008_audit_append
Create Date: 2026-12-05
"""

from alembic import op

from safehaven.storage.postgres.schema import split_search_words

revision = "0009_office_search"
down_revision = "0008_audit_append"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        split_search_words(op.execute)


def downgrade() -> None:
    raise NotImplementedError("SafeHaven schemas only move forward")
