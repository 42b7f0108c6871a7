// Copy-link buttons: without JavaScript they are plain anchor links; with it they copy the full address.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-copy-link]");
  if (!link) return;
  const url = new URL(link.getAttribute("href"), window.location.href).href;
  const status = document.getElementById("copy-status");
  try {
    await navigator.clipboard.writeText(url);
    event.preventDefault();
    if (status) status.textContent = `Link copied: ${url}`;
  } catch {
    // Clipboard refused (e.g. not a secure context): follow the link so the address bar shows it.
  }
});

// After htmx swaps in an error summary, move focus to it so keyboard and screen reader users hear it (the case
// page does this itself, below, keeping the scroll position).
document.addEventListener("htmx:afterSwap", (event) => {
  // The case page: back to where the user was at once, before the new content is painted.
  if (keptPlace !== null) return window.scrollTo(window.scrollX, keptPlace);
  const summary = event.detail.target.querySelector?.(".error-summary");
  if (summary) summary.focus();
});

// The case page keeps the user's place: a change swapped in by htmx leaves the page where it was, focus moves to
// what changed (or to the error summary) and the change is announced. Without JavaScript the same element carries
// `autofocus`, so the browser focuses it and scrolls to it after the page reloads.
let keptPlace = null;
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  keptPlace = target && (target.id === "case-main" || target.closest?.("#case-main")) ? window.scrollY : null;
});

function showWhole(el) {
  const r = el.getBoundingClientRect();
  if (r.top >= 0 && r.bottom <= window.innerHeight) return;
  // Taller than the window: its top; otherwise as little movement as shows all of it.
  el.scrollIntoView({ block: r.height > window.innerHeight ? "start" : "nearest" });
}

function announce(text) {
  const region = document.getElementById("case-announce");
  if (!region || !text) return;
  region.textContent = "";
  // A fresh text node after a beat, so screen readers announce it even when it repeats the last one.
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

document.addEventListener("htmx:afterSettle", () => {
  if (keptPlace === null) return;
  const y = keptPlace;
  keptPlace = null;
  window.scrollTo(window.scrollX, y);
  const main = document.getElementById("case-main");
  if (!main) return;
  const target = main.querySelector(".error-summary") || main.querySelector("[data-focus]");
  if (target) {
    target.focus({ preventScroll: true });
    showWhole(target);
  }
  const said = main.querySelector("[data-announce]")?.getAttribute("data-announce") ?? "";
  const counts = main.querySelector("[data-counts]")?.getAttribute("data-counts") ?? "";
  if (main.querySelector(".error-summary")) announce("There is a problem. Check the form.");
  else if (said) announce(`${said} ${counts}`);
});

// A full page load with an error summary (a form posted without htmx): the summary takes focus.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
});

// "Record the strategy discussion": choose the event in the form and go to its date, instead of reloading the page.
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a[data-record]");
  if (!link) return;
  const select = document.getElementById("type");
  const date = document.getElementById("date");
  if (!select || !date) return;
  event.preventDefault();
  select.value = link.getAttribute("data-record");
  date.focus({ preventScroll: true });
  document.getElementById("record")?.scrollIntoView({ block: "start" });
  announce(`${select.options[select.selectedIndex].text} chosen. Enter its date.`);
});
