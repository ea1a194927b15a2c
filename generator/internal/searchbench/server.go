package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// harnessPrefix is where the server answers with an empty page of a
// locale, the page each query runs in. Its bytes are the page's, not the
// engine's, so they are not counted; no file of the built site lives there.
const harnessPrefix = "/__searchbench/"

// counter is a static file server for the built site that adds up the
// bytes of every file it serves until reset: as stored (what a host that
// does not compress sends) and gzipped (what one that does sends; a file
// that gzip does not shrink, such as Pagefind's already gzipped index,
// counts as stored).
type counter struct {
	root string

	mu    sync.Mutex
	raw   int
	gz    int
	files []string
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Every response is fetched anew: each query is a reader's first.
	w.Header().Set("Cache-Control", "no-store")
	if locale, ok := strings.CutPrefix(r.URL.Path, harnessPrefix); ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html lang=%q><head><meta charset=\"utf-8\"><title>search bench</title></head><body></body></html>", strings.Trim(locale, "/"))
		return
	}
	name := filepath.Join(c.root, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
	if st, err := os.Stat(name); err == nil && st.IsDir() {
		name = filepath.Join(name, "index.html")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	c.add(r.URL.Path, data)
	w.Header().Set("Content-Type", contentType(name))
	w.Write(data)
}

func (c *counter) add(path string, data []byte) {
	gz := gzipLen(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.raw += len(data)
	c.gz += min(gz, len(data))
	c.files = append(c.files, path)
}

// reset returns the bytes and files counted since the last reset.
func (c *counter) reset() (raw, gz int, files []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	raw, gz, files = c.raw, c.gz, c.files
	c.raw, c.gz, c.files = 0, 0, nil
	return raw, gz, files
}

func gzipLen(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}

// contentType is what a static host sends: modules must be served as
// JavaScript and wasm as wasm for the browser to run them.
func contentType(name string) string {
	switch filepath.Ext(name) {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	}
	return "application/octet-stream"
}
