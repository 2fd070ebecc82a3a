"""Per-channel limits. Widths are display widths: a Chinese character counts two columns."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Profile:
    name: str
    title_min: int  # display width below which a title wastes its slot
    title_max: int  # display width shown before truncation
    title_hard_max: int  # characters a channel accepts at all
    keyword_window: int  # the primary keyword should start within this many columns
    min_images: int
    summary_min: int = 50  # meta description: display width
    summary_max: int = 160
    paragraph_max: int = 480  # display width of one paragraph: about 80 English words, 240 Chinese characters
    description_min: int = 300  # display width of the whole description
    density_max: float = 0.035  # share of the text's words taken by the primary keyword


PROFILES = {
    # Search results show about 60 columns; Merchant Center accepts up to 150 characters.
    "google": Profile("google", title_min=20, title_max=60, title_hard_max=150, keyword_window=30, min_images=1),
    # Taobao/Tmall: 30 Chinese characters = 60 bytes = 60 columns.
    "taobao": Profile(
        "taobao", title_min=16, title_max=60, title_hard_max=60, keyword_window=20, min_images=5, summary_max=200
    ),
    # Amazon: up to 200 characters; mobile shows about 80.
    "amazon": Profile("amazon", title_min=30, title_max=200, title_hard_max=200, keyword_window=80, min_images=3),
}


def get_profile(name: str, overrides: dict | None = None) -> Profile:
    """The named profile with `lint.profiles.<name>` overrides from shopgen.yaml applied."""
    profile = PROFILES[name]
    if overrides:
        types = {k: f.type for k, f in Profile.__dataclass_fields__.items()}
        known = {
            k: (float(v) if types[k] == "float" else int(v)) for k, v in overrides.items() if k in types and k != "name"
        }
        profile = replace(profile, **known)
    return profile
