package main

import "fmt"

type Limit int

var limit Limit = 5

func allowed(n int) bool {
	return Limit(n) < limit
}

func main() {
	fmt.Println(allowed(100))
}

func (l *Limit) raise() {
	*l = 1000
}

func init() {
	limit.raise()
}
