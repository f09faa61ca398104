package conf

// Config holds the settings.
type Config struct {
	// Timeout is in seconds.
	Timeout int
	Name    string
}
