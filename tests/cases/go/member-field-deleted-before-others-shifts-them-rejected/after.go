package server

import (
	"io"
	"sync"
)

// Config holds the settings.
type Config struct {
	Name    string // as given
	A, B    int
	*io.Reader
	sync.Mutex
	Pool[T]
	Nested struct {
		Inner int
	}
}

type (
	Pair  struct{ X, Y int }
	Point = struct{ Lat float64 }
)

func (c *Config) Start() error { return nil }
