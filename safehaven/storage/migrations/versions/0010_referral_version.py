"""Referrals carry a version: a status change or edit based on an older reading is refused.

On an office server two people may answer the same referral at once (one accepts, one
declines); without a version the second answer silently replaced the first. With it the second
save finds the row changed (SQLAlchemy's `version_id_col`) and is refused. Existing referrals
start at 1.

Revision ID: 0010_referral_version
Revises: 0009_office_search
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_referral_version"
down_revision = "0009_office_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    raise NotImplementedError("SafeHaven schemas only move forward")
