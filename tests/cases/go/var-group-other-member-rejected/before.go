package server

import (
	"fmt"
	"strings"
)

// MaxConns is the connection limit.
const MaxConns = 10

const (
	Red = iota
	Green
	Blue
)

var (
	started bool
	name    = "srv"
)

// Server serves.
type Server struct {
	addr string
}

type Handler interface {
	Serve() error
}

type Celsius float64

// Start starts the server.
func (s *Server) Start() error {
	started = true
	return fmt.Errorf("start %s", strings.ToUpper(s.addr))
}

func (s Server) Addr() string {
	return s.addr
}

type List[T any] struct{ items []T }

func (l *List[T]) Len() int {
	return len(l.items)
}

// helper formats.
func helper(x int) string {
	return fmt.Sprint(x)
}
