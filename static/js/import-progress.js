// A background import's page: poll its status and move the bar; reload when its stage changes
// (the preview, or the result, is ready). Without JavaScript the page refreshes itself instead.
const box = document.getElementById("import-progress");

async function poll() {
  try {
    const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const status = await response.json();
    if (status.stage !== box.dataset.stage || status.finished) {
      window.location.reload();
      return;
    }
    const bar = document.getElementById("import-bar");
    bar.value = status.percent;
    bar.textContent = `${status.percent}%`;
  } catch {
    // offline for a moment: try again on the next tick
  }
}

if (box) {
  window.setInterval(poll, 1000);
}
