"""indexes for national scale: completions by (learner_id, received_at); accounts by lower(username)

The supervisor's list counts every learner's tasks and the new ones since the last look; with
this index PostgreSQL counts them from the index alone (index-only scan) instead of reading rows
spread over the whole table. It serves every lookup by learner the old index served. Log-in looks
an account up by lower(username), which no index served: a scan of every account per log-in.

On PostgreSQL the indexes are built and dropped CONCURRENTLY, outside a transaction: the servers
of the release before keep storing synced tasks meanwhile (README "Running at scale").

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    if _postgresql():
        with op.get_context().autocommit_block():
            op.create_index('ix_task_completion_learner_id_received_at', 'task_completion', ['learner_id', 'received_at'], postgresql_concurrently=True, if_not_exists=True)
            op.drop_index('ix_task_completion_learner_id', table_name='task_completion', postgresql_concurrently=True, if_exists=True)
            op.create_index('ix_user_account_username_lower', 'user_account', [sa.text('lower(username)')], postgresql_concurrently=True, if_not_exists=True)
        return
    with op.batch_alter_table('task_completion', schema=None) as batch_op:
        batch_op.create_index('ix_task_completion_learner_id_received_at', ['learner_id', 'received_at'], unique=False)
        batch_op.drop_index('ix_task_completion_learner_id')
    op.create_index('ix_user_account_username_lower', 'user_account', [sa.text('lower(username)')], unique=False)


def downgrade():
    op.drop_index('ix_user_account_username_lower', table_name='user_account')
    with op.batch_alter_table('task_completion', schema=None) as batch_op:
        batch_op.create_index('ix_task_completion_learner_id', ['learner_id'], unique=False)
        batch_op.drop_index('ix_task_completion_learner_id_received_at')
