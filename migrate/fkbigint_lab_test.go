package migrate_test

import "testing"

// Laravel's $table->id() and foreignId(): AUTO_INCREMENT bigint unsigned
// keys (bigint identities in PostgreSQL) referenced by plain bigint
// unsigned columns (numeric(20) by default). PostgreSQL cannot build a
// foreign key between bigint and numeric: the referencing columns take
// bigint too, on every path, whatever the dump's table order (a_comments
// comes before the posts it references). The foreign keys exist and act
// (ON DELETE CASCADE), and verify passes.
func TestForeignKeyOntoBigintUnsignedKey(t *testing.T) {
	servers(t)
	if _, err := mysqlExec("", "-e", "DROP DATABASE IF EXISTS fkbig; CREATE DATABASE fkbig; USE fkbig;"+`
CREATE TABLE users (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(20) NOT NULL);
CREATE TABLE posts (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id bigint unsigned NOT NULL, editor_id bigint unsigned DEFAULT NULL,
  CONSTRAINT posts_user_id_foreign FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT posts_editor_id_foreign FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE SET NULL);
CREATE TABLE a_comments (id int NOT NULL PRIMARY KEY, post_id bigint unsigned NOT NULL, big bigint unsigned NOT NULL,
  CONSTRAINT a_comments_post_id_foreign FOREIGN KEY (post_id) REFERENCES posts (id));
INSERT INTO users (name) VALUES ('ann'), ('bob'), ('cy');
INSERT INTO posts (user_id, editor_id) VALUES (1, 2), (1, NULL), (2, 1), (3, 2);
INSERT INTO a_comments VALUES (1, 1, 18446744073709551615), (2, 4, 0);
CREATE VIEW v_posts AS SELECT p.id, u.name, COUNT(c.id) AS comments FROM posts p JOIN users u ON u.id = p.user_id LEFT JOIN a_comments c ON c.post_id = p.id GROUP BY p.id, u.name;`); err != nil {
		t.Fatal(err)
	}
	runObjects(t, objCase{
		db: "fkbig",
		changes: []string{
			"INSERT INTO posts (user_id, editor_id) VALUES (3, 3)",
			// post 3 goes (CASCADE), posts 1 and 4 lose their editor (SET NULL)
			"DELETE FROM users WHERE id = 2",
		},
		tables: map[string][]string{
			"users":      {"id", "name"},
			"posts":      {"id", "user_id", "editor_id"},
			"a_comments": {"id", "post_id", "big"},
		},
		verify: true,
	})
}
