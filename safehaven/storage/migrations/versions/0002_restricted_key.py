"""Restricted fields under their own key: a derived age at intake, date of birth as text.

Revision ID: 0002_restricted_key
Revises: 0001
Create Date: 2026-12-04

`client.age_at_intake` (whole years at the intake date, from the date of birth or the estimate)
is filled here and at every write, so reports, exports and erasure statistics never need the
date of birth. `client.date_of_birth` becomes text: it holds the value encrypted under the
restricted key (docs/vault-format.md, version 2). The encryption itself needs that key and runs
at the first unlock by an administrator (storage/restricted_upgrade.py), not here.
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0002_restricted_key"
down_revision = "0007_languages"
branch_labels = None
depends_on = None


def _age(dob: object, estimated: int | None, intake: object) -> int | None:
    if dob is None or intake is None:
        return estimated
    born, on = dt.date.fromisoformat(str(dob)[:10]), dt.date.fromisoformat(str(intake)[:10])
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def upgrade() -> None:
    op.add_column("client", sa.Column("age_at_intake", sa.Integer(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, date_of_birth, estimated_age, intake_date FROM client")
    ).all()
    for row_id, dob, estimated, intake in rows:
        age = _age(dob, estimated, intake)
        if age is not None:
            conn.execute(
                sa.text("UPDATE client SET age_at_intake = :age WHERE id = :id"),
                {"age": age, "id": row_id},
            )
    if conn.dialect.name == "sqlite":
        for statement in (
            "ALTER TABLE client RENAME COLUMN date_of_birth TO date_of_birth_v1",
            "ALTER TABLE client ADD COLUMN date_of_birth TEXT",
            "UPDATE client SET date_of_birth = date_of_birth_v1",
            "ALTER TABLE client DROP COLUMN date_of_birth_v1",
        ):
            conn.exec_driver_sql(statement)
    else:
        op.alter_column(
            "client", "date_of_birth", type_=sa.Text(), postgresql_using="date_of_birth::text"
        )


def downgrade() -> None:
    raise NotImplementedError("restricted values cannot be decrypted without the key")
