// The site root: go to the locale the reader chose before, else the best
// match of the browser's languages. The list of links stays for readers
// without JavaScript.
(() => {
  const links = [...document.querySelectorAll(".locale-picker a[hreflang]")];
  const locales = links.map((a) => a.hreflang.toLowerCase());
  const script = { hant: "zh-tw", hk: "zh-tw", mo: "zh-tw", hans: "zh-cn", sg: "zh-cn" };
  const pick = (wanted) => {
    for (let w of wanted) {
      w = (w || "").toLowerCase();
      const [lang, ...rest] = w.split("-");
      const i = locales.findIndex((l) => l === w || (lang === "zh" && rest.some((r) => script[r] === l)));
      if (i >= 0) return i;
    }
    for (const w of wanted) {
      const lang = (w || "").toLowerCase().split("-")[0];
      const i = locales.findIndex((l) => l.split("-")[0] === lang);
      if (i >= 0) return i;
    }
    return -1;
  };
  let saved = null;
  try {
    saved = localStorage.getItem("statusdocs-locale");
  } catch {}
  const browser = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  const i = pick([saved, ...browser].filter(Boolean));
  if (i >= 0) location.replace(links[i].href);
})();
