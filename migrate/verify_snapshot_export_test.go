package migrate

import (
	"github.com/opsctl/opsctl/migrate/internal/verify"
)

// SetVerifyAfterBounds lets the external tests write while a verify runs.
func SetVerifyAfterBounds(f func()) { verify.AfterBounds = f }
