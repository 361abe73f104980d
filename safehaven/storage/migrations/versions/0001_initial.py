"""Initial schema of SafeHaven 0.1, frozen from the models.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Later schema changes get their own revisions; this one must not change in place.
"""

import sqlalchemy as sa
from alembic import op

import safehaven.models.base
from safehaven.storage.schema_extras import create_extras

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('statistical_fact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intake_quarter', sa.String(length=7), nullable=False),
    sa.Column('closure_quarter', sa.String(length=7), nullable=True),
    sa.Column('age_group', sa.String(length=10), nullable=False),
    sa.Column('gender', sa.String(length=40), nullable=True),
    sa.Column('citizenship_category', sa.String(length=40), nullable=True),
    sa.Column('trafficking_type', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statistical_fact'))
    )
    op.create_index(op.f('ix_statistical_fact_intake_quarter'), 'statistical_fact', ['intake_quarter'], unique=False)
    op.create_table('training_program',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=True),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('credential', sa.String(length=200), nullable=True),
    sa.Column('duration_weeks', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_program'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('roles_text', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('slot_id', sa.String(length=64), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('deactivated_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('last_login_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=True),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_event_actor_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_event_hash')),
    sa.UniqueConstraint('prev_hash', name=op.f('uq_audit_event_prev_hash'))
    )
    op.create_index(op.f('ix_audit_event_client_id'), 'audit_event', ['client_id'], unique=False)
    op.create_table('client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_number', sa.String(length=20), nullable=False),
    sa.Column('chosen_name', sa.String(length=120), nullable=False),
    sa.Column('other_names', sa.String(length=300), nullable=True),
    sa.Column('legal_name', sa.String(length=200), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('estimated_age', sa.Integer(), nullable=True),
    sa.Column('age_is_estimated', sa.Boolean(), nullable=False),
    sa.Column('gender', sa.String(length=40), nullable=True),
    sa.Column('pronouns', sa.String(length=40), nullable=True),
    sa.Column('languages', sa.String(length=200), nullable=True),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=True),
    sa.Column('country_of_origin', sa.String(length=2), nullable=True),
    sa.Column('citizenship_category', sa.String(length=40), nullable=True),
    sa.Column('trafficking_type', sa.String(length=40), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('safe_contact', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('assigned_caseworker_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('intake_date', sa.Date(), nullable=False),
    sa.Column('closure_date', sa.Date(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('erased_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_caseworker_id'], ['user.id'], name=op.f('fk_client_assigned_caseworker_id_user')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_client_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client')),
    sa.UniqueConstraint('case_number', name=op.f('uq_client_case_number'))
    )
    op.create_index(op.f('ix_client_assigned_caseworker_id'), 'client', ['assigned_caseworker_id'], unique=False)
    op.create_index(op.f('ix_client_intake_date'), 'client', ['intake_date'], unique=False)
    op.create_index('ix_client_list_name', 'client', ['erased_at', sa.text('lower(chosen_name)')], unique=False)
    op.create_index('ix_client_list_intake', 'client', ['erased_at', 'intake_date'], unique=False)
    op.create_index('ix_client_list_number', 'client', ['erased_at', 'case_number'], unique=False)
    op.create_index('ix_client_list_status', 'client', ['erased_at', 'status', 'intake_date'], unique=False)
    op.create_index('ix_client_list_worker', 'client', ['erased_at', 'assigned_caseworker_id', 'intake_date'], unique=False)
    op.create_table('employer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('vetted', sa.Boolean(), nullable=False),
    sa.Column('vetted_on', sa.Date(), nullable=True),
    sa.Column('vetted_by_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['vetted_by_id'], ['user.id'], name=op.f('fk_employer_vetted_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer'))
    )
    op.create_table('export_ledger',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('export_id', sa.String(length=36), nullable=False),
    sa.Column('period_id', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('policy_id', sa.String(length=80), nullable=False),
    sa.Column('policy_version', sa.Integer(), nullable=False),
    sa.Column('policy_sha256', sa.String(length=64), nullable=False),
    sa.Column('recipient_class', sa.String(length=40), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('published', sa.Text(), nullable=False),
    sa.Column('at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('by_role', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_export_ledger_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_ledger')),
    sa.UniqueConstraint('export_id', name=op.f('uq_export_ledger_export_id'))
    )
    op.create_index(op.f('ix_export_ledger_period_end'), 'export_ledger', ['period_end'], unique=False)
    op.create_index(op.f('ix_export_ledger_period_id'), 'export_ledger', ['period_id'], unique=False)
    op.create_index(op.f('ix_export_ledger_period_start'), 'export_ledger', ['period_start'], unique=False)
    op.create_table('organization',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('org_type', sa.String(length=40), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('services', sa.String(length=600), nullable=False),
    sa.Column('languages', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('state', sa.String(length=80), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('phone', sa.String(length=80), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('hours', sa.String(length=200), nullable=True),
    sa.Column('eligibility', sa.Text(), nullable=True),
    sa.Column('trafficking_competent', sa.Boolean(), nullable=True),
    sa.Column('agreement_on_file', sa.Boolean(), nullable=False),
    sa.Column('agreement_date', sa.Date(), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_email', sa.String(length=200), nullable=True),
    sa.Column('contact_phone', sa.String(length=80), nullable=True),
    sa.Column('last_verified', sa.Date(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('verify_before_use', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_organization_created_by_id_user')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['user.id'], name=op.f('fk_organization_verified_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization'))
    )
    op.create_index(op.f('ix_organization_name'), 'organization', ['name'], unique=False)
    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('service_type', sa.String(length=40), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('granted', sa.Boolean(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('expires_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('withdrawn_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('shareable_fields', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_consent_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_consent_organization_id_organization'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_consent_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['user.id'], name=op.f('fk_consent_withdrawn_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    op.create_index(op.f('ix_consent_client_id'), 'consent', ['client_id'], unique=False)
    op.create_table('employment_baseline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('employed', sa.String(length=30), nullable=True),
    sa.Column('employment_type', sa.String(length=20), nullable=True),
    sa.Column('not_employed_reason', sa.String(length=20), nullable=True),
    sa.Column('last_grade', sa.String(length=40), nullable=True),
    sa.Column('in_school', sa.Boolean(), nullable=True),
    sa.Column('skills', sa.Text(), nullable=True),
    sa.Column('prior_occupations', sa.Text(), nullable=True),
    sa.Column('work_authorization', sa.String(length=20), nullable=True),
    sa.Column('goals', sa.Text(), nullable=True),
    sa.Column('exploitation_sector', sa.String(length=40), nullable=True),
    sa.Column('recorded_on', sa.Date(), nullable=True),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_employment_baseline_client_id_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employment_baseline')),
    sa.UniqueConstraint('client_id', name=op.f('uq_employment_baseline_client_id'))
    )
    op.create_table('family_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('relationship', sa.String(length=40), nullable=False),
    sa.Column('survivor_choice_rank', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('contact_notes', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_family_contact_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_family_contact_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_contact'))
    )
    op.create_index(op.f('ix_family_contact_client_id'), 'family_contact', ['client_id'], unique=False)
    op.create_table('intake_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('bank_version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('current_section', sa.String(length=20), nullable=False),
    sa.Column('current_question', sa.String(length=60), nullable=False),
    sa.Column('question_language', sa.String(length=10), nullable=False),
    sa.Column('skipped_sections', sa.String(length=200), nullable=False),
    sa.Column('revisit_sections', sa.String(length=200), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('paused_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('completed_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_intake_session_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['completed_by_id'], ['user.id'], name=op.f('fk_intake_session_completed_by_id_user')),
    sa.ForeignKeyConstraint(['started_by_id'], ['user.id'], name=op.f('fk_intake_session_started_by_id_user')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_intake_session_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_session'))
    )
    op.create_index(op.f('ix_intake_session_client_id'), 'intake_session', ['client_id'], unique=False)
    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('dated', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_note_author_id_user')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_note_client_id_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note'))
    )
    op.create_index(op.f('ix_note_client_id'), 'note', ['client_id'], unique=False)
    op.create_table('placement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('employment_type', sa.String(length=20), nullable=True),
    sa.Column('placement_source', sa.String(length=20), nullable=True),
    sa.Column('worksite_city', sa.String(length=120), nullable=True),
    sa.Column('hours_per_week', sa.Integer(), nullable=True),
    sa.Column('wage_cents', sa.Integer(), nullable=True),
    sa.Column('pay_frequency', sa.String(length=20), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('contract_understood', sa.Boolean(), nullable=True),
    sa.Column('paid_directly', sa.Boolean(), nullable=True),
    sa.Column('supports', sa.String(length=200), nullable=True),
    sa.Column('same_sector_as_exploitation', sa.Boolean(), nullable=False),
    sa.Column('separation_date', sa.Date(), nullable=True),
    sa.Column('separation_reason', sa.String(length=30), nullable=True),
    sa.Column('referred_back', sa.Boolean(), nullable=True),
    sa.Column('placed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_placement_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_placement_employer_id_employer')),
    sa.ForeignKeyConstraint(['placed_by_id'], ['user.id'], name=op.f('fk_placement_placed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement'))
    )
    op.create_index(op.f('ix_placement_client_id'), 'placement', ['client_id'], unique=False)
    op.create_index(op.f('ix_placement_start_date'), 'placement', ['start_date'], unique=False)
    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('service_type', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('reason_detail', sa.Text(), nullable=True),
    sa.Column('urgency', sa.String(length=20), nullable=False),
    sa.Column('timeframe', sa.String(length=4), nullable=True),
    sa.Column('appointment_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('appointment_location', sa.String(length=300), nullable=True),
    sa.Column('notes_to_org', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decline_reason', sa.String(length=40), nullable=True),
    sa.Column('decline_note', sa.Text(), nullable=True),
    sa.Column('provider_note', sa.Text(), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('follow_up_due', sa.Date(), nullable=True),
    sa.Column('sent_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('responded_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('closed_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('consent_flagged_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('override_by_id', sa.Integer(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('override_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('letters_printed', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_referral_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_referral_created_by_id_user')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_referral_organization_id_organization'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['override_by_id'], ['user.id'], name=op.f('fk_referral_override_by_id_user')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_referral_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    sa.UniqueConstraint('reference', name=op.f('uq_referral_reference'))
    )
    op.create_index(op.f('ix_referral_client_id'), 'referral', ['client_id'], unique=False)
    op.create_index(op.f('ix_referral_follow_up_due'), 'referral', ['follow_up_due'], unique=False)
    op.create_index(op.f('ix_referral_organization_id'), 'referral', ['organization_id'], unique=False)
    op.create_index(op.f('ix_referral_status'), 'referral', ['status'], unique=False)
    op.create_table('task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('source_type', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('completed_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['user.id'], name=op.f('fk_task_assignee_id_user')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_task_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['completed_by_id'], ['user.id'], name=op.f('fk_task_completed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task')),
    sa.UniqueConstraint('source_type', 'source_id', 'kind', name='source')
    )
    op.create_index(op.f('ix_task_client_id'), 'task', ['client_id'], unique=False)
    op.create_index(op.f('ix_task_due_date'), 'task', ['due_date'], unique=False)
    op.create_table('training_enrollment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('credential_attained', sa.Boolean(), nullable=False),
    sa.Column('credential_date', sa.Date(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_training_enrollment_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['training_program.id'], name=op.f('fk_training_enrollment_program_id_training_program')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_enrollment'))
    )
    op.create_index(op.f('ix_training_enrollment_client_id'), 'training_enrollment', ['client_id'], unique=False)
    op.create_index(op.f('ix_training_enrollment_program_id'), 'training_enrollment', ['program_id'], unique=False)
    op.create_table('intake_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=60), nullable=False),
    sa.Column('value_json', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('answered_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_intake_answer_answered_by_id_user')),
    sa.ForeignKeyConstraint(['session_id'], ['intake_session.id'], name=op.f('fk_intake_answer_session_id_intake_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_answer')),
    sa.UniqueConstraint('session_id', 'question_key', name=op.f('uq_intake_answer_session_id'))
    )
    op.create_index(op.f('ix_intake_answer_session_id'), 'intake_answer', ['session_id'], unique=False)
    op.create_table('retention_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('due_day', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('attempted_on', sa.Date(), nullable=True),
    sa.Column('contact_method', sa.String(length=20), nullable=True),
    sa.Column('reached', sa.Boolean(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('hours_per_week', sa.Integer(), nullable=True),
    sa.Column('wage_cents', sa.Integer(), nullable=True),
    sa.Column('issues', sa.String(length=200), nullable=True),
    sa.Column('support_given', sa.Text(), nullable=True),
    sa.Column('definition', sa.String(length=30), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_retention_check_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_retention_check_placement_id_placement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_retention_check_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_check')),
    sa.UniqueConstraint('placement_id', 'due_day', name='day')
    )
    op.create_index(op.f('ix_retention_check_client_id'), 'retention_check', ['client_id'], unique=False)
    op.create_index(op.f('ix_retention_check_due_date'), 'retention_check', ['due_date'], unique=False)
    op.create_index(op.f('ix_retention_check_placement_id'), 'retention_check', ['placement_id'], unique=False)
    op.create_table('reunification_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('family_contact_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('wants_contact', sa.String(length=10), nullable=True),
    sa.Column('wishes_reunify', sa.String(length=10), nullable=True),
    sa.Column('wishes_asked_on', sa.Date(), nullable=True),
    sa.Column('survivor_concerns', sa.Text(), nullable=True),
    sa.Column('preferred_alternative', sa.String(length=40), nullable=True),
    sa.Column('best_interests_done', sa.Boolean(), nullable=False),
    sa.Column('best_interests_date', sa.Date(), nullable=True),
    sa.Column('best_interests_outcome', sa.String(length=40), nullable=True),
    sa.Column('survivor_knows_adult', sa.String(length=10), nullable=True),
    sa.Column('accounts_match', sa.String(length=10), nullable=True),
    sa.Column('identity_verified', sa.String(length=10), nullable=True),
    sa.Column('documents_checked', sa.Text(), nullable=True),
    sa.Column('corroborated_by', sa.String(length=200), nullable=True),
    sa.Column('corroborated_on', sa.Date(), nullable=True),
    sa.Column('household_willing', sa.String(length=10), nullable=True),
    sa.Column('household_able', sa.String(length=10), nullable=True),
    sa.Column('acceptance_date', sa.Date(), nullable=True),
    sa.Column('household_size', sa.Integer(), nullable=True),
    sa.Column('household_notes', sa.Text(), nullable=True),
    sa.Column('home_visit_done', sa.String(length=10), nullable=True),
    sa.Column('home_visit_date', sa.Date(), nullable=True),
    sa.Column('home_visit_by', sa.String(length=200), nullable=True),
    sa.Column('home_visit_observations', sa.Text(), nullable=True),
    sa.Column('risk_rating', sa.String(length=10), nullable=True),
    sa.Column('risk_rationale', sa.Text(), nullable=True),
    sa.Column('recommendation', sa.String(length=40), nullable=True),
    sa.Column('conditions_support', sa.Text(), nullable=True),
    sa.Column('survivor_agrees', sa.String(length=10), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('approval_comments', sa.Text(), nullable=True),
    sa.Column('closed_at', safehaven.models.base.UtcDateTime(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_reunification_assessment_approved_by_id_user')),
    sa.ForeignKeyConstraint(['assessor_id'], ['user.id'], name=op.f('fk_reunification_assessment_assessor_id_user')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_reunification_assessment_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_contact_id'], ['family_contact.id'], name=op.f('fk_reunification_assessment_family_contact_id_family_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user.id'], name=op.f('fk_reunification_assessment_submitted_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reunification_assessment'))
    )
    op.create_index(op.f('ix_reunification_assessment_client_id'), 'reunification_assessment', ['client_id'], unique=False)
    op.create_index(op.f('ix_reunification_assessment_family_contact_id'), 'reunification_assessment', ['family_contact_id'], unique=False)
    op.create_index(op.f('ix_reunification_assessment_status'), 'reunification_assessment', ['status'], unique=False)
    op.create_table('reunification_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('reunified_on', sa.Date(), nullable=False),
    sa.Column('reunification_type', sa.String(length=40), nullable=False),
    sa.Column('with_verified_adult', sa.Boolean(), nullable=False),
    sa.Column('not_verified_reason', sa.String(length=40), nullable=True),
    sa.Column('follow_up_needed', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['reunification_assessment.id'], name=op.f('fk_reunification_record_assessment_id_reunification_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_reunification_record_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_reunification_record_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reunification_record')),
    sa.UniqueConstraint('assessment_id', name=op.f('uq_reunification_record_assessment_id'))
    )
    op.create_index(op.f('ix_reunification_record_client_id'), 'reunification_record', ['client_id'], unique=False)
    op.create_index(op.f('ix_reunification_record_reunified_on'), 'reunification_record', ['reunified_on'], unique=False)
    op.create_table('reunification_red_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('raised', sa.String(length=10), nullable=True),
    sa.Column('mitigation', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['reunification_assessment.id'], name=op.f('fk_reunification_red_flag_assessment_id_reunification_assessment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reunification_red_flag')),
    sa.UniqueConstraint('assessment_id', 'code', name='flag')
    )
    op.create_index(op.f('ix_reunification_red_flag_assessment_id'), 'reunification_red_flag', ['assessment_id'], unique=False)
    op.create_table('reunification_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('due_day', sa.Integer(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('visited_on', sa.Date(), nullable=True),
    sa.Column('wellbeing', sa.String(length=20), nullable=True),
    sa.Column('safety_concerns', sa.Text(), nullable=True),
    sa.Column('school_work_status', sa.Text(), nullable=True),
    sa.Column('retrafficking_concern', sa.Boolean(), nullable=False),
    sa.Column('action_taken', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', safehaven.models.base.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_reunification_follow_up_client_id_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['reunification_record.id'], name=op.f('fk_reunification_follow_up_record_id_reunification_record'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_reunification_follow_up_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reunification_follow_up'))
    )
    op.create_index(op.f('ix_reunification_follow_up_client_id'), 'reunification_follow_up', ['client_id'], unique=False)
    op.create_index(op.f('ix_reunification_follow_up_record_id'), 'reunification_follow_up', ['record_id'], unique=False)
    create_extras(op.execute)


def downgrade() -> None:
    raise NotImplementedError("SafeHaven never downgrades a vault; restore a backup instead")
