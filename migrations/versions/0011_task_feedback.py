"""task feedback: a supervisor's short feedback on a completed task

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 23:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'task_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('completion_id', sa.Integer(), nullable=False),
        sa.Column('supervisor_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('request_id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['completion_id'], ['task_completion.id'],
            name=op.f('fk_task_feedback_completion_id_task_completion'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['supervisor_id'], ['user_account.id'],
            name=op.f('fk_task_feedback_supervisor_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_feedback')),
        sa.UniqueConstraint(
            'supervisor_id', 'request_id', name=op.f('uq_task_feedback_supervisor_id_request_id')
        ),
    )
    op.create_index(
        op.f('ix_task_feedback_completion_id'), 'task_feedback', ['completion_id'], unique=False
    )


def downgrade():
    op.drop_index(op.f('ix_task_feedback_completion_id'), table_name='task_feedback')
    op.drop_table('task_feedback')
