// The site's script: the header's search box, the theme switch, copy
// buttons on code, the current section in "In this article", and the
// language a reader picks. Pages work without it, search aside.
(() => {
  const root = document.documentElement;
  const form = document.querySelector("form.search");
  const input = form && form.querySelector("input[type=search]");
  const list = form && form.querySelector(".search-results");
  let entries = null;
  let loading = null;
  let selected = -1;
  let shown = []; // the results listed, for Enter
  let shownFor = null; // and the query they answer

  // The index is fetched on first focus, once: a few kB per locale.
  const load = () =>
    (loading ||= fetch(form.dataset.index)
      .then((r) => r.json())
      .then((d) => {
        entries = d.map((e) => ({ ...e, title: e.t.toLowerCase(), text: (e.s || "").toLowerCase() }));
      })
      .catch(() => {
        loading = null; // offline for a moment: the next keystroke tries again
      }));

  // Codes first (an exact code, then codes starting with the query), then
  // titles, then summaries. Substring matching also serves CJK, which has
  // no spaces to split words on.
  const search = (q) => {
    q = q.trim().toLowerCase();
    if (!q || !entries) return [];
    const rank = (e) =>
      e.c === q ? 0 : e.c && e.c.startsWith(q) ? 1 : e.title.startsWith(q) ? 2 : e.title.includes(q) ? 3 : e.text.includes(q) ? 4 : -1;
    return entries
      .map((e) => [rank(e), e])
      .filter(([r]) => r >= 0)
      .sort((a, b) => a[0] - b[0])
      .slice(0, 10)
      .map(([, e]) => e);
  };

  const show = () => {
    const found = (shown = search((shownFor = input.value)));
    selected = -1;
    list.replaceChildren(
      ...found.map((e, i) => {
        const li = document.createElement("li");
        li.id = "search-result-" + i;
        li.setAttribute("role", "option");
        const a = document.createElement("a");
        a.href = e.u;
        a.textContent = e.t;
        if (e.f) a.className = "fallback";
        li.append(a);
        return li;
      }),
    );
    if (!found.length && input.value.trim() && entries) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = list.dataset.none;
      list.append(li);
    }
    list.hidden = !list.children.length;
    input.setAttribute("aria-expanded", String(!list.hidden));
    input.removeAttribute("aria-activedescendant");
    return found;
  };

  const select = (step) => {
    const options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    const n = options.length;
    selected = selected < 0 ? (step > 0 ? 0 : n - 1) : (selected + step + n) % n;
    options.forEach((o, j) => o.setAttribute("aria-selected", String(j === selected)));
    input.setAttribute("aria-activedescendant", options[selected].id);
  };

  if (form) {
    input.addEventListener("focus", load);
    input.addEventListener("input", () => load().then(show));
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        select(ev.key === "ArrowDown" ? 1 : -1);
      } else if (ev.key === "Escape") {
        selected = -1;
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
      }
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      load().then(() => {
        const found = shownFor === input.value ? shown : show();
        const q = input.value.trim().toLowerCase();
        // The result chosen with the arrows; else a full code's page; else the first.
        const go = found[selected] || found.find((e) => e.c === q) || found[0];
        if (go) location.href = go.u;
      });
    });
    document.addEventListener("keydown", (ev) => {
      const t = ev.target;
      if (ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !(t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) {
        ev.preventDefault();
        input.focus();
      }
    });
  }

  // Theme: the switch flips between light and dark, starting from what the
  // page shows (the system's choice until the reader makes one).
  const toggle = document.querySelector(".theme-toggle");
  const dark = () => (root.dataset.theme || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")) === "dark";
  if (toggle) {
    toggle.setAttribute("aria-pressed", String(dark()));
    toggle.addEventListener("click", () => {
      root.dataset.theme = dark() ? "light" : "dark";
      toggle.setAttribute("aria-pressed", String(dark()));
      try {
        localStorage.setItem("statusdocs-theme", root.dataset.theme);
      } catch {}
    });
  }

  // Copy buttons, over the corner of each code block: nothing moves.
  const { copy, copied } = document.body.dataset;
  // (Browsers offer the clipboard to https pages and localhost only.)
  document.querySelectorAll("article pre").forEach((pre) => {
    if (!navigator.clipboard) return;
    const code = pre.querySelector("code") || pre.cloneNode(true);
    const b = document.createElement("button");
    b.type = "button";
    b.className = "copy";
    b.textContent = copy;
    b.addEventListener("click", () =>
      navigator.clipboard.writeText(code.innerText || code.textContent).then(() => {
        b.textContent = copied;
        setTimeout(() => (b.textContent = copy), 1500);
      }),
    );
    pre.append(b);
  });

  // "In this article" marks the section being read: the first heading on
  // screen, else the last one scrolled past.
  const id = (a) => {
    try {
      return decodeURIComponent(a.hash.slice(1));
    } catch {
      return a.hash.slice(1);
    }
  };
  const toc = new Map([...document.querySelectorAll(".toc a[href^='#']")].map((a) => [id(a), a]));
  const heads = [...document.querySelectorAll("article h2[id]")].filter((h) => toc.has(h.id));
  if (heads.length && "IntersectionObserver" in window) {
    const visible = new Set();
    const observer = new IntersectionObserver((entries) => {
      entries.forEach((e) => (e.isIntersecting ? visible.add(e.target) : visible.delete(e.target)));
      const current = heads.find((h) => visible.has(h)) || heads.filter((h) => h.getBoundingClientRect().top < 0).pop();
      toc.forEach((a, id) => (current && id === current.id ? a.setAttribute("aria-current", "true") : a.removeAttribute("aria-current")));
    });
    heads.forEach((h) => observer.observe(h));
  }

  // The sidebar scrolls itself (not the page) to the current page.
  const sidebar = document.querySelector(".sidebar");
  const here = sidebar && sidebar.querySelector("[aria-current=page]");
  if (here && sidebar.scrollHeight > sidebar.clientHeight) {
    sidebar.scrollTop = here.offsetTop - sidebar.offsetTop - sidebar.clientHeight / 3;
  }

  // The language a reader picks is the one the site root sends them to.
  document.querySelectorAll("a[hreflang][data-locale]").forEach((a) =>
    a.addEventListener("click", () => {
      try {
        localStorage.setItem("statusdocs-locale", a.dataset.locale);
      } catch {}
    }),
  );
})();
