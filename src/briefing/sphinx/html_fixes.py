"""Small repairs to the theme's HTML: no Thebe scripts from a CDN, citation lists that axe-core accepts."""

from __future__ import annotations

from sphinx.application import Sphinx


def clean_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Drop the theme's Thebe scripts (Thebe is off; they load from a CDN and declare a constant twice)."""
    kept, seen = [], set()
    for script in context.get("script_files", []):
        name = str(getattr(script, "filename", script) or "")
        body = (getattr(script, "attributes", None) or {}).get("body", "")
        if "thebe" in name.lower() or "THEBE_JS_URL" in body:
            continue
        key = (name, body)
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept
    # docutils wraps citations in role="list" but gives entries the deprecated role "doc-biblioentry",
    # which axe-core flags as a list without list items: make the entries list items.
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> None:
    """Repair every page as it is written."""
    app.connect("html-page-context", clean_scripts)
