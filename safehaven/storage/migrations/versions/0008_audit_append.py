"""Office mode: the audit chain's appender in one server call.

`sh_audit_append` takes the chain's lock, reads the head, gives the event its id, links and
hashes it (sha256 of the previous hash and the canonical text the laptop sent, split around the
id) and inserts it: one round trip under the lock instead of reading the head, hashing on the
laptop and inserting. The lock is still held until the transaction commits. Nothing changes on
SQLite.

Revision ID: 0008_audit_append
Revises: 0002_restricted_key
Create Date: 2026-12-05
"""

from alembic import op

from safehaven.storage.postgres.schema import AUDIT_APPEND_DDL

revision = "0008_audit_append"
down_revision = "0002_restricted_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(AUDIT_APPEND_DDL)


def downgrade() -> None:
    raise NotImplementedError("SafeHaven schemas only move forward")
