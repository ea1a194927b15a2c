# statusdocs: `make build` builds the site into public/, `make test` runs the tests.
GO ?= go
BIN := bin/statusdocs
GOFILES := $(shell find generator -name '*.go')

.PHONY: build serve test lint fuzz check data cards highlight bench bench-hostile bench-search clean

$(BIN): $(GOFILES) go.mod go.sum
	$(GO) build -o $(BIN) ./generator

# SITE_URL (e.g. https://example.org) adds sitemap.xml and absolute
# canonical links; BASE_PATH (e.g. /statusdocs/) builds for a subfolder;
# REDIRECT_STUBS=1 writes an HTML page at each redirect source.
SITE_URL ?=
BASE_PATH ?= /
PUBLISH_FLAGS = --base-path $(BASE_PATH) $(if $(SITE_URL),--site-url $(SITE_URL)) $(if $(REDIRECT_STUBS),--redirect-stubs)

build: $(BIN)
	$(BIN) build --content content --layouts layouts --out public $(PUBLISH_FLAGS)

# serve: preview at http://127.0.0.1:8080/ ; saving a file reloads the page.
serve: $(BIN)
	$(BIN) serve --content content --layouts layouts

# axe-core, the accessibility checker the browser tests run in the page:
# fetched from the npm registry and checked against its published hash.
AXE := generator/internal/browser/testdata/axe.min.js
AXE_VERSION := 4.14.1
AXE_INTEGRITY := sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
$(AXE):
	$(GO) run ./generator/internal/npmget --tarball https://registry.npmjs.org/axe-core/-/axe-core-$(AXE_VERSION).tgz \
	  --integrity $(AXE_INTEGRITY) --file package/axe.min.js --out $@

# vnu.jar, the W3C Nu HTML checker that TestNuValid (generator/nu_test.go)
# runs on every page of content/ and ../shared/corpus: fetched from the npm
# registry (vnu-jar) and checked against its published hash; it needs java
# (Debian: default-jre-headless). Without java the test is skipped, unless
# STATUSDOCS_REQUIRE_NU=1 (CI) makes that a failure.
VNU := generator/testdata/vnu.jar
VNU_VERSION := 26.9.27
VNU_INTEGRITY := sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA==
$(VNU):
	$(GO) run ./generator/internal/npmget --tarball https://registry.npmjs.org/vnu-jar/-/vnu-jar-$(VNU_VERSION).tgz \
	  --integrity $(VNU_INTEGRITY) --file package/build/dist/vnu.jar --out $@

# The search engine (layouts/static/search.js) is tested in Node on a build
# of content/; without node they are skipped, unless
# STATUSDOCS_REQUIRE_NODE=1 (CI) makes that a failure.
test: $(AXE) $(VNU) $(BIN) lint
	$(GO) test ./...
	@if command -v node >/dev/null 2>&1; then STATUSDOCS_BIN=$(BIN) node --test generator/search/testdata/; \
	elif [ -n "$$STATUSDOCS_REQUIRE_NODE" ]; then echo "node is needed for the search engine's tests"; exit 1; \
	else echo "SKIPPED: the search engine's tests need node (apt-get install nodejs)"; fi

# lint: go vet and gofmt. test and check both need it; make test check
# (one make, as CI runs it) runs it once.
lint:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l generator); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

# fuzz: every fuzz target of the module (found with go test -list, so a new
# one needs no edit here) for FUZZTIME each. An input that fails is written
# to its package's testdata/fuzz/FuzzName/, where plain go test replays it:
# commit it with the fix. Go's fuzzing can end a duration with "context
# deadline exceeded" and no failing input when the machine is loaded (a
# race in its coordinator, golang/go#75804): that alone is not a failure.
FUZZTIME ?= 15s
fuzz:
	@list=$$($(GO) test -list '^Fuzz' ./...) || { echo "$$list"; exit 1; }; \
	targets=$$(echo "$$list" | awk '/^Fuzz/ { names[n++] = $$1; next } /^ok/ { for (i = 0; i < n; i++) print $$2 ":" names[i] } { n = 0 }'); \
	[ -n "$$targets" ] || { echo "fuzz: no fuzz targets found"; exit 1; }; \
	failed=; \
	for t in $$targets; do \
	  echo "fuzz: $${t##*:} in $${t%:*} for $(FUZZTIME)"; \
	  out=$$($(GO) test -run '^$$' -fuzz "^$${t##*:}\$$" -fuzztime $(FUZZTIME) "$${t%:*}" 2>&1); rc=$$?; echo "$$out"; \
	  if [ $$rc -ne 0 ]; then \
	    if echo "$$out" | grep -q '^    context deadline exceeded$$' && ! echo "$$out" | grep -q 'Failing input written'; then \
	      echo "fuzz: $${t##*:}: Go's fuzzing stopped at -fuzztime with a spurious 'context deadline exceeded' and no failing input (golang/go#75804, a loaded machine): not a failure"; \
	    else failed="$$failed $$t"; fi; \
	  fi; \
	done; \
	[ -z "$$failed" ] || { echo "fuzz: failed:$$failed"; exit 1; }

