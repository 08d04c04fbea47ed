package inventory

// Sections filled by later work. Each has its own type so strict decoding
// rejects keys that are not implemented yet.

func (c *Config) validateSections() error {
	for _, v := range []func() error{
		c.validateDeploy,
		c.validateHAProxy,
		c.validateVarnish,
		c.validateReadonly,
		c.validateDeployLB,
		c.validateMigrate,
		c.validateCutover,
		c.validateGates,
		c.validateEvents,
	} {
		if err := v(); err != nil {
			return err
		}
	}
	return nil
}
