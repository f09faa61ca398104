package p

var limit = 3 // the default
func F() int {
	return limit
}
