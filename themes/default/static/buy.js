// Choosing a variant on a product page: its offer (price, stock, buy link) shows in place, and the
// address becomes ?sku=<SKU>, the variant's address in the structured data and the merchant feed.
// Without this script the links (#variant-<SKU>) do the same through CSS :target.
(() => {
  const box = document.querySelector(".offers");
  const links = [...document.querySelectorAll(".variant-choice a")];
  if (!box || !links.length) return;
  box.classList.add("js");
  const pick = (sku, remember) => {
    let found = false;
    for (const offer of box.querySelectorAll(".offer[data-sku]")) {
      const on = offer.dataset.sku === sku;
      offer.classList.toggle("is-selected", on);
      found = found || on;
    }
    box.classList.toggle("has-selection", found);
    for (const a of links) {
      if (a.dataset.sku === sku) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    }
    if (found && remember) history.replaceState(null, "", "?sku=" + encodeURIComponent(sku));
  };
  for (const a of links) {
    a.addEventListener("click", (event) => {
      event.preventDefault();
      pick(a.dataset.sku, true);
    });
  }
  const hash = decodeURIComponent(location.hash.slice(1));
  pick(new URLSearchParams(location.search).get("sku") || (hash.startsWith("variant-") ? hash.slice(8) : ""), false);
})();
