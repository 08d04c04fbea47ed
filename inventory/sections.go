package inventory

// Sections filled by later work. Each has its own type so strict decoding
// rejects keys that are not implemented yet.

// HAProxy lists the load balancers' admin sockets.
type HAProxy struct{}

// Varnish lists the cache nodes' admin addresses.
type Varnish struct{}

// Readonly configures read-only mode.
type Readonly struct{}

// Databases names the databases for migrate.
type Databases struct{}

func (c *Config) validateSections() error {
	if err := c.validateDeploy(); err != nil {
		return err
	}
	return nil
}
