package main

import "fmt"

var Limit = 10

func Check(x int) bool {
	return x > Limit
}

func main() {
	fmt.Println(Check(3))
}
