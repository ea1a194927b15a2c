// statusdocs preview: reload this page when its output changes, keeping the
// scroll position. Served only by `statusdocs serve`.
(() => {
  const base = document.currentScript.dataset.base || "/";
  const key = "statusdocs-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    const [x, y] = JSON.parse(saved);
    const restore = () => window.scrollTo(x, y);
    restore();
    addEventListener("load", restore);
  }
  let name = decodeURIComponent(location.pathname);
  name = name.startsWith(base) ? name.slice(base.length) : name.replace(/^\//, "");
  if (name === "" || name.endsWith("/")) name += "index.html";
  const events = new EventSource(base + "_statusdocs/events");
  events.addEventListener("reload", (e) => {
    const names = JSON.parse(e.data);
    if (names.includes("*") || names.includes(name)) {
      sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
      location.reload();
    }
  });
})();
