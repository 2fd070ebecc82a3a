"""Rule documentation generated from the rules themselves: `docs/rules.md` and `shopgen lint --explain`."""

from __future__ import annotations

from .. import messages
from ..markets import MARKETS
from ..messages import mark, tr
from .rule import REGISTRY, Rule
from .score import WEIGHTS

GROUPS = [
    ("SG0", mark("Store problems (found while loading)")),
    ("SG1", mark("Titles")),
    ("SG2", mark("Summary and description")),
    ("SG3", mark("Images")),
    ("SG4", mark("Product data")),
    ("SG6", mark("Guides")),
    ("SG7", mark("Compliance")),
    ("SG8", mark("Translations")),
    ("SG9", mark("Lint configuration")),
]
SCOPES = (mark("product"), mark("guide"))
#: The rules documents, by language: `python -m shopgen.lint.docs LANG > FILE` writes one.
DOCS = {"en": "docs/rules.md", "zh-CN": "docs/rules.zh-CN.md"}


def markets(r: Rule) -> str:
    """The markets a rule applies to, for its documentation: "all" or "CN (mainland China)"."""
    if not r.markets:
        return tr("all")
    return ", ".join(f"{m} ({tr(MARKETS[m])})" for m in r.markets)


def explain(r: Rule) -> str:
    """The full text `shopgen lint --explain CODE` prints, in the editor's language."""
    scopes = tr(" and ").join(tr(s) for s in r.scopes)
    head = (
        tr("{code} {name} ({severity}; checks {scopes}; also checked by `shopgen build`)", **_head(r, scopes))
        if r.at_build
        else tr("{code} {name} ({severity}; checks {scopes})", **_head(r, scopes))
    )
    head += "\n" + tr("Markets: {markets}", markets=markets(r))
    if messages.active() == "en":
        return f"{head}\n\n{r.doc}\n"
    # One line per paragraph: the terminal wraps it (a fixed width would be wrong for CJK text anyway).
    why_head, example_head = tr("Why"), tr("Example")
    return f"{head}\n\n{r.summary}\n\n## {why_head}\n{r.why}\n\n## {example_head}\n{r.example}\n"


def _head(r: Rule, scopes: str) -> dict:
    return {"code": r.code, "name": r.name, "severity": r.severity.word, "scopes": scopes}


def rules_markdown() -> str:
    """Every rule's documentation as one Markdown document, in the active language."""
    lang = messages.active()
    lines = [
        "# " + tr("shopgen lint rules"),
        "",
        tr(
            "Generated from the rules' own documentation (`python -m shopgen.lint.docs {lang} > {file}`); "
            "a test checks that this file matches the code. `shopgen lint --explain CODE` prints one rule.",
            lang=lang,
            file=DOCS[lang],
        ),
        "",
        "## " + tr("Scores"),
        "",
        tr("Each listing starts at 100 and loses the weight of every finding, down to 0:"),
        "",
        "| " + " | ".join([tr("severity"), tr("weight")]) + " |",
        "| --- | --- |",
    ]
    lines += [f"| {sev.word} | {w} |" for sev, w in sorted(WEIGHTS.items(), reverse=True)]
    lines += [
        "",
        tr(
            "Change them in `shopgen.yaml` with `lint: {weights: {warning: 5, SG103: 2}}` (per severity or "
            "per rule). The catalog score is the mean of the listing scores.",
        ),
        "",
        "## " + tr("Markets"),
        "",
        tr(
            "A rule applies to every market unless it names some: a store says where it sells with `market:` in "
            "`shopgen.yaml` (per language: `lint.languages.<tag>.market`); without it the linter assumes the "
            "market from the language's region, else the currency, and says so. A listing with a `channels:` "
            "entry for a marketplace in mainland China (tmall, taobao, jd …) is judged as sold there too.",
        ),
        "",
        "| " + tr("market") + " | " + tr("where") + " |",
        "| --- | --- |",
        *[f"| {code} | {tr(name)} |" for code, name in MARKETS.items()],
        "",
        "## " + tr("Rules"),
        "",
        "| " + " | ".join([tr("code"), tr("name"), tr("severity"), tr("checks"), tr("markets"), tr("summary")]) + " |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    rules = sorted(REGISTRY.values(), key=lambda r: r.code)
    for r in rules:
        scopes = ", ".join(tr(s) for s in r.scopes)
        where = ", ".join(r.markets) or tr("all")
        lines.append(
            f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.word} | {scopes} | {where} | {r.summary} |"
        )
    for prefix, title in GROUPS:
        lines += ["", "## " + tr(title)]
        for r in rules:
            if r.code.startswith(prefix):
                build = tr(", also checked by `shopgen build`") if r.at_build else ""
                lines += [
                    "",
                    f"### {r.code}",
                    "",
                    f"**{r.name}** — {r.severity.word}{build}",
                    "",
                    tr("Markets: {markets}", markets=markets(r)),
                    "",
                    r.summary,
                    "",
                    "**" + tr("Why.") + "** " + r.why,
                    "",
                    "**" + tr("Example") + "**",
                    "",
                    "```",
                    r.example,
                    "```",
                ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    messages.use(sys.argv[1] if len(sys.argv) > 1 else "en")
    print(rules_markdown(), end="")
