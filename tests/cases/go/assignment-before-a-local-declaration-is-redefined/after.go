package render

import (
	"bytes"
	"strings"
)

// out collects what Flush writes.
var out bytes.Buffer

// Render renders s.
func Render(s string) string {
	out.WriteString(s)
	out = *bytes.NewBufferString(strings.ToUpper(s))
	out := func() int { return 1 }
	return s[:out()]
}

// Flush writes the collected output.
func Flush() string {
	return out.String()
}
