"""The remote-state bucket bootstrapped on the emulator: SSE-KMS and access logs when asked for."""
import dataclasses
import json

from deploy.schema import NetworkConfig
from ops.aws_clients import client
from ops.emulator import process as emulator
from ops.state.bucket import bootstrap


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
