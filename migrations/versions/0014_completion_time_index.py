"""index of completions by (learner_id, completed_at), for the evaluation of one organisation

The evaluation pages (app/evaluation) count an organisation's tasks of a period. Without this
index PostgreSQL scans every task of the period in every organisation (a quarter of the table)
and throws away all but one organisation's. Built CONCURRENTLY on PostgreSQL, outside a
transaction: the servers of the release before keep storing synced tasks meanwhile.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28 01:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

NAME = 'ix_task_completion_learner_id_completed_at'


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        with op.get_context().autocommit_block():
            op.create_index(NAME, 'task_completion', ['learner_id', 'completed_at'], postgresql_concurrently=True, if_not_exists=True)
        return
    op.create_index(NAME, 'task_completion', ['learner_id', 'completed_at'], unique=False)


def downgrade():
    op.drop_index(NAME, table_name='task_completion')
