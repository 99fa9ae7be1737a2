"""The remote-state bucket's TLS-only policy (applied on real AWS; docs/emulator.md says why not on the
emulator). Bootstrapping it on the emulator is tests/e2e/test_state_bucket.py."""
import json

from ops.state.bucket import tls_only_policy


def test_tls_only_policy_denies_every_insecure_request_on_bucket_and_objects():
    statement, = json.loads(tls_only_policy("acme-tfstate"))["Statement"]
    assert statement["Effect"] == "Deny" and statement["Principal"] == "*" and statement["Action"] == "s3:*"
    assert statement["Resource"] == ["arn:aws:s3:::acme-tfstate", "arn:aws:s3:::acme-tfstate/*"]
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_the_backend_writes_the_state_under_the_key(stacks):
    backend = stacks["real-aws"].json["terraform"]["backend"]["s3"]
    assert backend["kms_key_id"] == stacks["real-aws"].config.state_kms_key_id and backend["encrypt"] is True
    assert "kms_key_id" not in stacks["default"].json["terraform"]["backend"]["s3"]
