package migrate_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/opsctl/opsctl/migrate"
)

const zeroDump = "-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\n" +
	"CREATE TABLE `z` (`id` int NOT NULL, `d` date DEFAULT NULL, `t` varchar(10), PRIMARY KEY (`id`));\n" +
	"INSERT INTO `z` VALUES (1,'0000-00-00','a\\0b'),(2,'2020-01-02','c'),(3,'0000-00-00',NULL);\n" +
	"-- Dump completed on 2026-12-02 10:00:00\n"

// Values are counted once however the dump arrives: a gzip reader hands
// over short reads, and a row cut by the end of the scanner's window was
// parsed again with its zero dates counted twice.
func TestChangesCountedOnceWithShortReads(t *testing.T) {
	for name, r := range map[string]io.Reader{
		"whole":    strings.NewReader(zeroDump),
		"one-byte": iotest.OneByteReader(strings.NewReader(zeroDump)),
		"half":     iotest.HalfReader(strings.NewReader(zeroDump)),
	} {
		rep, err := migrate.Convert(context.Background(), r, io.Discard, migrate.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ch := rep.Tables[0].Changed
		if ch["d"]["zero date -> NULL"] != 2 || ch["t"]["NUL stripped"] != 1 {
			t.Errorf("%s: changes %v, want 2 zero dates and 1 NUL", name, ch)
		}
	}
}

// A dump without a single table (mysqldump stopped at its first error)
// and a mysqldump cut short (its header, no "Dump completed" trailer) are
// errors that say so, not an empty success.
func TestEmptyOrCutDumpFails(t *testing.T) {
	full := zeroDump
	cases := map[string]string{
		"empty":         "",
		"comments only": "-- MariaDB dump 10.19\n--\n-- Host: x    Database: shop\n/*!40101 SET NAMES utf8mb4 */;\n",
		"no trailer":    strings.TrimSuffix(full, "-- Dump completed on 2026-12-02 10:00:00\n"),
		"cut trailer":   strings.TrimSuffix(full, "completed on 2026-12-02 10:00:00\n"),
	}
	for name, dump := range cases {
		_, err := migrate.Convert(context.Background(), strings.NewReader(dump), io.Discard, migrate.Options{})
		if err == nil {
			t.Errorf("%s: want an error", name)
			continue
		}
		msg := err.Error()
		if name == "empty" || name == "comments only" {
			if !strings.Contains(msg, "no table") {
				t.Errorf("%s: %v", name, err)
			}
		} else if !strings.Contains(msg, "Dump completed") || !strings.Contains(msg, "cut short") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// a dump without mysqldump's header (hand-written, --skip-comments)
	// has no trailer to expect
	hand := "CREATE TABLE `a` (`id` int);\nINSERT INTO `a` VALUES (1);\n"
	if _, err := migrate.Convert(context.Background(), strings.NewReader(hand), io.Discard, migrate.Options{}); err != nil {
		t.Errorf("hand-written dump: %v", err)
	}
	if _, err := migrate.Convert(context.Background(), bytes.NewReader([]byte(full)), io.Discard, migrate.Options{}); err != nil {
		t.Errorf("complete dump: %v", err)
	}
}
