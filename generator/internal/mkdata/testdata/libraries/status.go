// A part of Go's net/http/status.go, in its shape.

package http

// HTTP status codes as registered with IANA.
const (
	StatusContinue = 100 // RFC 9110, 15.2.1

	StatusFound    = 302 // RFC 9110, 15.4.3
	StatusSeeOther = 303 // RFC 9110, 15.4.4
	_              = 306 // RFC 9110, 15.4.7 (Unused)

	StatusTeapot = 418 // RFC 9110, 15.5.19 (Unused)
	StatusMoved  = 302 // a later name for a code keeps the first
	unexported   = 499
)

const maxLen = "x"
