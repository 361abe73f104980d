"""Office servers index case numbers in byte order, for the case list's search shortcut.

A search that every case number begins with ("S", "SH-20") is answered as the list without a
search (services/cases/case_list.py), decided by the smallest and largest case number in byte
order. A vault's index on the case number is in byte order already; a PostgreSQL database's own
collation is not, so without this index each such search read every client row.

Revision ID: 0011_case_number_order
Revises: 0010_referral_version
Create Date: 2026-12-06
"""

from alembic import op

revision = "0011_case_number_order"
down_revision = "0010_referral_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            'CREATE INDEX IF NOT EXISTS ix_client_case_number_bytes ON client (case_number COLLATE "C")'
        )


def downgrade() -> None:
    raise NotImplementedError("SafeHaven schemas only move forward")
