package render

import (
	"bytes"
	"strings"
)

// out collects what Flush writes.
var out bytes.Buffer

// Render renders s.
func Render(s string) string {
	out := new(bytes.Buffer)
	out = bytes.NewBufferString(strings.ToUpper(s))
	for i := 0; i < 2; i++ {
		out.WriteString("!")
	}
	return out.String()
}

// Flush writes the collected output.
func Flush() string {
	return out.String()
}
