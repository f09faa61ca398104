package server

import (
	"io"
	"sync"
)

// Config holds the settings.
type Config struct {
	// Timeout is in seconds.
	Timeout int `json:"timeout"`
	Name    string // as given
	A, B    int
	*io.Reader
	sync.Mutex
	Pool[T]
}

type (
	Pair  struct{ X, Y int }
	Point = struct{ Lat float64 }
)

func (c *Config) Start() error { return nil }
