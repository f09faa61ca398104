package server

import "sync"

// Base does the work.
type Base struct {
	id int
}

// Start starts.
func (b *Base) Start() error { return nil }

// Server serves.
type Server struct {
	Base
	addr string
}

// Plain has no embedded field.
type Plain struct {
	a int
}

// Guarded embeds a type of another package.
type Guarded struct {
	sync.Mutex
	n int
	m int
}
