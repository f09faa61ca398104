package p

type S struct {
	A int
	B, C string
}
