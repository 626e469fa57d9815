"""caseload: learners in a supervisor's own group

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'caseload_link',
        sa.Column('supervisor_id', sa.Integer(), nullable=False),
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['learner_id'], ['user_account.id'],
            name=op.f('fk_caseload_link_learner_id_user_account'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['supervisor_id'], ['user_account.id'],
            name=op.f('fk_caseload_link_supervisor_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('supervisor_id', 'learner_id', name=op.f('pk_caseload_link')),
    )
    op.create_index(
        op.f('ix_caseload_link_learner_id'), 'caseload_link', ['learner_id'], unique=False
    )


def downgrade():
    op.drop_index(op.f('ix_caseload_link_learner_id'), table_name='caseload_link')
    op.drop_table('caseload_link')
