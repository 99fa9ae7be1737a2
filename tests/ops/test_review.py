"""The review's parts that need no emulator: change list, cost delta, the scan's skip list, Markdown."""
import re

import pytest

from deploy.schema import NetworkConfig
from deploy.settings import ROOT
from ops.reports.plan_model import Review, changes, cost_delta, count
from ops.reports.prices import PRICES
from ops.reports.scan import Finding, skipped_checks
from ops.reports.summary import markdown

RATES = PRICES["ap-southeast-1"]


def resource_change(address: str, actions: list[str], after=None, before=None, **extra) -> dict:
    kind = address.split(".")[0]
    return {"address": address, "mode": "managed", "type": kind,
            "change": {"actions": actions, "after": after, "before": before, **extra}}


PLAN = {"resource_changes": [
    resource_change("aws_vpc_endpoint.sts", ["create"], after={"vpc_endpoint_type": "Interface"},
                    after_unknown={"subnet_ids": True}),
    resource_change("aws_subnet.public_a", ["delete", "create"], after={}, before={},
                    replace_paths=[["cidr_block"]]),
    resource_change("aws_lb.demo", ["delete"], before={"load_balancer_type": "application"}),
    resource_change("aws_vpc.main", ["update"], after={}, before={}),
    resource_change("aws_route.public", ["no-op"], after={}, before={}),
    {"address": "data.aws_caller_identity.me", "mode": "data", "type": "aws_caller_identity",
     "change": {"actions": ["read"]}},
]}


PLAN_CHANGES = changes(PLAN)


def test_destroys_and_replacements_come_first_and_no_ops_are_left_out():
    found = changes(PLAN)
    assert [(c.kind, c.address) for c in found] == [
        ("destroy", "aws_lb.demo"), ("replace", "aws_subnet.public_a"),
        ("update", "aws_vpc.main"), ("create", "aws_vpc_endpoint.sts")]
    assert found[1].replace_paths == ("cidr_block",)
    assert count(found) == {"create": 1, "update": 1, "destroy": 1, "replace": 1}


