"""Folded client search (every Latin letter to ASCII, contentless index).

Revision ID: 0003_audit_head
Revises: 0001 (re-chained after 0001 when merged)
Create Date: 2026-12-04

The audit head itself lives outside the database (beside the vault, in backups and export
manifests); this revision only rebuilds the search index so typed ASCII finds any Latin spelling.
"""

from alembic import op

from safehaven.storage.folding import create_folded_search, drop_search
from safehaven.storage.search import create_client_search

revision = "0003_audit_head"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":  # PostgreSQL's search comes with 0006
        return
    create_folded_search(op.execute)


def downgrade() -> None:
    drop_search(op.execute)
    create_client_search(op.execute)
    op.execute(
        "INSERT INTO client_search(client_search) VALUES('rebuild')"
    )
