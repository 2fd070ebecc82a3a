"""Keep the message catalogs in step with the code (needs Babel, a test dependency).

    python scripts/messages.py          # add new texts to each .po, drop gone ones, compile the .mo files
    python scripts/messages.py --check  # list what is missing, untranslated or stale; exit 1 if anything

The texts come from `tr`/`ntr`/`mark` calls in `src/shopgen`, `_`/`ngettext` in the lint report template,
and each lint rule's summary and "Why" (context `SGxxx summary` / `SGxxx why`).
"""

from __future__ import annotations

import datetime
import io
import os
import re
import sys

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "src", "shopgen")
LOCALE_DIR = os.path.join(PACKAGE, "locale")
LOCALES = ("zh_CN",)
KEYWORDS = {"tr": None, "ntr": (1, 2), "mark": None, "_": None, "ngettext": (1, 2)}
METHODS = [
    ("**/themes/**", "ignore"),  # storefront templates use the theme's own labels, not this catalog
    ("**.py", "python"),
    ("lint/templates/**.html", "jinja2.ext:babel_extract"),
    ("scaffold/new/**", "jinja2.ext:babel_extract"),
]
FIXED_DATE = datetime.datetime(2026, 11, 22, tzinfo=datetime.timezone.utc)
PLACEHOLDER = re.compile(r"\{(\w+)(![rsa])?(:[^{}]*)?\}")


def template() -> Catalog:
    """Every text shopgen can show, as a catalog without translations."""
    catalog = Catalog(project="shopgen", domain="shopgen")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, locations=[(f"src/shopgen/{filename}", lineno)], auto_comments=comments, context=context)
    sys.path.insert(0, os.path.join(ROOT, "src"))
    from shopgen.lint import REGISTRY

    for code, rule in sorted(REGISTRY.items()):
        where = [(f"src/shopgen/lint/rules#{code}", 0)]
        catalog.add(rule.summary_en, locations=where, context=f"{code} summary")
        if rule.why_en:
            catalog.add(rule.why_en, locations=where, context=f"{code} why")
    return catalog


def _paths(locale: str) -> tuple[str, str]:
    folder = os.path.join(LOCALE_DIR, locale, "LC_MESSAGES")
    return os.path.join(folder, "shopgen.po"), os.path.join(folder, "shopgen.mo")


def _read(path: str, locale: str) -> Catalog:
    if not os.path.exists(path):
        return Catalog(locale=locale, project="shopgen", domain="shopgen")
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=120, sort_output=True, ignore_obsolete=True, include_lineno=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _mo_content(data: bytes) -> tuple | None:
    """What a compiled catalogue says (every message, its context and translation, the plural rule), without the
    header fields that name the tool that wrote it: a newer Babel writes another `Generated-By`, not other text."""
    try:
        catalog = read_mo(io.BytesIO(data))
    except Exception:  # truncated or not a .mo at all: stale
        return None
    messages = sorted((repr(m.id), repr(m.context), repr(m.string)) for m in catalog if m.id)
    return str(catalog.locale), catalog.plural_forms, tuple(messages)


def _placeholders(text: str) -> set[str]:
    return {m.group(1) for m in PLACEHOLDER.finditer(text)}


def problems(locale: str) -> list[str]:
    """What is wrong with one locale's catalog: missing, obsolete, untranslated, fuzzy, placeholders, stale .mo."""
    po_path, mo_path = _paths(locale)
    catalog = _read(po_path, locale)
    wanted = template()
    have = {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in catalog if m.id}
    need = {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in wanted if m.id}
    out = [
        f"{locale}: missing {key[0]!r}" + (f" ({key[1]})" if key[1] else "")
        for key in sorted(need.keys() - have.keys(), key=str)
    ]
    out += [f"{locale}: no longer used {key[0]!r}" for key in sorted(have.keys() - need.keys(), key=str)]
    for key in sorted(need.keys() & have.keys(), key=str):
        m = have[key]
        forms = list(m.string) if isinstance(m.string, (list, tuple)) else [m.string]
        if not all(forms):
            out.append(f"{locale}: untranslated {key[0]!r}")
        elif m.fuzzy:
            out.append(f"{locale}: fuzzy {key[0]!r}")
        else:
            ids = list(m.id) if isinstance(m.id, (list, tuple)) else [m.id]
            expected = set().union(*(_placeholders(i) for i in ids))
            for form in forms:
                if _placeholders(form) != expected:
                    out.append(f"{locale}: placeholders of {key[0]!r} differ: {sorted(_placeholders(form))}")
    if not out:
        try:
            with open(mo_path, "rb") as fh:
                current = fh.read()
        except OSError:
            current = b""
        if _mo_content(current) != _mo_content(_mo_bytes(catalog)):
            out.append(f"{locale}: {os.path.relpath(mo_path, ROOT)} is stale: run python scripts/messages.py")
    return out


def update(locale: str) -> None:
    po_path, mo_path = _paths(locale)
    catalog = _read(po_path, locale)
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    # Fixed header dates: the files change only when a text does.
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.last_translator = "shopgen developers"
    catalog.language_team = "shopgen developers"
    catalog.copyright_holder = "shopgen developers"
    catalog.msgid_bugs_address = ""
    catalog.fuzzy = False
    os.makedirs(os.path.dirname(po_path), exist_ok=True)
    with open(po_path, "wb") as fh:
        fh.write(_po_bytes(catalog))
    with open(mo_path, "wb") as fh:
        fh.write(_mo_bytes(catalog))


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = [p for locale in LOCALES for p in problems(locale)]
        print("\n".join(found) if found else "catalogs are complete")
        return 1 if found else 0
    for locale in LOCALES:
        update(locale)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
