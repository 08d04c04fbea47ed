package migrate_test

import "testing"

// A procedure that works through a temporary table (created, filled,
// aggregated INTO an OUT parameter, copied to a real table, dropped), and
// one that leaves its temporary table for the rest of the session and
// hides a real table of the same name: translated for both paths, each
// CALL gives the same OUT values and leaves the same tables as in MariaDB.
func TestSQLObjectsTemporaryTables(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", "DROP DATABASE IF EXISTS sqltemp; CREATE DATABASE sqltemp; USE sqltemp;"+`
CREATE TABLE item (id int PRIMARY KEY, grp int NOT NULL, qty int NOT NULL);
CREATE TABLE summary (grp int PRIMARY KEY, total decimal(10,0) NOT NULL, runs int NOT NULL);
CREATE TABLE scratch (id int PRIMARY KEY);
INSERT INTO item VALUES (1, 1, 2), (2, 1, 3), (3, 2, 5), (4, 2, 1), (5, 3, 7), (6, 4, 0);
INSERT INTO scratch VALUES (1), (2), (3);
CREATE VIEW v_summary AS SELECT grp, total FROM summary;
DELIMITER ;;
CREATE PROCEDURE summarize(IN min_qty int, OUT n_groups int)
BEGIN
  DROP TEMPORARY TABLE IF EXISTS tmp_tot;
  CREATE TEMPORARY TABLE tmp_tot (grp int NOT NULL PRIMARY KEY, total decimal(10,0) NOT NULL, runs int NOT NULL DEFAULT 1);
  INSERT INTO tmp_tot (grp, total) SELECT grp, SUM(qty) FROM item WHERE qty >= min_qty GROUP BY grp;
  SELECT COUNT(*) INTO n_groups FROM tmp_tot;
  DELETE FROM summary;
  INSERT INTO summary (grp, total, runs) SELECT grp, total, runs FROM tmp_tot;
  DROP TEMPORARY TABLE tmp_tot;
END;;
CREATE PROCEDURE shadow(OUT n int)
BEGIN
  CREATE TEMPORARY TABLE IF NOT EXISTS scratch (id int NOT NULL);
  INSERT INTO scratch (id) VALUES (10);
  SELECT COUNT(*) INTO n FROM scratch;
END;;
DELIMITER ;`); err != nil {
		t.Fatal(err)
	}
	runObjects(t, objCase{
		db: "sqltemp",
		procs: []procCall{
			{label: "summarize(2)", my: []string{"CALL summarize(2, @n)", "SELECT @n"}, pg: "CALL summarize(2, NULL)"},
			{label: "summarize(0)", my: []string{"CALL summarize(0, @n)", "SELECT @n"}, pg: "CALL summarize(0, NULL)"},
			// the session's temporary scratch grows, the real one does not
			{label: "shadow()", my: []string{"CALL shadow(@n)", "SELECT @n"}, pg: "CALL shadow(NULL)"},
			{label: "shadow() again", my: []string{"CALL shadow(@n)", "SELECT @n"}, pg: "CALL shadow(NULL)"},
		},
		tables: map[string][]string{
			"summary": {"grp", "total", "runs"},
			"scratch": {"id"},
		},
		verify: true,
	})
}
