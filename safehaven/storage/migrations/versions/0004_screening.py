"""Indicator screening, response protocols and staff training records (issue 14).

Revision ID: 0004_screening
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

import safehaven.models.base

revision = "0004_screening"
down_revision = "0003_audit_head"
branch_labels = None
depends_on = None

UTC = safehaven.models.base.UtcDateTime


def upgrade() -> None:
    op.create_table('screening_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=20), nullable=False),
    sa.Column('bank_version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('resume_status', sa.String(length=20), nullable=False),
    sa.Column('current_domain', sa.String(length=40), nullable=False),
    sa.Column('question_language', sa.String(length=10), nullable=False),
    sa.Column('setting_checks', sa.String(length=200), nullable=False),
    sa.Column('skipped_domains', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.Column('domains_noted', sa.String(length=200), nullable=False),
    sa.Column('labour_noted', sa.Boolean(), nullable=False),
    sa.Column('sexual_noted', sa.Boolean(), nullable=False),
    sa.Column('training_notice', sa.String(length=20), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', UTC(), nullable=False),
    sa.Column('updated_at', UTC(), nullable=False),
    sa.Column('paused_at', UTC(), nullable=True),
    sa.Column('completed_at', UTC(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_screening_session_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['completed_by_id'], ['user.id'], name=op.f('fk_screening_session_completed_by_id_user')),
    sa.ForeignKeyConstraint(['started_by_id'], ['user.id'], name=op.f('fk_screening_session_started_by_id_user')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_screening_session_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_session'))
    )
    op.create_index(op.f('ix_screening_session_client_id'), 'screening_session', ['client_id'], unique=False)
    op.create_table('screening_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=60), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('answered_at', UTC(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_screening_answer_answered_by_id_user')),
    sa.ForeignKeyConstraint(['session_id'], ['screening_session.id'], name=op.f('fk_screening_answer_session_id_screening_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_answer')),
    sa.UniqueConstraint('session_id', 'question_key', name=op.f('uq_screening_answer_session_id'))
    )
    op.create_index(op.f('ix_screening_answer_session_id'), 'screening_answer', ['session_id'], unique=False)
    op.create_table('protocol_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('screening_id', sa.Integer(), nullable=True),
    sa.Column('protocol_key', sa.String(length=60), nullable=False),
    sa.Column('protocol_version', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=40), nullable=False),
    sa.Column('jurisdiction', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=False),
    sa.Column('started_at', UTC(), nullable=False),
    sa.Column('completed_at', UTC(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_protocol_run_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['screening_id'], ['screening_session.id'], name=op.f('fk_protocol_run_screening_id_screening_session'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['started_by_id'], ['user.id'], name=op.f('fk_protocol_run_started_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protocol_run'))
    )
    op.create_index(op.f('ix_protocol_run_client_id'), 'protocol_run', ['client_id'], unique=False)
    op.create_index(op.f('ix_protocol_run_screening_id'), 'protocol_run', ['screening_id'], unique=False)
    op.create_table('protocol_step_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('step_key', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('due_at', UTC(), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('skip_reason', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', UTC(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_protocol_step_run_decided_by_id_user')),
    sa.ForeignKeyConstraint(['run_id'], ['protocol_run.id'], name=op.f('fk_protocol_step_run_run_id_protocol_run'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_protocol_step_run_task_id_task'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protocol_step_run')),
    sa.UniqueConstraint('run_id', 'step_key', name=op.f('uq_protocol_step_run_run_id'))
    )
    op.create_index(op.f('ix_protocol_step_run_run_id'), 'protocol_step_run', ['run_id'], unique=False)
    op.create_table('staff_training',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course', sa.String(length=40), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', UTC(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_staff_training_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_staff_training_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_training'))
    )
    op.create_index(op.f('ix_staff_training_user_id'), 'staff_training', ['user_id'], unique=False)
    op.create_table('staff_supervisor',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('supervisor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['supervisor_id'], ['user.id'], name=op.f('fk_staff_supervisor_supervisor_id_user')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_staff_supervisor_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_staff_supervisor'))
    )


def downgrade() -> None:
    op.drop_table('staff_supervisor')
    op.drop_index(op.f('ix_staff_training_user_id'), table_name='staff_training')
    op.drop_table('staff_training')
    op.drop_index(op.f('ix_protocol_step_run_run_id'), table_name='protocol_step_run')
    op.drop_table('protocol_step_run')
    op.drop_index(op.f('ix_protocol_run_screening_id'), table_name='protocol_run')
    op.drop_index(op.f('ix_protocol_run_client_id'), table_name='protocol_run')
    op.drop_table('protocol_run')
    op.drop_index(op.f('ix_screening_answer_session_id'), table_name='screening_answer')
    op.drop_table('screening_answer')
    op.drop_index(op.f('ix_screening_session_client_id'), table_name='screening_session')
    op.drop_table('screening_session')
