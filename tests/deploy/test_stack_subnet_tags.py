"""§3 Subnet tags for EKS and the AWS Load Balancer Controller."""


def tags_by_kind(stack):
    return {("public" if s["map_public_ip_on_launch"] else "private", s["availability_zone"]): s["tags"]
            for s in stack.resources("aws_subnet").values()}


def test_public_subnets_carry_the_elb_role_and_private_the_internal_elb_role(default):
    for (kind, _), tags in tags_by_kind(default).items():
        role = "kubernetes.io/role/elb" if kind == "public" else "kubernetes.io/role/internal-elb"
        other = "kubernetes.io/role/internal-elb" if kind == "public" else "kubernetes.io/role/elb"
        assert tags[role] == "1" and other not in tags


def test_no_cluster_tag_until_a_cluster_name_is_configured(default):
    for tags in tags_by_kind(default).values():
        assert not [k for k in tags if k.startswith("kubernetes.io/cluster/")]


def test_cluster_name_tags_all_subnets_shared(stacks):
    tags = tags_by_kind(stacks["cluster"])
    assert len(tags) == 4
    for subnet_tags in tags.values():
        assert subnet_tags["kubernetes.io/cluster/mlops-retail-cluster"] == "shared"
