//go:build unix && !linux

package plainfile

const mapFlags = 0
