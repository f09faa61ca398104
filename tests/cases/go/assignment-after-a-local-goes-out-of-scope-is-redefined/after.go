package render

import (
	"bytes"
	"strings"
)

// out collects what Flush writes.
var out bytes.Buffer

// Render renders s.
func Render(s string) string {
	if s == "" {
		out := new(bytes.Buffer)
		_ = out
	}
	out = *bytes.NewBufferString(strings.ToUpper(s))
	return s
}

// Flush writes the collected output.
func Flush() string {
	return out.String()
}
