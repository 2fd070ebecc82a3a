"""Draw the demo store's product photos with Pillow (studio-style: gradient backdrop, soft shadow).

    python scripts/demo_images.py            # writes catalog/**/images/*.jpg for the demo stores

Each image is a recognisable drawing of the product type in the product's colour, so the demo
store looks like a shop and its images are real, decodable JPEGs of realistic size.
"""

from __future__ import annotations

import os
import sys

from PIL import Image, ImageDraw, ImageFilter

SIZE = 1200


def backdrop(top, bottom) -> Image.Image:
    im = Image.new("RGB", (SIZE, SIZE), top)
    d = ImageDraw.Draw(im)
    for y in range(SIZE):
        t = y / SIZE
        d.line([(0, y), (SIZE, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return im


def shadow(im: Image.Image, box) -> None:
    layer = Image.new("L", im.size, 0)
    ImageDraw.Draw(layer).ellipse(box, fill=110)
    layer = layer.filter(ImageFilter.GaussianBlur(28))
    im.paste((40, 40, 45), mask=layer)


def shade(c, f):
    return tuple(max(0, min(255, int(v * f))) for v in c)


def lamp(d, c):
    d.ellipse((430, 930, 770, 1000), fill=shade(c, 0.7))
    d.rectangle((585, 560, 615, 960), fill=shade(c, 0.85))
    d.line((600, 560, 760, 330), fill=shade(c, 0.85), width=30)
    d.polygon([(700, 250), (900, 330), (820, 470), (640, 380)], fill=c)
    d.ellipse((760, 420, 830, 470), fill=(255, 240, 180))


def floor_lamp(d, c):
    d.ellipse((470, 1030, 730, 1080), fill=shade(c, 0.7))
    d.rectangle((588, 330, 612, 1050), fill=shade(c, 0.8))
    d.polygon([(470, 330), (730, 330), (680, 150), (520, 150)], fill=c)


def kettle(d, c):
    d.ellipse((380, 420, 820, 980), fill=c)
    d.rectangle((420, 700, 780, 960), fill=c)
    d.polygon([(380, 600), (220, 420), (250, 400), (420, 540)], fill=shade(c, 0.9))
    d.arc((470, 280, 730, 560), 180, 360, fill=shade(c, 0.6), width=36)
    d.rectangle((400, 950, 800, 990), fill=shade(c, 0.5))


def mug(d, c):
    d.rounded_rectangle((380, 420, 760, 960), 40, fill=c)
    d.arc((690, 520, 900, 800), 270, 90, fill=shade(c, 0.85), width=50)
    d.ellipse((380, 390, 760, 460), fill=shade(c, 0.75))


def desk(d, c):
    d.rectangle((200, 520, 1000, 570), fill=c)
    for x in (280, 880):
        d.rectangle((x, 570, x + 40, 980), fill=(70, 70, 75))
        d.rectangle((x - 60, 960, x + 100, 990), fill=(60, 60, 65))


def stand(d, c):
    d.rounded_rectangle((250, 560, 950, 620), 12, fill=c)
    d.rectangle((290, 620, 340, 820), fill=shade(c, 0.8))
    d.rectangle((860, 620, 910, 820), fill=shade(c, 0.8))
    d.rectangle((340, 260, 860, 540), fill=(30, 32, 36))
    d.rectangle((360, 280, 840, 520), fill=(90, 140, 190))


def lantern(d, c):
    d.arc((480, 200, 720, 420), 180, 360, fill=(60, 60, 60), width=20)
    d.rounded_rectangle((430, 320, 770, 380), 10, fill=c)
    d.rectangle((460, 380, 740, 860), fill=(255, 236, 170))
    for x in (460, 720):
        d.rectangle((x, 380, x + 20, 860), fill=shade(c, 0.8))
    d.rounded_rectangle((430, 860, 770, 940), 10, fill=c)


def backpack(d, c):
    d.rounded_rectangle((360, 300, 840, 1000), 120, fill=c)
    d.rounded_rectangle((430, 640, 770, 940), 50, fill=shade(c, 0.8))
    d.arc((480, 180, 720, 420), 180, 360, fill=shade(c, 0.6), width=26)
    d.line((430, 700, 770, 700), fill=shade(c, 0.5), width=10)


def headphones(d, c):
    d.arc((330, 230, 870, 800), 180, 360, fill=shade(c, 0.8), width=46)
    d.rounded_rectangle((290, 500, 440, 800), 60, fill=c)
    d.rounded_rectangle((760, 500, 910, 800), 60, fill=c)


def blanket(d, c):
    d.rounded_rectangle((260, 500, 940, 940), 40, fill=c)
    for y in range(540, 920, 60):
        d.line((280, y, 920, y), fill=shade(c, 0.8), width=14)
    d.rounded_rectangle((260, 430, 940, 540), 40, fill=shade(c, 1.15))


def speaker(d, c):
    d.rounded_rectangle((420, 280, 780, 980), 60, fill=c)
    d.ellipse((490, 560, 710, 780), fill=shade(c, 0.5))
    d.ellipse((540, 340, 660, 460), fill=shade(c, 0.5))


SHAPES = {
    f.__name__: f for f in (lamp, floor_lamp, kettle, mug, desk, stand, lantern, backpack, headphones, blanket, speaker)
}
COLORS = {
    "white": (236, 236, 232),
    "black": (45, 45, 50),
    "oak": (186, 140, 92),
    "walnut": (110, 74, 50),
    "sage": (140, 170, 140),
    "navy": (40, 60, 110),
    "red": (190, 50, 50),
    "orange": (225, 120, 40),
    "grey": (140, 145, 150),
    "sand": (214, 196, 160),
    "teal": (40, 130, 130),
    "pink": (225, 160, 170),
    "olive": (110, 120, 60),
    "cream": (240, 230, 205),
    "silver": (190, 195, 200),
    "green": (60, 130, 80),
}


def draw(shape: str, color: str, variant: int, path: str) -> None:
    c = COLORS[color]
    top, bottom = [
        ((246, 244, 240), (222, 218, 210)),
        ((236, 242, 246), (205, 214, 222)),
        ((245, 240, 235), (215, 200, 190)),
    ][variant % 3]
    im = backdrop(top, bottom)
    shadow(im, (300, 940, 900, 1060))
    SHAPES[shape](ImageDraw.Draw(im), c)
    if variant:
        im = im.transpose(Image.Transpose.FLIP_LEFT_RIGHT).rotate(variant * 3, fillcolor=bottom)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    im.save(path, "JPEG", quality=82, optimize=True, progressive=True)


def main(root: str) -> None:
    """Draw every image named in a `# draw: shape color` comment of the catalog YAML files."""
    for dirpath, _dirs, files in os.walk(root):
        for fn in sorted(files):
            if not fn.endswith(".yaml"):
                continue
            with open(os.path.join(dirpath, fn), encoding="utf-8") as fh:
                for line in fh:
                    if "# draw:" in line:
                        field = "src:" if "src:" in line else "image:"
                        src = line.split(field, 1)[1].split("#", 1)[0].strip()
                        shape, color, *rest = line.split("# draw:", 1)[1].split()
                        draw(shape, color, int(rest[0]) if rest else 0, os.path.join(dirpath, src))


if __name__ == "__main__":
    for store in sys.argv[1:] or ["catalog", "examples/zh-store/catalog"]:
        main(store)
