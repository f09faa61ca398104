package p

type S struct {
	Z bool
	A int
	B, C string
}
