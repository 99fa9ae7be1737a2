"""``bin/net diagram``: the topology drawn from the configuration, laid out by Graphviz's ``dot``
(SVG and PNG), and the same graph as Mermaid text for PR comments and docs/operations.md.

Nothing needs to be deployed: what is drawn is what the configuration builds, from the same tables the
constructs use (the security group rule table, the endpoint list, the subnet CIDRs by AZ).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from deploy import capacity
from deploy.part_props import SECURITY_GROUPS
from deploy.schema import NetworkConfig
from modules.props.network import pod_subnet_cidrs
from modules.props.security_groups import ANYWHERE, S3_PREFIX_LIST, rules

from ..errors import NetError

GROUP_LABELS = {"alb": "ALB SG", "eks_nodes": "EKS nodes SG", "eks_control_plane": "EKS control plane SG",
                "vpc_endpoints": "VPC endpoints SG"}


@dataclass
class Topology:
    """Nodes (id → label), clusters (title → node ids, nested by ``parent``) and labelled edges."""

    nodes: dict[str, str] = field(default_factory=dict)
    clusters: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # id → (title, node ids)
    parents: dict[str, str] = field(default_factory=dict)  # cluster id → parent cluster id
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (from, to, label, style)


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)


def topology(config: NetworkConfig) -> Topology:
    t = Topology()
    t.nodes["internet"] = "Internet"
    t.clusters["vpc"] = (f"VPC {config.name('vpc')} {config.vpc_cidr}", [])
    t.nodes["igw"] = f"Internet gateway\n{config.name('internet_gateway')}"
    t.clusters["vpc"][1].append("igw")
    t.nodes["public_rt"] = "Public route table\n0.0.0.0/0 → IGW"
    t.nodes["private_rt"] = "Private route table\nlocal only (no NAT)" + ("\n+ S3 prefix list → gateway endpoint"
                                                                        if config.s3_gateway_endpoint else "")
    t.clusters["vpc"][1].extend(["public_rt", "private_rt"])
    t.edges += [("internet", "igw", "", "solid"), ("public_rt", "igw", "0.0.0.0/0", "solid")]
    pods = dict(zip(config.azs, pod_subnet_cidrs(config.pod_cidr, len(config.azs)), strict=False))
    reservations = capacity.reservations(config)
    for az, public, private in zip(config.azs, config.public_subnet_cidrs, config.private_subnet_cidrs, strict=True):
        cluster = f"az_{_safe(az)}"
        t.clusters[cluster] = (az, [])
        t.parents[cluster] = "vpc"
        subnets = (("public", public, "public_rt"), ("private", private, "private_rt"))
        if az in pods:
            subnets += (("pod", pods[az], "private_rt"),)
        for kind, cidr, table in subnets:
            node = f"{kind}_{_safe(az)}"
            pods_here = kind == ("pod" if pods else "private")  # the subnet whose pods take prefixes
            t.nodes[node] = f"{config.name(kind + '_subnet', az=az)}\n{cidr}" + (
                f"\nprefixes reserved: {reservations[az]}" if pods_here and az in reservations else "")
            t.clusters[cluster][1].append(node)
            t.edges.append((node, table, "", "dashed"))
    t.clusters["endpoints"] = ("VPC endpoints (private DNS)", [])
    t.parents["endpoints"] = "vpc"
    if config.s3_gateway_endpoint:
        t.nodes["ep_s3"] = f"S3 gateway endpoint\n{config.name('s3_endpoint')}"
        t.clusters["endpoints"][1].append("ep_s3")
        t.edges.append(("private_rt", "ep_s3", "S3 prefix list", "solid"))
    for service in config.interface_endpoints:
        node = f"ep_{_safe(service)}"
        t.nodes[node] = f"{service} interface endpoint\n{config.endpoint_name(service)}"
        t.clusters["endpoints"][1].append(node)
    t.clusters["groups"] = ("Security groups", [])
    t.parents["groups"] = "vpc"
    for role, label in GROUP_LABELS.items():
        t.nodes[f"sg_{role}"] = f"{label}\n{config.name(role + '_sg')}"
        t.clusters["groups"][1].append(f"sg_{role}")
    for rule in rules(SECURITY_GROUPS.build(config)):
        own = f"sg_{rule.group}"
        if rule.peer == ANYWHERE:
            peer = "internet"
        elif rule.peer == S3_PREFIX_LIST:
            peer = "ep_s3" if config.s3_gateway_endpoint else "internet"
        elif rule.peer.startswith(tuple("0123456789")):
            peer = f"cidr_{_safe(rule.peer)}"
            t.nodes[peer] = rule.peer
        else:
            peer = f"sg_{rule.peer}"
        source, target = (peer, own) if rule.direction == "in" else (own, peer)
        if rule.direction == "out" and peer.startswith("sg_"):
            continue  # the matching ingress rule of the peer draws this arrow once
        t.edges.append((source, target, str(rule.port or "all"), "bold"))
    t.edges.append(("sg_vpc_endpoints", "endpoints_anchor", "attached to", "dotted"))
    if config.demo_alb:
        t.nodes["alb"] = f"Demo ALB\n{config.name('demo_alb')}\n" + ("HTTPS 443 + 80→443" if config.https_enabled
                                                                     else "HTTP 80")
        t.clusters["vpc"][1].append("alb")
        t.edges += [("internet", "alb", "80/443", "solid"), ("alb", "sg_alb", "attached to", "dotted")]
    return t


def graph(config: NetworkConfig):
    import graphviz

    t = topology(config)
    dot = graphviz.Digraph("network", graph_attr={"rankdir": "LR", "fontname": "Helvetica", "fontsize": "11",
                                                  "label": f"{config.stack_name} ({config.region})",
                                                  "labelloc": "t", "compound": "true"},
                           node_attr={"shape": "box", "style": "rounded", "fontname": "Helvetica",
                                      "fontsize": "10"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "9"})
    placed = {node for _, members in t.clusters.values() for node in members}

    def add_cluster(parent, cluster_id: str) -> None:
        title, members = t.clusters[cluster_id]
        with parent.subgraph(name=f"cluster_{cluster_id}") as sub:
            sub.attr(label=title, style="rounded")
            for node in members:
                sub.node(node, t.nodes[node])
            if cluster_id == "endpoints":
                sub.node("endpoints_anchor", "", shape="point", width="0.01")
            for child in [c for c, p in t.parents.items() if p == cluster_id]:
                add_cluster(sub, child)

    add_cluster(dot, "vpc")
    for node, label in t.nodes.items():
        if node not in placed:
            dot.node(node, label, shape="ellipse" if node == "internet" else "box")
    for source, target, label, style in t.edges:
        dot.edge(source, target, label=label, style=style)
    return dot


def render(config: NetworkConfig, out_dir: Path, stem: str = "network") -> list[Path]:
    """Writes ``<stem>.svg``, ``<stem>.png`` and ``<stem>.mmd``; returns their paths."""
    if shutil.which("dot") is None:
        raise NetError("Graphviz's dot is not installed: bin/net installs it with apt-get where it can; otherwise "
                       "install the OS package (Debian/Ubuntu: apt-get install graphviz; macOS: brew install "
                       "graphviz), or print only the Mermaid text with bin/net diagram --mermaid")
    out_dir.mkdir(parents=True, exist_ok=True)
    dot = graph(config)
    written = [Path(dot.render(out_dir / stem, format=fmt, cleanup=True)) for fmt in ("svg", "png")]
    mermaid_file = out_dir / f"{stem}.mmd"
    mermaid_file.write_text(mermaid(config) + "\n")
    return [*written, mermaid_file]


def mermaid(config: NetworkConfig) -> str:
    t = topology(config)
    lines = ["flowchart LR"]
    placed = {node for _, members in t.clusters.values() for node in members}

    def label(node: str) -> str:
        return t.nodes[node].replace("\n", "<br/>").replace('"', "'")

    def add_cluster(cluster_id: str, indent: str) -> None:
        title, members = t.clusters[cluster_id]
        lines.append(f'{indent}subgraph {cluster_id}["{title}"]')
        for node in members:
            lines.append(f'{indent}  {node}["{label(node)}"]')
        for child in [c for c, p in t.parents.items() if p == cluster_id]:
            add_cluster(child, indent + "  ")
        lines.append(f"{indent}end")

    for node in t.nodes:
        if node not in placed:
            lines.append(f'  {node}(["{label(node)}"])')
    add_cluster("vpc", "  ")
    arrows = {"dashed": "-.-", "dotted": "-.-", "bold": "==>", "solid": "-->"}
    for source, target, text, style in t.edges:
        if target == "endpoints_anchor":
            target = "endpoints"
        arrow = arrows[style]
        lines.append(f"  {source} {arrow}|{text}| {target}" if text else f"  {source} {arrow} {target}")
    return "\n".join(lines)
