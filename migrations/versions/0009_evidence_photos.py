"""evidence photos: up to three photos per completed task

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'evidence_photo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('completion_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('upload_sha256', sa.String(length=64), nullable=False),
        sa.Column('media_key', sa.String(length=40), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('byte_size', sa.Integer(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['completion_id'], ['task_completion.id'],
            name=op.f('fk_evidence_photo_completion_id_task_completion'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_photo')),
        sa.UniqueConstraint(
            'completion_id', 'number', name=op.f('uq_evidence_photo_completion_id_number')
        ),
    )
    op.create_index(
        op.f('ix_evidence_photo_completion_id'), 'evidence_photo', ['completion_id'], unique=False
    )


def downgrade():
    op.drop_index(op.f('ix_evidence_photo_completion_id'), table_name='evidence_photo')
    op.drop_table('evidence_photo')
