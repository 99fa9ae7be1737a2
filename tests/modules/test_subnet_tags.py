"""§3 subnet tags: roles for the load balancer controller, the cluster tag once the name is known."""
from modules.subnet_tags import private_subnet_tags, public_subnet_tags


def test_roles_without_a_cluster_name():
    assert public_subnet_tags() == {"kubernetes.io/role/elb": "1"}
    assert private_subnet_tags() == {"kubernetes.io/role/internal-elb": "1"}


def test_cluster_tag_is_shared_once_named():
    assert public_subnet_tags("ml")["kubernetes.io/cluster/ml"] == "shared"
    assert private_subnet_tags("ml") == {"kubernetes.io/role/internal-elb": "1", "kubernetes.io/cluster/ml": "shared"}
