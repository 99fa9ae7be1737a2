"""The remote-state bucket: its TLS-only policy (applied on real AWS; see README for the emulator), SSE-KMS
and access logs when asked for."""
import dataclasses
import json

import pytest

from deploy.schema import NetworkConfig
from ops.aws_clients import client
from ops.emulator import process as emulator
from ops.state.bucket import bootstrap, tls_only_policy


def test_tls_only_policy_denies_every_insecure_request_on_bucket_and_objects():
    statement, = json.loads(tls_only_policy("acme-tfstate"))["Statement"]
    assert statement["Effect"] == "Deny" and statement["Principal"] == "*" and statement["Action"] == "s3:*"
    assert statement["Resource"] == ["arn:aws:s3:::acme-tfstate", "arn:aws:s3:::acme-tfstate/*"]
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


@pytest.mark.emulator
def test_bootstrap_with_a_kms_key_and_access_logs(tmp_path):
    """SSE-KMS under the given key and server access logs to the given bucket, read back from the emulator."""
    port = emulator.free_port()
    config = dataclasses.replace(NetworkConfig(), emulator_port=port, state_bucket="kms-tfstate",
                                 state_access_log_bucket="kms-tfstate-logs")
    emulator.start(config.emulator_host, port)
    try:
        key = client(config, "kms").create_key(Description="state")["KeyMetadata"]["Arn"]
        config = dataclasses.replace(config, state_kms_key_id=key)
        s3 = client(config, "s3")
        s3.create_bucket(Bucket="kms-tfstate-logs",
                         CreateBucketConfiguration={"LocationConstraint": config.region})
        s3.put_bucket_policy(Bucket="kms-tfstate-logs", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::kms-tfstate-logs/*"}]}))
        done = bootstrap(config)
        assert f"SSE-KMS with {key}" in done[1] and "server access logs to kms-tfstate-logs/kms-tfstate/" in done[2]
        rule, = s3.get_bucket_encryption(Bucket="kms-tfstate")["ServerSideEncryptionConfiguration"]["Rules"]
        assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}
        logging = s3.get_bucket_logging(Bucket="kms-tfstate")["LoggingEnabled"]
        assert logging == {"TargetBucket": "kms-tfstate-logs", "TargetPrefix": "kms-tfstate/"}
    finally:
        emulator.stop(port)


def test_the_backend_writes_the_state_under_the_key(stacks):
    backend = stacks["real-aws"].json["terraform"]["backend"]["s3"]
    assert backend["kms_key_id"] == stacks["real-aws"].config.state_kms_key_id and backend["encrypt"] is True
    assert "kms_key_id" not in stacks["default"].json["terraform"]["backend"]["s3"]
