"""Rule documentation generated from the rules themselves: `docs/rules.md` and `shopgen lint --explain`."""

from __future__ import annotations

from .rule import REGISTRY, Rule
from .score import WEIGHTS

GROUPS = [
    ("SG1", "Titles"),
    ("SG2", "Summary and description"),
    ("SG3", "Images"),
    ("SG4", "Product data"),
    ("SG6", "Guides"),
    ("SG7", "Compliance"),
    ("SG9", "Lint configuration"),
]


def explain(r: Rule) -> str:
    """The full text `shopgen lint --explain CODE` prints."""
    scopes = " and ".join(r.scopes)
    build = "; also checked by `shopgen build`" if r.at_build else ""
    return f"{r.code} {r.name} ({r.severity.label}; checks {scopes}{build})\n\n{r.doc}\n"


def rules_markdown() -> str:
    lines = [
        "# shopgen lint rules",
        "",
        "Generated from the rules' own documentation (`python -m shopgen.lint.docs > docs/rules.md`);",
        "a test checks that this file matches the code. `shopgen lint --explain CODE` prints one rule.",
        "",
        "## Scores",
        "",
        "Each listing starts at 100 and loses the weight of every finding, down to 0:",
        "",
        "| severity | weight |",
        "| --- | --- |",
    ]
    lines += [f"| {sev.label} | {w} |" for sev, w in sorted(WEIGHTS.items(), reverse=True)]
    lines += [
        "",
        "Change them in `shopgen.yaml` with `lint: {weights: {warning: 5, SG103: 2}}` (per severity or per",
        "rule). The catalog score is the mean of the listing scores.",
        "",
        "## Rules",
        "",
        "| code | name | severity | checks | summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in sorted(REGISTRY.values(), key=lambda r: r.code):
        lines.append(
            f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.label} | {', '.join(r.scopes)} | {r.summary} |"
        )
    for prefix, title in GROUPS:
        lines += ["", f"## {title}"]
        for r in sorted(REGISTRY.values(), key=lambda r: r.code):
            if r.code.startswith(prefix):
                lines += [
                    "",
                    f"### {r.code}",
                    "",
                    f"**{r.name}** — {r.severity.label}" + (", also checked by `shopgen build`" if r.at_build else ""),
                    "",
                    r.summary,
                    "",
                    "**Why.** " + r.why,
                    "",
                    "**Example**",
                    "",
                    "```",
                    r.example,
                    "```",
                ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
