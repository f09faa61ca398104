package p

type errorWriter struct {
	bufString    string
	ErrThreshold int // 1-based threshold.
	writeCount   int
}
