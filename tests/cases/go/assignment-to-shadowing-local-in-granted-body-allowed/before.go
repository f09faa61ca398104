package render

import (
	"bytes"
	"strings"
)

// out collects what Flush writes.
var out bytes.Buffer

// Render renders s.
func Render(s string) string {
	return strings.ToUpper(s)
}

// Flush writes the collected output.
func Flush() string {
	return out.String()
}
