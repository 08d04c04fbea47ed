package migrate_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/opsctl/opsctl/migrate"
)

const fitDump = "SET sql_mode='';\n" +
	"CREATE TABLE `t` (`id` int NOT NULL, `tm` time(3), `ok` time, `f` tinyint(1), `g` tinyint(1), `j` json, `k` json, `d` date, `s` varchar(10), `h` varchar(12) GENERATED ALWAYS AS (concat('[',`s`,']')) STORED, PRIMARY KEY (`id`));\n" +
	"INSERT INTO `t` VALUES (1,'-838:59:59.000','12:00:00',2,1,'{\\\"a\\\": \\\"x\\\\u0000\\\"}','[\\\"\\\\\\\\u0000\\\"]','0000-00-00','a\\0b','[a\\0b]'),(2,'25:00:00.500','00:00:00',-1,0,NULL,NULL,'2024-01-01','c','[c]');\n" +
	"CREATE TABLE `orders_tax_status` (`id` int PRIMARY KEY);\n" +
	"CREATE SEQUENCE `seq` start with 10 minvalue 1 maxvalue 100 increment by 2 cache 10 nocycle ENGINE=InnoDB;\n" +
	"DO SETVAL(`seq`, 30, 0);\n" +
	"CREATE TABLE `v` (`id` int NOT NULL, `x` int, `rs` timestamp(6) GENERATED ALWAYS AS ROW START, `re` timestamp(6) GENERATED ALWAYS AS ROW END, PRIMARY KEY (`id`,`re`), PERIOD FOR SYSTEM_TIME (`rs`, `re`)) ENGINE=InnoDB WITH SYSTEM VERSIONING;\n" +
	"INSERT INTO `v` VALUES (1,2,'2024-01-01 00:00:00.000000','2038-01-19 03:14:07.999999');\n"

func prescanConvert(t *testing.T, dump string, opts migrate.Options) (string, *migrate.Report, error) {
	t.Helper()
	fit, err := migrate.Prescan(context.Background(), strings.NewReader(dump), opts)
	if err != nil {
		t.Fatalf("prescan: %v", err)
	}
	opts.Fit = fit
	var out bytes.Buffer
	// one byte at a time: every row is parsed again after refills
	rep, err := migrate.Convert(context.Background(), iotest.OneByteReader(strings.NewReader(dump)), &out, opts)
	return out.String(), rep, err
}

func TestPrescanPicksTypesThatFit(t *testing.T) {
	out, rep, err := prescanConvert(t, fitDump, migrate.Options{})
	if err != nil {
		t.Fatalf("convert: %v", err)
	}
	for _, s := range []string{`"tm" interval(3)`, `"ok" time`, `"f" smallint`, `"g" boolean`, `"j" json,`, `"k" jsonb`,
		`CREATE SEQUENCE "public"."seq" INCREMENT BY 2 MINVALUE 1 MAXVALUE 100 START WITH 10`, `SELECT setval('"public"."seq"', 30, false)`,
		`"rs" timestamptz(6)`, "1\t2\t2024-01-01 00:00:00.000000\t2038-01-19 03:14:07.999999"} {
		if !strings.Contains(out, s) {
			t.Errorf("script lacks %q", s)
		}
	}
	var tr *migrate.TableReport
	for _, r := range rep.Tables {
		if r.Table == "t" {
			tr = r
		}
	}
	if tr == nil || len(tr.Fitted) != 3 || !strings.Contains(tr.Fitted[0], "time(3) -> interval(3): 2 value(s)") {
		t.Errorf("fitted: %+v", tr)
	}
	// counted once per value though every row was parsed many times
	if tr.Changed["d"]["zero date -> NULL"] != 1 || tr.Changed["s"]["NUL stripped"] != 1 || tr.Changed["h"]["computed from a changed value (generated column)"] != 1 {
		t.Errorf("changed: %v", tr.Changed)
	}
	if !strings.Contains(strings.Join(rep.Tables[len(rep.Tables)-1].Warnings, ";"), "system-versioned in MariaDB") {
		t.Errorf("no word on system versioning: %v", rep.Tables[len(rep.Tables)-1].Warnings)
	}
	// --strict-types: today's failure with the fix
	_, _, err = prescanConvert(t, fitDump, migrate.Options{StrictTypes: true})
	if err == nil || !strings.Contains(err.Error(), "table t, column j: 1 document(s) hold \\u0000, which jsonb refuses; fix: --cast 't.j=json'") {
		t.Errorf("strict: %v", err)
	}
}

func TestPrescanInvalidUTF8FailsTheTableWithTheFix(t *testing.T) {
	dump := "CREATE TABLE `u` (`id` int, `s` varchar(10));\nINSERT INTO `u` VALUES (1,'ok'),(2,'b\xe9d');\n"
	_, _, err := prescanConvert(t, dump, migrate.Options{})
	var ve *migrate.ValueError
	if !errors.As(err, &ve) || ve.Table != "u" || ve.Column != "s" || ve.Row != 2 || !strings.Contains(err.Error(), "not valid UTF-8") || !strings.Contains(err.Error(), "--cast 'u.s=bytea'") {
		t.Fatalf("want a ValueError on u.s row 2 with the fix, got %v", err)
	}
}

func TestPrescanCorruptGzip(t *testing.T) {
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.NoCompression)
	io.WriteString(w, fitDump)
	w.Close()
	b := gz.Bytes()
	i := bytes.Index(b, []byte("orders_tax_status"))
	b[i] = 'O'
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	_, err = migrate.Prescan(context.Background(), r, migrate.Options{})
	var ce *migrate.CorruptError
	if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), "the dump is corrupt: ") || !errors.Is(err, gzip.ErrChecksum) {
		t.Fatalf("want the dump is corrupt (gzip checksum), got %v", err)
	}
}
