package p

var limit = 3 // the default, for tests too
func F() int {
	return limit
}
