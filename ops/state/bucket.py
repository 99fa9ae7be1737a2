"""Bootstrap of the remote-state bucket: versioned, encrypted, private, TLS-only. Idempotent.

It must exist before the network stack can keep its state in it, so it is made with the AWS API
rather than by a stack whose own state would need a home. Running it again re-applies the settings.
"""
from __future__ import annotations

import json

from deploy.schema import NetworkConfig

from ..aws_clients import client


def tls_only_policy(bucket: str) -> str:
    arn = f"arn:aws:s3:::{bucket}"
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [arn, f"{arn}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }],
    })


def encryption(config: NetworkConfig) -> dict:
    if config.state_kms_key_id:
        return {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": config.state_kms_key_id}
    return {"SSEAlgorithm": "AES256"}


def bootstrap(config: NetworkConfig) -> list[str]:
    """Creates or re-asserts the state bucket; returns what it did, step by step."""
    return [ensure_bucket(config)[1], *reassert(config)]


def ensure_bucket(config: NetworkConfig) -> tuple[bool, str]:
    """Creates the bucket unless it exists; returns whether it did, and what it did."""
    from botocore.exceptions import ClientError

    s3 = client(config, "s3", config.state_bucket_region)
    bucket = config.state_bucket
    try:
        s3.head_bucket(Bucket=bucket)
        return False, f"bucket {bucket} exists"
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("404", "NoSuchBucket", "NotFound"):
            raise
    create = {"Bucket": bucket}
    if config.state_bucket_region != "us-east-1":
        create["CreateBucketConfiguration"] = {"LocationConstraint": config.state_bucket_region}
    s3.create_bucket(**create)
    return True, f"bucket {bucket} created in {config.state_bucket_region}"


def reassert(config: NetworkConfig) -> list[str]:
    """Applies the bucket's settings again (idempotent); returns what it did."""
    s3 = client(config, "s3", config.state_bucket_region)
    bucket = config.state_bucket
    done = []
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": encryption(config), "BucketKeyEnabled": True}]})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    kind = f"SSE-KMS with {config.state_kms_key_id}" if config.state_kms_key_id else "SSE-S3"
    done.append(f"versioning on, {kind} encryption, public access blocked")
    if config.state_access_log_bucket:
        # The log bucket must already let the S3 logging service write (its policy or ACL); S3
        # refuses the setting otherwise, with a message we pass on.
        s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": {
            "TargetBucket": config.state_access_log_bucket, "TargetPrefix": f"{bucket}/"}})
        done.append(f"server access logs to {config.state_access_log_bucket}/{bucket}/")
    if config.target == "emulator":
        # moto treats every policy condition it cannot evaluate (aws:SecureTransport among them) as
        # true, so this Deny would refuse every request, Terraform's included. Real AWS gets it.
        done.append("TLS-only policy skipped: the emulator cannot evaluate aws:SecureTransport")
    else:
        s3.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket))
        done.append("TLS-only bucket policy applied")
    return done
