"""The survivor's language: a preferred language on the client and reviews of translations.

Revision ID: 0007_languages
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

import safehaven.models.base

revision = "0007_languages"
down_revision = "0006_office"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("preferred_language", sa.String(length=16), nullable=True))
    op.create_table(
        "language_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("reviewer_name", sa.String(length=120), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", safehaven.models.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_language_review_recorded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_language_review")),
    )
    op.create_index(op.f("ix_language_review_bank"), "language_review", ["bank"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_language_review_bank"), table_name="language_review")
    op.drop_table("language_review")
    with op.batch_alter_table("client") as batch:
        batch.drop_column("preferred_language")
