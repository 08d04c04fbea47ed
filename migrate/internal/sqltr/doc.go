// Package sqltr translates MySQL SQL into PostgreSQL: expressions
// (generated columns, CHECKs), queries (views, the statements of trigger
// and routine bodies) and compound statements (BEGIN ... END with DECLARE,
// IF, CASE, loops, cursors and handlers) into PL/pgSQL.
//
// It translates only what PostgreSQL computes the same way: anything else
// is an error naming the construct and its place, and Translate lists the
// object as a model.Untranslated with that reason and line. It reads the
// schema model (model.Table with decided types) and never touches a
// database.
package sqltr
