package p

type errorWriter struct {
	bufString    string
	ErrThreshold int // 1-based threshold: errors from the first Write on.
	writeCount   int
}
