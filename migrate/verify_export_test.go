package migrate

// JSONBText exposes jsonbText to the external tests (checked against a
// real PostgreSQL).
func JSONBText(s string) (string, bool) {
	b, ok := jsonbText(nil, []byte(s))
	return string(b), ok
}
