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
    docs = document(before), document(after)
    if docs == (None, None) or any(doc is None and value not in (None, "")
                                   for doc, value in zip(docs, (before, after), strict=True)):
        return None
    return docs[0] or {}, docs[1] or {}


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


def changes(path: str, before: dict, after: dict) -> list[tuple[str, str, str]]:
    """(path, before, after) per difference: the version, each statement added or removed, and per kept
    statement each field, list fields as the members removed (``−``) and added (``+``)."""
    found = []
    if before.get("Version") != after.get("Version") and before and after:
        found.append((f"{path}.Version", str(before.get("Version")), str(after.get("Version"))))
    old, new = _statements(before), _statements(after)
    unnamed_old = {_compact(s): key for key, s in old.items() if key.startswith("#")}
    unnamed_new = {_compact(s): key for key, s in new.items() if key.startswith("#")}
    for key in sorted(set(old) | set(new), key=lambda k: (k.startswith("#"), k)):
        where = f"{path}.Statement[{key}]"
        if key.startswith("#"):  # without a Sid a statement is known only by its content
            if key in old and _compact(old[key]) not in unnamed_new:
                found.append((where, describe(old[key]), "(none)"))
            if key in new and _compact(new[key]) not in unnamed_old:
                found.append((where, "(none)", describe(new[key])))
        elif key not in new:
            found.append((where, describe(old[key]), "(none)"))
        elif key not in old:
            found.append((where, "(none)", describe(new[key])))
        else:
            found += _fields(where, old[key], new[key])
    return found


def _fields(where: str, old: dict, new: dict) -> list[tuple[str, str, str]]:
    found = []
    for name in FIELDS:
        a, b = old.get(name), new.get(name)
        if name in LISTS:
            gone, added = sorted(set(_names(a)) - set(_names(b))), sorted(set(_names(b)) - set(_names(a)))
            if gone or added:
                found.append((f"{where}.{name}", ", ".join(f"−{n}" for n in gone) or "(none)",
                              ", ".join(f"+{n}" for n in added) or "(none)"))
        elif _compact(a) != _compact(b):
            found.append((f"{where}.{name}", "(none)" if a is None else _compact(a),
                          "(none)" if b is None else _compact(b)))
    return found
