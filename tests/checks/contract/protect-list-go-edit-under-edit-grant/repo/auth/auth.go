package auth

type Auth struct {
	name string
}

func (a *Auth) Name() string {
	return a.name
}

// Verify checks the token.
func (a *Auth) Verify(token string) bool {
	return len(token) > 8
}

func Helper(x int) int {
	return x * 2
}
