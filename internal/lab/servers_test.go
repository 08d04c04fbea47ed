package lab

import (
	"database/sql"
	"testing"
)

func TestMariaDBAndPostgres(t *testing.T) {
	SkipShort(t)
	l := NewT(t)
	m := StartMariaDBT(t, l)
	p := StartPostgresT(t, l)
	db, err := sql.Open("mysql", m.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT VERSION()").Scan(&v); err != nil {
		t.Fatal(err)
	}
	t.Logf("mariadb %s", v)
	if err := p.CreateDB("x"); err != nil {
		t.Fatal(err)
	}
	out, err := p.Psql("x", "-Atc", "select version()")
	if err != nil {
		t.Fatalf("%v %s", err, out)
	}
	t.Logf("%s", out)
}
