"""A policy document's change as a reviewer reads it: statement by statement (matched by ``Sid``), and
within a statement action by action and resource by resource, never a JSON string cut short. Two
documents that differ only in layout or order are equal here, as they are to IAM."""
from __future__ import annotations

import json

#: Statement fields that hold a list of names (IAM, "Policy elements reference"): compared member by member.
LISTS = ("Action", "NotAction", "Resource", "NotResource")
FIELDS = ("Effect", "Principal", "NotPrincipal", *LISTS, "Condition")


def document(value) -> dict | None:
    """The policy a JSON string holds, or None when it holds none (an ARN, a name, a plain string)."""
    if not isinstance(value, str) or '"Statement"' not in value:
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) and "Statement" in parsed else None


def documents(before, after) -> tuple[dict, dict] | None:
    """Both sides as documents when at least one is a policy and the other a policy or nothing (None)."""
    old, new = document(before), document(after)
    if old is None and new is None:
        return None
    if (old is None and before not in (None, "")) or (new is None and after not in (None, "")):
        return None  # a policy replaced by some other text: compared as text
    return old or {}, new or {}


def _names(value) -> list[str]:
    return [value] if isinstance(value, str) else sorted(str(v) for v in value or [])


def _compact(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), sort_keys=True)


def _statements(doc: dict) -> dict[str, dict]:
    """Statements by their Sid; one without a Sid by its position, ``#1``."""
    statements = doc.get("Statement") or []
    statements = [statements] if isinstance(statements, dict) else statements
    return {s.get("Sid") or f"#{index + 1}": s for index, s in enumerate(statements)}


def describe(statement: dict) -> str:
    """``Allow ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on arn:…:repository/* if {…}``."""
    verb = "NotAction " if "NotAction" in statement else ""
    text = f"{statement.get('Effect', '?')} {verb}{', '.join(_names(statement.get('Action', statement.get('NotAction'))))}"
    text += f" on {', '.join(_names(statement.get('Resource', statement.get('NotResource'))))}"
    if statement.get("Principal", "*") != "*":
        text += f" for {_compact(statement['Principal'])}"
    if statement.get("Condition"):
        text += f" if {_compact(statement['Condition'])}"
    return text


def _unnamed(statements: dict[str, dict]) -> set[str]:
    return {_compact(s) for key, s in statements.items() if key.startswith("#")}


def changes(path: str, before: dict, after: dict) -> list[tuple[str, str | None, str | None]]:
    """(path, before, after) per difference, None where a side has nothing: the version, each statement
    added or removed, and per kept statement each field, list fields as the members removed (``−``) and
    added (``+``). A statement without a Sid is known only by its content."""
    found = []
    if before.get("Version") != after.get("Version") and before and after:
        found.append((f"{path}.Version", str(before.get("Version")), str(after.get("Version"))))
    old, new = _statements(before), _statements(after)
    gone = set(old) - set(new) | {k for k in old if k.startswith("#") and _compact(old[k]) not in _unnamed(new)}
    added = set(new) - set(old) | {k for k in new if k.startswith("#") and _compact(new[k]) not in _unnamed(old)}
    for key in sorted(set(old) | set(new), key=lambda k: (k.startswith("#"), k)):
        where = f"{path}.Statement[{key}]"
        if key in gone:
            found.append((where, describe(old[key]), None))
        if key in added:
            found.append((where, None, describe(new[key])))
        if key in old and key in new and not key.startswith("#"):
            found += _fields(where, old[key], new[key])
    return found


def _fields(where: str, old: dict, new: dict) -> list[tuple[str, str, str]]:
    found = []
    for name in FIELDS:
        a, b = old.get(name), new.get(name)
        if name in LISTS:
            gone, added = sorted(set(_names(a)) - set(_names(b))), sorted(set(_names(b)) - set(_names(a)))
            if gone or added:
                found.append((f"{where}.{name}", ", ".join(f"−{n}" for n in gone) or None,
                              ", ".join(f"+{n}" for n in added) or None))
        elif _compact(a) != _compact(b):
            found.append((f"{where}.{name}", None if a is None else _compact(a), None if b is None else _compact(b)))
    return found
