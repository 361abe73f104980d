"""Exchange between organizations: identity keys, partners' key cards, messages, incoming
referrals.

Revision ID: 0005_exchange
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

import safehaven.models.base

revision = "0005_exchange"
down_revision = "0004_screening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exchange_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signing_seed', sa.String(length=64), nullable=False),
    sa.Column('age_identity', sa.String(length=120), nullable=False),
    sa.Column('signing_public', sa.String(length=64), nullable=False),
    sa.Column('age_recipient', sa.String(length=120), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_exchange_identity_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_identity')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_exchange_identity_fingerprint'))
    )
    op.create_table('exchange_partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('card_name', sa.String(length=200), nullable=False),
    sa.Column('signing_public', sa.String(length=64), nullable=False),
    sa.Column('age_recipient', sa.String(length=120), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('verified_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by_id'], ['user.id'], name=op.f('fk_exchange_partner_imported_by_id_user')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_exchange_partner_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['user.id'], name=op.f('fk_exchange_partner_verified_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_partner')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_exchange_partner_fingerprint')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_exchange_partner_organization_id'))
    )
    op.create_table('incoming_referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('sender_reference', sa.String(length=40), nullable=False),
    sa.Column('service_type', sa.String(length=40), nullable=False),
    sa.Column('urgency', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('appointment_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('shared_fields', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decline_reason', sa.String(length=40), nullable=True),
    sa.Column('decline_note', sa.Text(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('received_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('responded_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('received_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_incoming_referral_client_id_client'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['exchange_partner.id'], name=op.f('fk_incoming_referral_partner_id_exchange_partner'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['received_by_id'], ['user.id'], name=op.f('fk_incoming_referral_received_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incoming_referral')),
    sa.UniqueConstraint('message_id', name=op.f('uq_incoming_referral_message_id'))
    )
    op.create_index(op.f('ix_incoming_referral_client_id'), 'incoming_referral', ['client_id'], unique=False)
    op.create_index(op.f('ix_incoming_referral_partner_id'), 'incoming_referral', ['partner_id'], unique=False)
    op.create_index(op.f('ix_incoming_referral_status'), 'incoming_referral', ['status'], unique=False)
    op.create_table('exchange_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('incoming_id', sa.Integer(), nullable=True),
    sa.Column('in_reply_to', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('remote_status', sa.String(length=20), nullable=True),
    sa.Column('payload_sha256', sa.String(length=64), nullable=False),
    sa.Column('message_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('processed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incoming_id'], ['incoming_referral.id'], name=op.f('fk_exchange_message_incoming_id_incoming_referral'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['exchange_partner.id'], name=op.f('fk_exchange_message_partner_id_exchange_partner'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['processed_by_id'], ['user.id'], name=op.f('fk_exchange_message_processed_by_id_user')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_exchange_message_referral_id_referral'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_message')),
    sa.UniqueConstraint('message_id', name=op.f('uq_exchange_message_message_id'))
    )
    op.create_index(op.f('ix_exchange_message_in_reply_to'), 'exchange_message', ['in_reply_to'], unique=False)
    op.create_index(op.f('ix_exchange_message_incoming_id'), 'exchange_message', ['incoming_id'], unique=False)
    op.create_index(op.f('ix_exchange_message_partner_id'), 'exchange_message', ['partner_id'], unique=False)
    op.create_index(op.f('ix_exchange_message_referral_id'), 'exchange_message', ['referral_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_exchange_message_referral_id'), table_name='exchange_message')
    op.drop_index(op.f('ix_exchange_message_partner_id'), table_name='exchange_message')
    op.drop_index(op.f('ix_exchange_message_incoming_id'), table_name='exchange_message')
    op.drop_index(op.f('ix_exchange_message_in_reply_to'), table_name='exchange_message')
    op.drop_table('exchange_message')
    op.drop_index(op.f('ix_incoming_referral_status'), table_name='incoming_referral')
    op.drop_index(op.f('ix_incoming_referral_partner_id'), table_name='incoming_referral')
    op.drop_index(op.f('ix_incoming_referral_client_id'), table_name='incoming_referral')
    op.drop_table('incoming_referral')
    op.drop_table('exchange_partner')
    op.drop_table('exchange_identity')
