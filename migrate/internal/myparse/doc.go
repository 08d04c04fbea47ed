// Package myparse reads MySQL DDL as mysqldump and SHOW CREATE print it:
// the tokenizer (shared by the SQL translator) and the CREATE TABLE parser
// that builds a model.Table. The input is regular, so a small hand-written
// parser covers it; TiDB's parser would add tens of MB of dependencies for
// the same result on this input.
package myparse
