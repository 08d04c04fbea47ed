package migrate_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/migrate"
)

// BenchmarkConvert measures convert throughput (MB/s) on
// $OPSCTL_BENCH_DUMP (e.g. from bench/gendump), or on ~64 MB of rows
// synthesised from the test corpus.
//
//	go run ./bench/gendump -size 200 > /tmp/shop200.sql
//	OPSCTL_BENCH_DUMP=/tmp/shop200.sql go test ./migrate -run XXX -bench Convert -benchtime 3x
func BenchmarkConvert(b *testing.B) {
	var in []byte
	if p := os.Getenv("OPSCTL_BENCH_DUMP"); p != "" {
		var err error
		if in, err = os.ReadFile(p); err != nil {
			b.Fatal(err)
		}
	} else {
		var sb strings.Builder
		sb.WriteString("CREATE TABLE `t` (`id` int(11) NOT NULL, `name` varchar(100), `body` text, `price` decimal(10,2), `at` datetime, `data` blob, `ok` tinyint(1), PRIMARY KEY (`id`));\n")
		row := "'O\\'Brien caf\xc3\xa9','line one\\nline two with a longer text body that goes on for a while, like real rows do\\tand tabs',1234.50,'2024-02-29 12:34:56','\\0\\\\binary\\Z\\'',1"
		for sb.Len() < 64<<20 {
			sb.WriteString("INSERT INTO `t` VALUES ")
			for i := 0; i < 2000; i++ {
				if i > 0 {
					sb.WriteString(",\n")
				}
				sb.WriteString("(1," + row + ")")
			}
			sb.WriteString(";\n")
		}
		in = []byte(sb.String())
	}
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := migrate.Convert(context.Background(), bytes.NewReader(in), io.Discard, migrate.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
