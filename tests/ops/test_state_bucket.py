"""The remote-state bucket's TLS-only policy (applied on real AWS; see README for the emulator)."""
import json

from ops.state_bucket import tls_only_policy


def test_tls_only_policy_denies_every_insecure_request_on_bucket_and_objects():
    statement, = json.loads(tls_only_policy("acme-tfstate"))["Statement"]
    assert statement["Effect"] == "Deny" and statement["Principal"] == "*" and statement["Action"] == "s3:*"
    assert statement["Resource"] == ["arn:aws:s3:::acme-tfstate", "arn:aws:s3:::acme-tfstate/*"]
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
