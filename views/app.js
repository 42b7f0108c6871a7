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

// After htmx swaps in an error summary, move focus to it so keyboard and screen reader users hear it.
document.addEventListener("htmx:afterSwap", (event) => {
  const summary = event.detail.target.querySelector(".error-summary");
  if (summary) summary.focus();
});
