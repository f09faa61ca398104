package main

type Base struct{}

func (b Base) Start() string {
	return "audited"
}

type Server struct {
	Base
	name string
}

func main() {
	println(Server{}.Start())
}
