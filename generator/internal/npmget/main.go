// Command npmget fetches one file of a package from the npm registry,
// checking the tarball against the integrity hash the registry published,
// so that a build can use it without npm.
//
//	npmget --tarball URL --integrity sha512-… --file package/axe.min.js --out FILE
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	tarball := flag.String("tarball", "", "the package tarball's `URL` on the registry")
	integrity := flag.String("integrity", "", "its `sha512-…` integrity, as the registry lists it")
	file := flag.String("file", "", "the `path` of the file in the tarball (package/…)")
	out := flag.String("out", "", "where to write it")
	flag.Parse()
	if err := get(*tarball, *integrity, *file, *out); err != nil {
		fmt.Fprintln(os.Stderr, "npmget:", err)
		os.Exit(1)
	}
}

func get(url, integrity, file, out string) error {
	want, ok := strings.CutPrefix(integrity, "sha512-")
	if !ok || url == "" || file == "" || out == "" {
		return errors.New("need --tarball, --integrity sha512-…, --file and --out")
	}
	client := &http.Client{Timeout: 2 * time.Minute}
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	sum := sha512.Sum512(data)
	if got := base64.StdEncoding.EncodeToString(sum[:]); got != want {
		return fmt.Errorf("%s: integrity sha512-%s, want sha512-%s", url, got, want)
	}
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return fmt.Errorf("%s: no %s in the tarball", url, file)
		}
		if err != nil {
			return err
		}
		if h.Name != file {
			continue
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		tmp := out + ".tmp"
		if err := os.WriteFile(tmp, body, 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, out)
	}
}
