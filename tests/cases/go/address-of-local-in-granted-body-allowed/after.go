package main

import "fmt"

var Limit = 10

func Check(x int) bool {
	y := x
	p := &y
	return *p > Limit
}

func main() {
	fmt.Println(Check(3))
}
