# statusdocs: `make build` builds the site into public/, `make test` runs the tests.
GO ?= go
BIN := bin/statusdocs
GOFILES := $(shell find generator -name '*.go')

.PHONY: build test check serve clean

$(BIN): $(GOFILES) go.mod go.sum
	$(GO) build -o $(BIN) ./generator

build: $(BIN)
	$(BIN) build --content content --layouts layouts --out public

test:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l generator); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) test ./...

# check: vet, formatting and a strict build of content/ (error flaws fail it).
check: $(BIN)
	$(GO) vet ./...
	@unformatted=$$(gofmt -l generator); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(BIN) build --strict --content content --layouts layouts --out $$(mktemp -d)/site

clean:
	rm -rf bin public
