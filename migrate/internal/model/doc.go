// Package model is the schema model of a migration: tables, columns, keys
// and CHECKs as MySQL has them and as PostgreSQL gets them (Mapping decides
// the types), PostgreSQL's naming rules (Namer, QuoteIdent), and the
// database objects that could not be carried (Untranslated).
//
// It is shared by every layer of migrate: the dump reader and the live
// schema reader fill it, the SQL translator (sqltr) reads it, the DDL
// writer, the loaders and verify use it. package migrate re-exports the
// types its public API names (migrate.Table is model.Table).
package model
