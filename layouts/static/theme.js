// Runs before the page paints: the theme the reader chose (else the
// system's), and a class that says scripts run.
try {
  const theme = localStorage.getItem("statusdocs-theme");
  if (theme) document.documentElement.dataset.theme = theme;
} catch {}
document.documentElement.classList.add("js");
