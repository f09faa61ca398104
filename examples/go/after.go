// Package users keeps users.
package users

import (
	"errors"
	"strings"
)

// MaxUsers bounds a store.
const MaxUsers = 100

// ErrFull is returned when the store is full.
var ErrFull = errors.New("store full")

// Store holds users by name.
type Store struct {
	names []string
}

// Add adds a user.
func (s *Store) Add(name string) error {
	if len(s.names) >= MaxUsers {
		return ErrFull
	}
	s.names = append(s.names, Normalize(name))
	return nil
}

// Count is the number of users.
func (s Store) Count() int {
	return len(s.names)
}

// Normalize trims and lowercases a name.
func Normalize(name string) string {
	return strings.ToLower(strings.TrimSpace(name))
}
