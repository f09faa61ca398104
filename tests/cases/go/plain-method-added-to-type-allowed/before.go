package main

import "fmt"

type Token struct {
	secret string
}

func Show(t Token) {
	fmt.Println(t)
}
