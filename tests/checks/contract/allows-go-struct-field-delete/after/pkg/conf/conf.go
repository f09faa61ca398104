package conf

// Config holds the settings.
type Config struct {
	Name    string
}
