"""`shopgen import`: turn a shop system's product export into catalog YAML files.

One module per job: `rows` reads CSV/TSV with line numbers, `shopify`, `woocommerce`, `merchant_feed` and
`mapped_csv` turn rows into product records, `html_to_markdown` cleans descriptions, `yaml_out` writes the
files, `merge` keeps what editors changed since the last import, and `run` ties them together.
"""

from __future__ import annotations

FORMATS = ("shopify", "woocommerce", "merchant-feed", "csv")
