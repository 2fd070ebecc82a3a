// shopgen search page: queries the Pagefind index (/pagefind/) and shows image, title and price per result.
// Everything from the index is inserted as text (textContent, src/href attributes), never as HTML.
const form = document.getElementById("search");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const selects = Array.from(form.querySelectorAll("select[data-filter]"));
const more = document.getElementById("search-more");
const PAGE = 24;
let pagefind = null;
let latest = 0;
let pending = []; // results not shown yet, for "Show more"

function fromUrl() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const s of selects) s.value = params.get(s.name) || "";
}

function toUrl() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  for (const s of selects) if (s.value) params.set(s.name, s.value);
  const query = params.toString();
  history.replaceState(null, "", query ? "?" + query : location.pathname);
}

function filters() {
  const out = {};
  for (const s of selects) if (s.value) out[s.dataset.filter] = s.value;
  return out;
}

function count(n) {
  return n === 1 ? form.dataset.one : form.dataset.results.replace("{n}", String(n));
}

function item(data) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = data.url;
  if (data.meta.image) {
    const img = document.createElement("img");
    img.src = data.meta.image;
    img.alt = data.meta.image_alt || "";
    img.loading = "lazy";
    img.width = 96;
    img.height = 96;
    a.appendChild(img);
  }
  const title = document.createElement("span");
  title.className = "result-title";
  title.textContent = data.meta.title || data.url;
  a.appendChild(title);
  li.appendChild(a);
  if (data.meta.price) {
    const price = document.createElement("span");
    price.className = "result-price";
    price.textContent = data.meta.price;
    li.appendChild(price);
  }
  return li;
}

let timer = 0;

async function run() {
  clearTimeout(timer); // a typed query still waiting is run now, with the filters: never again after this run
  const ticket = ++latest;
  delete list.dataset.for; // until this run shows its results
  toUrl();
  const query = input.value.trim();
  const chosen = filters();
  more.hidden = true;
  if (!query && !Object.keys(chosen).length) {
    list.replaceChildren();
    status.textContent = "";
    list.dataset.for = location.search;
    return;
  }
  if (!form.dataset.indexes) {
    list.replaceChildren();
    status.textContent = form.dataset.none; // nothing in the catalog is searchable
    list.dataset.for = location.search;
    return;
  }
  status.textContent = form.dataset.loading;
  if (!pagefind) {
    // a big catalog's index comes in parts (see data-indexes): the first is loaded, the others merged into it
    const [first, ...others] = form.dataset.indexes.split(" ");
    pagefind = await import(first + "pagefind.js");
    await pagefind.options({ excerptLength: 0 });
    for (const base of others) await pagefind.mergeIndex(base);
    pagefind.init();
  }
  const found = await pagefind.search(query || null, { filters: chosen });
  if (ticket !== latest || !found) return;
  list.replaceChildren();
  pending = found.results;
  await showMore(ticket);
  if (ticket !== latest) return; // a newer search took over while the results loaded
  status.textContent = found.results.length ? count(found.results.length) : form.dataset.none;
  list.dataset.for = location.search; // what the list shows: lets tests and scripts wait for it
}

async function showMore(ticket = latest) {
  const next = pending.slice(0, PAGE);
  pending = pending.slice(PAGE);
  const data = await Promise.all(next.map((r) => r.data()));
  if (ticket !== latest) return;
  list.append(...data.map(item));
  more.hidden = pending.length === 0;
}

function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
input.addEventListener("input", soon);
more.addEventListener("click", () => showMore());
for (const s of selects) s.addEventListener("change", run);
fromUrl();
run();
