// The site's script: the header's search box, the theme switch, copy
// buttons on code, the current section in "In this article", and the
// language a reader picks. Pages work without it, search aside.
(() => {
  const root = document.documentElement;
  const form = document.querySelector("form.search");
  const input = form && form.querySelector("input[name=q]");
  const list = form && form.querySelector(".search-results");
  const status = form && form.querySelector(".search-status");
  let engine = null; // the search engine (search.js), loaded on first focus
  let selected = -1;
  let shown = []; // the results listed, for Enter
  let shownFor = null; // and the query they answer
  let asked = 0; // queries asked; only the last one's results are shown

  const load = () =>
    (engine ||= import(form.dataset.engine)
      .then(({ createSearch }) =>
        createSearch(
          (path) => fetch(form.dataset.root + path).then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.status + " " + path)))),
          form.dataset.root,
        ),
      )
      .catch((err) => {
        engine = null; // offline for a moment: the next keystroke tries again
        throw err;
      }));

  // option is the list item of a result: a link that is the listbox's
  // option (so that no control is nested in another), out of the tab
  // order (the arrows move through the list), with the result's class
  // badge, title, the heading it leads to, and an excerpt with the matched
  // words marked.
  const option = (r, i) => {
    const li = document.createElement("li");
    li.setAttribute("role", "none");
    const a = document.createElement("a");
    a.id = "search-result-" + i;
    a.setAttribute("role", "option");
    a.tabIndex = -1;
    a.href = r.url;
    const title = document.createElement("span");
    title.className = r.fallback ? "result-title fallback" : "result-title";
    if (r.code) {
      const badge = document.createElement("span");
      badge.className = "badge c" + r.code[0] + "xx";
      badge.textContent = r.code;
      title.append(badge, " ");
    }
    title.append(r.title);
    if (r.heading) {
      const h = document.createElement("span");
      h.className = "result-heading";
      h.textContent = " › " + r.heading;
      title.append(h);
    }
    a.append(title);
    if (r.excerpt) {
      const p = document.createElement("span");
      p.className = "result-excerpt";
      let at = 0;
      for (const [start, end] of r.marks) {
        const m = document.createElement("mark");
        m.textContent = r.excerpt.slice(start, end);
        p.append(r.excerpt.slice(at, start), m);
        at = end;
      }
      p.append(r.excerpt.slice(at));
      a.append(p);
    }
    li.append(a);
    return li;
  };

  const show = async () => {
    const q = input.value;
    const n = ++asked;
    let found = [];
    let meta = null;
    if (q.trim()) {
      try {
        const search = await load();
        [found, meta] = await Promise.all([search.query(form.dataset.locale, q, 8), search.meta(form.dataset.locale)]);
      } catch {
        return shown; // offline: what is shown stays
      }
    }
    if (n !== asked) return shown; // a later query is on its way
    shown = found;
    shownFor = q;
    selected = -1;
    list.replaceChildren(...found.map(option));
    if (!found.length && q.trim()) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = list.dataset.none;
      // Where most pages are still English, English words find them.
      if (meta && meta.translated < meta.docs / 2 && list.dataset.english) li.append(" ", list.dataset.english);
      list.append(li);
    }
    list.hidden = !list.children.length;
    status.textContent = q.trim() ? status.dataset.count.replace("%d", found.length) : "";
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
    options[selected].scrollIntoView({ block: "nearest" });
  };

  if (form) {
    input.addEventListener("focus", () => load().catch(() => {}));
    input.addEventListener("input", show);
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        select(ev.key === "ArrowDown" ? 1 : -1);
      } else if (ev.key === "Escape") {
        // As a combobox does (WAI-ARIA APG) and type=search did: the first
        // Escape closes the list, the next clears the box.
        if (list.hidden) input.value = "";
        selected = -1;
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
      }
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const found = shownFor === input.value ? shown : await show();
      const q = input.value.trim();
      // The result chosen with the arrows; else a full code's page; else the first.
      const go = found[selected] || found.find((r) => r.code === q) || found[0];
      if (go) location.href = go.url;
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

  // The language a reader picks (in the header's menu, or on the site
  // root, where the links say data-locale) is the one the site root sends
  // them to; each link's lang is its locale. Neither can be a link of a
  // page's content: that is never a child of <body>'s <header>, and loses
  // data-locale when cleaned.
  document.querySelectorAll("body > header a[lang], a[lang][data-locale]").forEach((a) =>
    a.addEventListener("click", () => {
      try {
        localStorage.setItem("statusdocs-locale", a.lang);
      } catch {}
    }),
  );
})();