def test_a_chain_of_replacements_starts_at_the_resource_that_forces_it_with_its_dependents_counted():
    """Terraform's plan JSON: ``replace_paths`` names the attribute that forces each replacement, and the
    ``configuration`` section its references (https://developer.hashicorp.com/terraform/internals/json-format);
    ``create_before_destroy`` shows as actions ["create", "delete"]."""
    plan = {"resource_changes": [
        resource_change("aws_route_table_association.a", ["delete", "create"], after={}, before={},
                        replace_paths=[["subnet_id"]]),
        resource_change("aws_subnet.a", ["delete", "create"], after={}, before={}, replace_paths=[["cidr_block"]]),
        resource_change("aws_lb.alb", ["create", "delete"], after={}, before={}, replace_paths=[["subnets"]]),
        resource_change("aws_security_group.x", ["delete", "create"], after={}, before={}, replace_paths=[["name"]]),
    ], "configuration": {"root_module": {"resources": [
        {"address": "aws_route_table_association.a",
         "expressions": {"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}},
        {"address": "aws_lb.alb", "expressions": {"subnets": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}},
        {"address": "aws_subnet.a", "expressions": {"cidr_block": {"constant_value": "10.0.3.0/24"}}},
    ]}}}
    found = changes(plan)
    assert [c.address for c in found] == ["aws_security_group.x", "aws_subnet.a", "aws_lb.alb",
                                          "aws_route_table_association.a"]
    subnet = found[1]
    assert subnet.forces == ("aws_lb.alb", "aws_route_table_association.a") and not subnet.forced_by
    assert found[2].forced_by == "aws_subnet.a" and found[2].order == "create first"
    text = markdown(NetworkConfig(), Review(found, [], [], 0.0, plan_file=None, scanned=False))
    assert "**4 to add, 0 to change, 4 to destroy (4 of them replacements).**" in text
    assert "forces 2 more replacement(s): `aws_lb.alb`, `aws_route_table_association.a`" in text
    assert "| **REPLACE** (create first) | load balancer<br>`aws_lb.alb` | forced by `subnets` (the replacement " \
           "of `aws_subnet.a`) |" in text


def test_cost_delta_counts_endpoint_zones_and_load_balancers():
    # +1 interface endpoint in 2 zones ($0.013 each) - 1 ALB ($0.0252 and 2 public IPv4), 730 hours.
    assert cost_delta(PLAN, 2, RATES) == round((2 * 0.013 - 0.0252 - 2 * 0.005) * 730, 2)
    known = {"resource_changes": [resource_change("aws_vpc_endpoint.x", ["delete"], before={
        "vpc_endpoint_type": "Interface", "subnet_ids": ["a", "b", "c"]})]}
    assert cost_delta(known, 2, RATES) == round(-3 * 0.013 * 730, 2)


def test_every_deliberate_skip_has_a_check_id_and_a_reason():
    skips = skipped_checks()
    assert len(skips) >= 10
    for skip in skips:
        assert re.fullmatch(r"CKV2?_AWS_\d+ +# \S.{15,}", skip), skip


def test_summary_marks_replacements_and_names_findings():
    found = changes(PLAN)
    review = Review(found, [], skipped_checks(), cost_delta(PLAN, 2, RATES), plan_file=None)
    text = markdown(NetworkConfig(), review)
    assert "**2 to add, 1 to change, 2 to destroy (1 of them replacements).**" in text, "Terraform's counts"
    assert "| **DESTROY** | load balancer<br>`aws_lb.demo` | load_balancer_type=application |" in text
    assert "| **REPLACE** (destroy first) | subnet<br>`aws_subnet.public_a` | forced by `cidr_block` |" in text
    assert text.index("**DESTROY**") < text.index("| create |")


def test_attribute_changes_walk_nested_paths_and_mask_what_terraform_masks():
    from ops.reports.plan_diff import attribute_changes

    change = {"before": {"route": [{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"}], "tags_all": {"Owner": "ml"},
                         "value": "old-secret", "arn": "arn:1", "name": "x"},
              "after": {"route": [], "tags_all": {"Owner": "platform"}, "value": "new-secret", "arn": None,
                        "name": "x"},
              "after_unknown": {"arn": True}, "before_sensitive": {"value": True}, "after_sensitive": {"value": True}}
    found = {c.path: (c.before, c.after) for c in attribute_changes(change)}
    assert found == {"route[0]": ("cidr_block=0.0.0.0/0, gateway_id=igw-1", "(none)"),
                     "tags_all.Owner": ("ml", "platform"), "value": ("(sensitive)", "(sensitive)"),
                     "arn": ("arn:1", "(known after apply)")}


def test_tags_are_read_from_tags_all_where_a_resource_has_it():
    """A default tag whose value changed reads back under `tags` once; the change shows in tags_all only."""
    from ops.reports.plan_diff import attribute_changes

    change = {"before": {"tags": {"Name": "vpc", "ManagedBy": "cdktf"}, "tags_all": {"Name": "vpc", "ManagedBy": "cdktf"}},
              "after": {"tags": {"Name": "vpc"}, "tags_all": {"Name": "vpc", "ManagedBy": "platform"}}}
    assert [(c.path, c.before, c.after) for c in attribute_changes(change)] == [
        ("tags_all.ManagedBy", "cdktf", "platform")]
    untagged = {"before": {"tags": None}, "after": {"tags": {"Owner": "ml"}}}
    assert [c.path for c in attribute_changes(untagged)] == ["tags"]


def test_long_values_are_shortened():
    from ops.reports.plan_diff import LONG, render

    assert len(render("x" * 500)) == LONG and render("x" * 500).endswith("…")


def test_a_large_plan_stays_within_githubs_comment_limit_and_says_where_the_rest_is():
    plan = {"resource_changes": [
        resource_change(f"aws_vpc_security_group_ingress_rule.rule_{i:04d}", ["update"],
                        before={"description": "d" * 60, "from_port": 443, "tags_all": {"Owner": "ml"}},
                        after={"description": "e" * 60, "from_port": 8443, "tags_all": {"Owner": "platform"}})
        for i in range(1500)]}
    found = changes(plan)
    review = Review(found, [], skipped_checks(), 0.0, plan_file=None, plan_text="  ~ resource\n" * 20000,
                    full_text_at="`review.plan.txt` beside this summary (the workflow's artifact)")
    text = markdown(NetworkConfig(), review)
    assert len(text) <= 65_536 < len(review.plan_text)
    assert "shortened" in text and "`review.plan.txt` beside this summary" in text
    assert "**0 to add, 1500 to change" in text and "<details>" in text
    small = Review(found[:3], [], skipped_checks(), 0.0, plan_file=None, plan_text="  ~ resource\n" * 10)
    assert "shortened" not in markdown(NetworkConfig(), small)
    assert "per month" in text and "No findings" in text


def test_a_summary_without_the_scan_says_so_instead_of_no_findings():
    review = Review(changes(PLAN), [], skipped_checks(), 0.0, plan_file=None, scanned=False)
    text = markdown(NetworkConfig(), review)
    assert "Not scanned (`--no-scan`)" in text and "No findings" not in text


def test_the_ci_docs_link_every_committed_review_example():
    ci = (ROOT / "docs" / "ci.md").read_text()
    for example in sorted((ROOT / "docs" / "review-examples").glob("*.md")):
        assert f"](review-examples/{example.name})" in ci, example.name


HAND_RULE = ["§2 eks_nodes SG rules: got [('in', '22', '0.0.0.0/0', '')], want []"]


@pytest.mark.parametrize("findings, changes, changes_ok, code, live", [
    ([], [], False, 0, []), ([], PLAN_CHANGES, False, 2, []), ([], PLAN_CHANGES, True, 0, []),
    ([Finding("CKV_AWS_24", "port 22 open", "aws_vpc_security_group_ingress_rule.ssh")], [], True, 1, []),
    ([], [], False, 2, HAND_RULE),
])
def test_review_exit_codes_gate_ci_on_changes_and_findings(monkeypatch, capsys, tmp_path, findings, changes,
                                                           changes_ok, code, live):
    """bin/net review's exit code from what the review found: 0 none, 2 changes or a live network that
    differs (a rule added by hand, which no plan shows), 1 a scan finding."""
    from ops import cli
    from ops.commands import reviewing
    from ops.reports import review

    result = Review(changes, findings, skipped_checks(), 0.0, plan_file=tmp_path / "p", live_differences=live)
    result.summary = markdown(NetworkConfig(), result)
    assert ("The live network matches the configuration" in result.summary) is not (changes or live)
    monkeypatch.setattr(review, "review", lambda config, say, plan_file, **options: result)
    monkeypatch.setattr(reviewing, "require_emulator", lambda config: None)
    monkeypatch.setattr(reviewing.terraform_lock, "require_unlocked", lambda config: None)
    monkeypatch.setenv("NETWORK_OUTDIR", str(tmp_path))
    args = ["review", "--summary", str(tmp_path / "review.md")] + (["--changes-ok"] if changes_ok else [])
    assert cli.main(args) == code
    out, err = capsys.readouterr()
    assert (tmp_path / "review.md").read_text() == result.summary
    assert ("the security scan found 1 problem(s)" in err) is bool(findings)


def test_values_with_pipes_and_backticks_stay_inside_their_cell():
    from ops.reports.summary import _code

    assert _code("a|b") == "`a\\|b`"
    assert _code("echo `id`") == "`` echo `id` ``"
    assert _code("x\ny") == "`x y`"
