"""The reviewed plan sealed for its trip between jobs: only the key opens it, and it opens to the same bytes."""
import pytest

from ops.ci import sealed_plan
from ops.errors import NetError, UsageError


def test_a_sealed_plan_opens_to_the_same_bytes_and_hides_them(tmp_path, monkeypatch):
    monkeypatch.setenv("NETWORK_PLAN_KEY", "a-long-random-secret")
    plan = tmp_path / "network.tfplan"
    plan.write_bytes(b"PK\x03\x04 db_password = hunter2 " * 50)
    sealed = sealed_plan.seal(plan)
    assert sealed.name == "network.tfplan.enc" and b"hunter2" not in sealed.read_bytes()
    plan.unlink()
    assert sealed_plan.unseal(sealed).read_bytes() == b"PK\x03\x04 db_password = hunter2 " * 50


def test_the_wrong_key_or_none_is_refused_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("NETWORK_PLAN_KEY", "right")
    plan = tmp_path / "network.tfplan"
    plan.write_bytes(b"plan" * 100)
    sealed = sealed_plan.seal(plan)
    monkeypatch.setenv("NETWORK_PLAN_KEY", "wrong")
    with pytest.raises(NetError, match="is NETWORK_PLAN_KEY the key the plan job sealed it with"):
        sealed_plan.unseal(sealed)
    monkeypatch.setenv("NETWORK_PLAN_KEY", "")
    with pytest.raises(UsageError, match="PLAN_ENCRYPTION_KEY"):
        sealed_plan.unseal(sealed)