# check: vet, formatting, a strict build of content/ (error flaws fail it),
# and statusdocs check: every link of the built HTML, as a static host
# serves it. CHECK_FLAGS=--external also requests external links.
check: $(BIN) lint
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  echo "$(BIN) build --strict --content content --layouts layouts --out $$tmp/site" && \
	  $(BIN) build --strict --content content --layouts layouts --out "$$tmp/site"
	$(BIN) check --content content --layouts layouts $(PUBLISH_FLAGS) $(CHECK_FLAGS)

# bench: Go benchmarks of each stage, then whole builds of generated corpora
# of 2,000, 20,000 and 100,000 pages, then the hostile inputs (a table to
# paste; nothing can fail on a slow machine). BENCH_SIZES=2000 make bench for
# a quick look; corpora of up to 20,000 pages are built BENCH_RUNS times and
# the medians shown. bench-hostile: the hostile inputs alone, each a one-page
# site with its time and memory beside its budget; BENCH_HOSTILE=REGEXP
# picks rows by name.
BENCH_SIZES ?= 2000,20000,100000
BENCH_RUNS ?= 3
BENCH_HOSTILE ?=
bench: $(BIN)
	$(GO) test -run '^$$' -bench . -benchmem ./generator/...
	$(GO) run ./generator/internal/bench --bin $(BIN) --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) --hostile '$(BENCH_HOSTILE)'

bench-hostile: $(BIN)
	$(GO) run ./generator/internal/bench --bin $(BIN) --hostile-only --hostile '$(BENCH_HOSTILE)'

# bench-search: statusdocs' search beside Pagefind's on the built content/
# (generator/internal/searchbench): the query set's right pages in the top 3
# and the bytes of a first query, per locale, in headless Chromium; V=1
# prints each query. Pagefind (linux-x64) is fetched from the npm registry,
# checked against its published hash and kept in .cache/; it is no part of
# make build or make test.
PAGEFIND_VERSION := 1.6.0
PAGEFIND_INTEGRITY := sha512-IbMSx/+Vr/Xk0TTBlLkjgK+rvnbOXGmmb2/MKxQu99AR5DsqQoV3NKEA9PQz2tAhuCZjeD5xJBp4w5N5DHIC7Q==
PAGEFIND := .cache/pagefind-$(PAGEFIND_VERSION)/pagefind_extended
$(PAGEFIND):
	$(GO) run ./generator/internal/npmget --tarball https://registry.npmjs.org/@pagefind/linux-x64/-/linux-x64-$(PAGEFIND_VERSION).tgz \
	  --integrity $(PAGEFIND_INTEGRITY) --file package/bin/pagefind_extended --out $@
	chmod +x $@

bench-search: $(BIN) $(PAGEFIND)
	$(GO) run ./generator/internal/searchbench --bin $(BIN) --pagefind $(PAGEFIND) $(if $(V),-v)

# data: refresh the embedded specification and compatibility data from the
# web-specs and @mdn/browser-compat-data npm packages, and each status code's
# name in Go, Python and Node from the installed go, python3 and node (needs
# npm, python3 and node; the result is committed, so nothing else needs it).
CORPUS := ../shared/corpus/mdn/files
data:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd "$$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent web-specs @mdn/browser-compat-data) && \
	  python3 -c 'import http, json, sys; json.dump({"version": sys.version.split()[0], "codes": {str(s.value): s.name for s in http.HTTPStatus}}, sys.stdout)' > "$$tmp/python.json" && \
	  node -e 'process.stdout.write(JSON.stringify({version: process.version, codes: require("http").STATUS_CODES}))' > "$$tmp/node.json" && \
	  $(GO) run ./generator/internal/mkdata --npm "$$tmp/node_modules" --content content \
	    $$([ -d $(CORPUS) ] && echo --content $(CORPUS)) --out generator/macro/data \
	    --go-status "$$($(GO) env GOROOT)/src/net/http/status.go" --go-version "$$($(GO) env GOVERSION)" \
	    --python "$$tmp/python.json" --node "$$tmp/node.json"
	@ls -l generator/macro/data

# cards: draw the default social card images (og:image), one per status
# class and one for other pages, into layouts/static/cards/ with the Go
# fonts (generator/internal/cards); the PNGs are committed.
cards:
	$(GO) run ./generator/internal/cards --out layouts/static/cards
	@ls -l layouts/static/cards

# highlight: write the theme's stylesheet of highlighted code from chroma's
# styles (generator/internal/highlight); it is committed, so that the
# binary does without chroma's styles, which take milliseconds to start.
highlight:
	$(GO) run ./generator/internal/highlight --out layouts/static/highlight.css

clean:
	rm -rf bin public
