package migrate

// SetVerifyAfterBounds lets the external tests write while a verify runs.
func SetVerifyAfterBounds(f func()) { verifyAfterBounds = f }
