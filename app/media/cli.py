"""``flask --app wsgi media migrate``: copy every stored file from one backend to another.

Run it before switching ``MEDIA_STORAGE`` (README "Running at scale"); run it again right after
the switch to pick up files uploaded in between. Files that the target has already are skipped, so
a run that was cut off can simply be started again. The source is left as it is: remove it once
the servers use the new backend.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db
from app.media import BACKENDS, backend

media_cli = AppGroup("media", help="Manage uploaded files (card images).")

BATCH = 50  # files per commit when the target is the database


@media_cli.command("migrate")
@click.option("--from", "source_kind", type=click.Choice(BACKENDS), required=True)
@click.option("--to", "target_kind", type=click.Choice(BACKENDS), required=True)
def migrate(source_kind: str, target_kind: str) -> None:
    """Copy all files FROM one backend TO another; files already there are skipped."""
    if source_kind == target_kind:
        raise click.UsageError("--from and --to name the same backend.")
    source, target = backend(source_kind), backend(target_kind)
    copied = skipped = 0
    names = list(source.names())
    for start in range(0, len(names), BATCH):
        chunk = names[start : start + BATCH]
        present = target.sizes(chunk)  # a name holds one content: present means copied before
        sizes = {}
        for name in chunk:
            if name in present:
                skipped += 1
                continue
            data = source.get(name)
            if data is None:  # removed while we ran
                continue
            target.put(name, data)
            sizes[name] = len(data)
            copied += 1
        db.session.commit()  # the database target writes in this transaction
        stored = target.sizes(list(sizes))
        wrong = [name for name, size in sizes.items() if stored.get(name) != size]
        if wrong:
            raise click.ClickException(f"not stored whole in {target_kind}: {wrong[:5]}")
    click.echo(
        f"{copied} files copied from {source_kind} to {target_kind}, {skipped} were there already."
    )
