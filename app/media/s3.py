"""Media in an S3-compatible bucket (AWS S3, MinIO, Ceph, a Dutch cloud's object store).

For deployments with more files than the database should carry. boto3 is an optional
dependency (``requirements-s3.txt``): it is imported only when ``MEDIA_STORAGE=s3``. Credentials
come the usual boto3 way (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` or an instance role).
Files are still served through ``/media/`` by the app, so access rules stay in one place; a CDN
in front caches them, since the answers are immutable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from app.media.storage import media_type, valid_name


class S3Storage:
    kind = "s3"

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None) -> None:
        if not bucket:
            raise ValueError("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET")
        import boto3

        self.bucket = bucket
        self.prefix = prefix
        self.client: Any = boto3.client("s3", endpoint_url=endpoint_url)

    def _key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def put(self, name: str, data: bytes) -> None:
        if not valid_name(name):
            raise ValueError(f"not a media file name: {name!r}")
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(name), Body=data, ContentType=media_type(name)
        )

    def get(self, name: str) -> bytes | None:
        if not valid_name(name):
            return None
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(name))
        except self.client.exceptions.NoSuchKey:
            return None
        return bytes(answer["Body"].read())

    def sizes(self, names: Iterable[str]) -> dict[str, int]:
        """One HEAD per name; ``stored_sizes`` remembers them, so each is asked once per process."""
        found = {}
        for name in names:
            if not valid_name(name):
                continue
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=self._key(name))
            except self.client.exceptions.ClientError:
                continue
            found[name] = int(head["ContentLength"])
        return found

    def delete(self, names: Iterable[str]) -> None:
        keys = [{"Key": self._key(name)} for name in names if valid_name(name)]
        for start in range(0, len(keys), 1000):  # the most one DeleteObjects call takes
            self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": keys[start : start + 1000], "Quiet": True}
            )

    def names(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                name = item["Key"].removeprefix(self.prefix)
                if valid_name(name):
                    yield name
