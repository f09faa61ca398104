package render

import (
	"bytes"
	"strings"
)

// out collects what Flush writes.
var out bytes.Buffer

// Render renders s.
func Render(s string) string {
	write := func(out *bytes.Buffer, t string) string {
		out = bytes.NewBufferString(t)
		return out.String()
	}
	return write(nil, strings.ToUpper(s))
}

// Flush writes the collected output.
func Flush() string {
	return out.String()
}
