package verify

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/migrate/internal/pgddl"
)

// SchemaGap is one way PostgreSQL's database differs from what MySQL's
// implies (after the conversion rules): a missing or different table,
// column, type, NOT NULL, default, key, index, foreign key, CHECK,
// identity value, view (or its rows), trigger, routine or event.
type SchemaGap struct {
	Kind   string `json:"kind"`   // table, column, type, not_null, default, primary_key, unique, index, foreign_key, check, identity, view, view_rows, trigger, routine, event
	Object string `json:"object"` // PostgreSQL schema.table[.column], schema.table.constraint or schema.name
	MySQL  string `json:"mysql"`  // what MySQL has (as PostgreSQL should have it)
	PG     string `json:"pg"`     // what PostgreSQL has ("missing")
	// Accepted: an object the user accepts to leave behind
	// (VerifyOptions.AcceptMissing); listed, not counted.
	Accepted bool `json:"accepted,omitempty"`
}

func (g SchemaGap) String() string {
	return fmt.Sprintf("%s %s: mysql %s, postgres %s", g.Kind, g.Object, g.MySQL, g.PGText())
}

// PGText is what PostgreSQL has, "(accepted)" when the gap is accepted.
func (g SchemaGap) PGText() string {
	if g.Accepted {
		return g.PG + " (accepted)"
	}
	return g.PG
}

// SchemaTable is the name VerifyResult.Table has for the schema checks.
const SchemaTable = "(schema)"

// viewRowsCap: views with more rows are compared by count only.
const viewRowsCap = 200000

// schemaCheck compares one database's objects.
type schemaCheck struct {
	ctx    context.Context
	my     *sql.DB
	pg     *pgxpool.Pool
	tables []*model.Table
	db     string // MySQL database
	schema string // PostgreSQL schema of the tables
	names  model.Namer
	accept []string
	gaps   []SchemaGap
}

func (s *schemaCheck) gap(kind, obj, my, pg string) {
	s.gaps = append(s.gaps, SchemaGap{Kind: kind, Object: obj, MySQL: my, PG: pg})
}

// verifySchema runs the schema checks and returns them as one
// VerifyResult (Table SchemaTable, Method "schema"): each gap is in Gaps
// and, as a Mismatch (Key = object, Column = kind), in Mismatches.
func verifySchema(ctx context.Context, my *sql.DB, pg *pgxpool.Pool, tables []*model.Table, vo Options) *Result {
	start := time.Now()
	res := &Result{Table: SchemaTable, PGTable: SchemaTable, Method: "schema"}
	if len(tables) == 0 {
		return res
	}
	s := &schemaCheck{ctx: ctx, my: my, pg: pg, tables: tables, db: tables[0].MyDB, schema: tables[0].Schema,
		names: model.Namer{KeepCase: vo.KeepCase}, accept: vo.AcceptMissing}
	err := s.run()
	sort.SliceStable(s.gaps, func(i, j int) bool { return s.gaps[i].Object < s.gaps[j].Object })
	for i := range s.gaps {
		g := &s.gaps[i]
		switch g.Kind {
		case "view", "view_rows", "trigger", "routine", "event":
			name := g.Object
			if k := strings.LastIndexByte(name, '.'); k >= 0 {
				name = name[k+1:]
			}
			u := model.Untranslated{Kind: g.Kind, Schema: s.schema, Name: name}
			if g.Kind == "view_rows" {
				u.Kind = "view"
			}
			if g.Kind == "routine" {
				u.Kind = ""
			}
			g.Accepted = u.AcceptedBy(s.accept) || (g.Kind == "routine" && (model.Untranslated{Kind: "function", Schema: s.schema, Name: name}.AcceptedBy(s.accept) || model.Untranslated{Kind: "procedure", Schema: s.schema, Name: name}.AcceptedBy(s.accept)))
		}
		res.Gaps = append(res.Gaps, *g)
		if !g.Accepted {
			res.MismatchCount++
			res.Mismatches = append(res.Mismatches, Mismatch{Key: g.Object, Column: g.Kind, MySQL: g.MySQL, PG: g.PG})
		}
	}
	res.Err = err
	res.Seconds = time.Since(start).Seconds()
	return res
}

func (s *schemaCheck) run() error {
	if err := s.tablesAndColumns(); err != nil {
		return err
	}
	if err := s.constraints(); err != nil {
		return err
	}
	if err := s.indexes(); err != nil {
		return err
	}
	if err := s.identities(); err != nil {
		return err
	}
	return s.objects()
}

func (s *schemaCheck) rel(t *model.Table) string { return t.Schema + "." + t.Name }

// pgCol is a column as PostgreSQL has it.
type pgCol struct {
	typ, def string
	notNull  bool
	identity bool
}

func (s *schemaCheck) tablesAndColumns() error {
	rows, err := s.pg.Query(s.ctx, `SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
  COALESCE(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity <> ''
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)`, s.schemas())
	if err != nil {
		return fmt.Errorf("postgres: columns: %w", err)
	}
	have := map[string]map[string]pgCol{}
	for rows.Next() {
		var ns, rel, col string
		var c pgCol
		if err := rows.Scan(&ns, &rel, &col, &c.typ, &c.notNull, &c.def, &c.identity); err != nil {
			rows.Close()
			return err
		}
		k := ns + "." + rel
		if have[k] == nil {
			have[k] = map[string]pgCol{}
		}
		have[k][col] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range s.tables {
		cols, ok := have[s.rel(t)]
		if !ok {
			s.gap("table", s.rel(t), "table "+t.Ref(), "missing")
			continue
		}
		var defs []*model.Column
		for _, c := range t.Columns {
			obj := s.rel(t) + "." + c.Name
			pc, ok := cols[c.Name]
			if !ok {
				s.gap("column", obj, c.MyType, "missing")
				continue
			}
			if want := normType(c.PGType); want != normType(pc.typ) {
				s.gap("type", obj, c.PGType+" (from "+c.MyType+")", pc.typ)
			}
			if c.NotNull && !pc.notNull && !s.zeroDatesExplain(t, c) {
				s.gap("not_null", obj, "NOT NULL", "nullable")
			}
			if !c.NotNull && pc.notNull && !c.AutoInc && !s.isKeyCol(t, c) {
				s.gap("not_null", obj, "nullable", "NOT NULL")
			}
			if c.AutoInc && !pc.identity {
				s.gap("identity", obj, "AUTO_INCREMENT (identity)", "not an identity column")
			}
			if c.GeneratedPG == "" && !c.AutoInc {
				want := pgddl.Default(c)
				switch {
				case want == "" && pc.def != "":
					s.gap("default", obj, "none", pc.def)
				case want != "" && pc.def == "":
					s.gap("default", obj, want, "none")
				case want != "":
					defs = append(defs, c)
				}
			}
		}
		if err := s.compareDefaults(t, defs, cols); err != nil {
			return err
		}
	}
	return nil
}

func (s *schemaCheck) schemas() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range s.tables {
		if !seen[t.Schema] {
			seen[t.Schema] = true
			out = append(out, t.Schema)
		}
	}
	return out
}

// isKeyCol: PostgreSQL makes primary key columns NOT NULL itself.
func (s *schemaCheck) isKeyCol(t *model.Table, c *model.Column) bool {
	for _, ix := range t.Indexes {
		if ix.Kind == "primary" {
			for _, n := range ix.Columns {
				if strings.EqualFold(n, c.MyName) {
					return true
				}
			}
		}
	}
	return false
}

// zeroDatesExplain: a date column's NOT NULL is dropped on purpose when
// its zero dates became NULL (load/copy warn about it).
func (s *schemaCheck) zeroDatesExplain(t *model.Table, c *model.Column) bool {
	if !zeroDateCol(c) || !pgddl.DeferNotNull(c) {
		return false
	}
	var one int
	err := s.my.QueryRowContext(s.ctx, "SELECT 1 FROM "+model.MyIdent(t.MyDB)+"."+model.MyIdent(t.MyName)+" WHERE "+myZeroDate(model.MyIdent(c.MyName))+" LIMIT 1").Scan(&one)
	return err == nil
}

// compareDefaults evaluates the expected and the actual default of each
// column in PostgreSQL, in one statement per table (the same instant for
// CURRENT_TIMESTAMP): equal values are the same default whatever their
// spelling ('a'::character varying vs 'a'). Volatile defaults
// (gen_random_uuid()) are compared by name.
func (s *schemaCheck) compareDefaults(t *model.Table, defs []*model.Column, cols map[string]pgCol) error {
	var exprs []string
	var cs []*model.Column
	for _, c := range defs {
		want, got := pgddl.Default(c), cols[c.Name].def
		if strings.Contains(want, "random") || strings.Contains(got, "random") {
			if strings.Contains(want, "random") != strings.Contains(got, "random") {
				s.gap("default", s.rel(t)+"."+c.Name, want, got)
			}
			continue
		}
		exprs = append(exprs, fmt.Sprintf("(%s)::%[2]s::text IS NOT DISTINCT FROM (%[3]s)::%[2]s::text", want, cols[c.Name].typ, got))
		cs = append(cs, c)
	}
	if len(exprs) == 0 {
		return nil
	}
	same := make([]bool, len(exprs))
	ptr := make([]any, len(exprs))
	for i := range same {
		ptr[i] = &same[i]
	}
	if err := s.pg.QueryRow(s.ctx, "SELECT "+strings.Join(exprs, ", ")).Scan(ptr...); err != nil {
		// one default PostgreSQL cannot evaluate as written: say which
		for _, c := range cs {
			var ok bool
			if e := s.pg.QueryRow(s.ctx, "SELECT "+fmt.Sprintf("(%s)::%[2]s::text IS NOT DISTINCT FROM (%[3]s)::%[2]s::text", pgddl.Default(c), cols[c.Name].typ, cols[c.Name].def)).Scan(&ok); e != nil || !ok {
				s.gap("default", s.rel(t)+"."+c.Name, pgddl.Default(c), cols[c.Name].def)
			}
		}
		return nil
	}
	for i, c := range cs {
		if !same[i] {
			s.gap("default", s.rel(t)+"."+c.Name, pgddl.Default(c), cols[c.Name].def)
		}
	}
	return nil
}

var (
	reTimeZone = regexp.MustCompile(`^(timestamp|time)(\(\d+\))? with(out)? time zone$`)
	reNumericP = regexp.MustCompile(`^numeric\((\d+)\)$`)
)

// normType spells a PostgreSQL type the way format_type and the mapping
// can be compared.
func normType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	if strings.HasPrefix(t, "geometry") {
		return t
	}
	t = strings.ReplaceAll(t, "character varying", "varchar")
	t = strings.ReplaceAll(t, "bit varying", "varbit")
	if strings.HasPrefix(t, "character") {
		t = "char" + strings.TrimPrefix(t, "character")
	}
	if m := reTimeZone.FindStringSubmatch(t); m != nil {
		if m[3] == "" { // with time zone
			return m[1] + "tz" + m[2]
		}
		return m[1] + m[2]
	}
	if m := reNumericP.FindStringSubmatch(t); m != nil {
		return "numeric(" + m[1] + ",0)"
	}
	switch t {
	case "int", "int4":
		return "integer"
	case "int2":
		return "smallint"
	case "int8":
		return "bigint"
	case "float8", "double":
		return "double precision"
	case "float4":
		return "real"
	case "bool":
		return "boolean"
	case "json", "jsonb", "text", "bytea", "date", "interval":
	}
	return t
}

type pgCons struct {
	name, kind string
	cols       []string
	refNS      string
	refRel     string
	refCols    []string
	del, upd   string
}

func (s *schemaCheck) constraints() error {
	rows, err := s.pg.Query(s.ctx, `SELECT n.nspname, c.relname, k.conname, k.contype::text,
  ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o),
  COALESCE(rn.nspname, ''), COALESCE(rc.relname, ''),
  ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o),
  k.confdeltype::text, k.confupdtype::text
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = k.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE n.nspname = ANY($1) AND k.contype IN ('p', 'u', 'f', 'c')`, s.schemas())
	if err != nil {
		return fmt.Errorf("postgres: constraints: %w", err)
	}
	have := map[string][]pgCons{}
	for rows.Next() {
		var ns, rel string
		var k pgCons
		if err := rows.Scan(&ns, &rel, &k.name, &k.kind, &k.cols, &k.refNS, &k.refRel, &k.refCols, &k.del, &k.upd); err != nil {
			rows.Close()
			return err
		}
		have[ns+"."+rel] = append(have[ns+"."+rel], k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	find := func(rel, kind string, cols []string) *pgCons {
		for i, k := range have[rel] {
			if k.kind == kind && strings.Join(k.cols, ",") == strings.Join(cols, ",") {
				return &have[rel][i]
			}
		}
		return nil
	}
	for _, t := range s.tables {
		rel := s.rel(t)
		for _, ix := range t.Indexes {
			kind := map[string]string{"primary": "p", "unique": "u"}[ix.Kind]
			if kind == "" {
				continue
			}
			cols := s.pgCols(t, ix.Columns)
			if find(rel, kind, cols) == nil {
				label := map[string]string{"p": "primary_key", "u": "unique"}[kind]
				s.gap(label, rel+"."+ix.Name, "("+strings.Join(cols, ", ")+")", "missing")
			}
		}
		for _, fk := range t.ForeignKeys {
			cols := s.pgCols(t, fk.Columns)
			k := find(rel, "f", cols)
			refs := make([]string, len(fk.RefColumns))
			for i, c := range fk.RefColumns {
				refs[i] = s.names.PG(c)
			}
			want := fmt.Sprintf("(%s) REFERENCES %s (%s) ON DELETE %s ON UPDATE %s", strings.Join(cols, ", "), s.names.PG(fk.RefTable), strings.Join(refs, ", "), fkAction(fk.OnDelete), fkAction(fk.OnUpdate))
			if k == nil {
				s.gap("foreign_key", rel+"."+fk.Name, want, "missing")
				continue
			}
			got := fmt.Sprintf("(%s) REFERENCES %s (%s) ON DELETE %s ON UPDATE %s", strings.Join(k.cols, ", "), k.refRel, strings.Join(k.refCols, ", "), pgFKAction(k.del), pgFKAction(k.upd))
			if got != want {
				s.gap("foreign_key", rel+"."+fk.Name, want, got)
			}
		}
		for _, ck := range t.Checks {
			if ck.PG == "" {
				continue
			}
			found := false
			for _, k := range have[rel] {
				found = found || (k.kind == "c" && k.name == ck.Name)
			}
			if !found {
				s.gap("check", rel+"."+ck.Name, "CHECK ("+ck.PG+")", "missing")
			}
		}
	}
	return nil
}

func (s *schemaCheck) pgCols(t *model.Table, my []string) []string {
	out := make([]string, len(my))
	for i, n := range my {
		if c := t.Column(n); c != nil {
			out[i] = c.Name
		} else {
			out[i] = s.names.PG(n)
		}
	}
	return out
}

// fkAction: MySQL's action as PostgreSQL gets it (none given: NO ACTION,
// which MySQL's InnoDB treats like RESTRICT).
func fkAction(a string) string {
	if a == "" {
		return "NO ACTION"
	}
	return strings.ToUpper(a)
}

func pgFKAction(c string) string {
	switch c {
	case "r":
		return "RESTRICT"
	case "c":
		return "CASCADE"
	case "n":
		return "SET NULL"
	case "d":
		return "SET DEFAULT"
	}
	return "NO ACTION"
}

func (s *schemaCheck) indexes() error {
	rows, err := s.pg.Query(s.ctx, "SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = ANY($1)", s.schemas())
	if err != nil {
		return fmt.Errorf("postgres: indexes: %w", err)
	}
	have := map[string]string{}
	for rows.Next() {
		var ns, rel, name, def string
		if err := rows.Scan(&ns, &rel, &name, &def); err != nil {
			rows.Close()
			return err
		}
		have[ns+"."+rel+"."+name] = def
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range s.tables {
		for _, ix := range t.Indexes {
			switch ix.Kind {
			case "index", "fulltext", "spatial":
			default:
				continue
			}
			cols := s.pgCols(t, ix.Columns)
			if ix.Kind == "spatial" {
				if _, why := pgddl.SpatialIndexSQL(t, ix, cols); why != "" {
					continue // not migrated on purpose (bytea): the load warned
				}
			}
			obj := s.rel(t) + "." + ix.Name
			def, ok := have[obj]
			switch {
			case !ok:
				s.gap("index", obj, ix.Kind+" ("+strings.Join(cols, ", ")+")", "missing")
			case ix.Kind == "spatial" && !strings.Contains(def, "USING gist"):
				s.gap("index", obj, "gist ("+strings.Join(cols, ", ")+")", def)
			case ix.Kind == "fulltext" && !strings.Contains(def, "USING gin"):
				s.gap("index", obj, "gin (to_tsvector(...))", def)
			}
		}
	}
	return nil
}

// identities: each identity's next value is past max(column), so the
// application's next INSERT does not collide.
func (s *schemaCheck) identities() error {
	for _, t := range s.tables {
		for _, c := range t.Columns {
			if !c.AutoInc {
				continue
			}
			var seq *string
			if err := s.pg.QueryRow(s.ctx, "SELECT pg_get_serial_sequence($1, $2)", t.QName(), c.Name).Scan(&seq); err != nil || seq == nil {
				continue // the table or column gap is already listed
			}
			var maxv, last *big.Int
			var mx, lv *string
			var called bool
			q := fmt.Sprintf("SELECT (SELECT max(%s)::text FROM %s), last_value::text, is_called FROM %s", model.QuoteIdent(c.Name), t.QName(), *seq)
			if err := s.pg.QueryRow(s.ctx, q).Scan(&mx, &lv, &called); err != nil {
				return fmt.Errorf("postgres: identity of %s.%s: %w", t.QName(), c.Name, err)
			}
			if mx == nil || lv == nil {
				continue
			}
			maxv, _ = new(big.Int).SetString(*mx, 10)
			last, _ = new(big.Int).SetString(*lv, 10)
			if maxv == nil || last == nil {
				continue
			}
			next := new(big.Int).Set(last)
			if called {
				next.Add(next, big.NewInt(1))
			}
			if next.Cmp(maxv) <= 0 {
				s.gap("identity", s.rel(t)+"."+c.Name, "next value > max = "+maxv.String(), "next value "+next.String())
			}
		}
	}
	return nil
}

// orderPrefix is the "01_" the translator puts before the names of the
// triggers of one table and event when MySQL's order (FOLLOWS/PRECEDES) is
// not their name order, as PostgreSQL fires them by name.
var orderPrefix = regexp.MustCompile(`^[0-9]{2}_`)

// objects: views (present, same rows), triggers, routines, events.
func (s *schemaCheck) objects() error {
	if s.db == "" {
		return nil
	}
	inTables := map[string]string{} // MySQL name (lowercase) -> PostgreSQL name
	for _, t := range s.tables {
		inTables[strings.ToLower(t.MyName)] = t.Name
	}
	pgRels := map[string]bool{}
	rows, err := s.pg.Query(s.ctx, "SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')", s.schema)
	if err != nil {
		return fmt.Errorf("postgres: views: %w", err)
	}
	for rows.Next() {
		var n, k string
		if err := rows.Scan(&n, &k); err == nil {
			pgRels[n] = true
		}
	}
	rows.Close()
	views, err := s.myNames("SELECT TABLE_NAME, '' FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?")
	if err != nil {
		return err
	}
	for _, v := range views {
		name := s.names.PG(v[0])
		obj := s.schema + "." + name
		if !pgRels[name] {
			s.gap("view", obj, "view "+s.db+"."+v[0], "missing")
			continue
		}
		if err := s.viewRows(v[0], name); err != nil {
			s.gap("view_rows", obj, "rows of view "+s.db+"."+v[0], "cannot compare: "+err.Error())
		}
	}
	// A trigger is found on its table by name, by the order prefix the
	// translator adds when several fire on one event (FOLLOWS/PRECEDES:
	// "01_name"), or by its trigger function (name_trg).
	pgTrig := map[string]bool{}
	rows, err = s.pg.Query(s.ctx, "SELECT c.relname, t.tgname, p.proname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid WHERE n.nspname = $1 AND NOT t.tgisinternal", s.schema)
	if err != nil {
		return fmt.Errorf("postgres: triggers: %w", err)
	}
	for rows.Next() {
		var rel, n, fn string
		if err := rows.Scan(&rel, &n, &fn); err == nil {
			pgTrig[rel+"\x00"+strings.ToLower(n)] = true
			pgTrig[rel+"\x00"+strings.ToLower(orderPrefix.ReplaceAllString(n, ""))] = true
			pgTrig[rel+"\x00fn:"+strings.ToLower(fn)] = true
		}
	}
	rows.Close()
	trigs, err := s.myNames("SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?")
	if err != nil {
		return err
	}
	for _, tr := range trigs {
		rel, ok := inTables[strings.ToLower(tr[1])]
		if !ok {
			continue // its table is not being verified
		}
		name := strings.ToLower(s.names.PG(tr[0]))
		if !pgTrig[rel+"\x00"+name] && !pgTrig[rel+"\x00fn:"+strings.ToLower(model.Fit63(s.names.PG(tr[0])+"_trg"))] {
			s.gap("trigger", s.schema+"."+s.names.PG(tr[0]), "trigger on "+tr[1], "missing")
		}
	}
	pgProc := map[string]bool{}
	rows, err = s.pg.Query(s.ctx, "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1", s.schema)
	if err != nil {
		return fmt.Errorf("postgres: routines: %w", err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err == nil {
			pgProc[strings.ToLower(n)] = true
		}
	}
	rows.Close()
	routines, err := s.myNames("SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?")
	if err != nil {
		return err
	}
	for _, r := range routines {
		if !pgProc[strings.ToLower(s.names.PG(r[0]))] {
			s.gap("routine", s.schema+"."+s.names.PG(r[0]), strings.ToLower(r[1]), "missing")
		}
	}
	events, err := s.myNames("SELECT EVENT_NAME, '' FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?")
	if err != nil {
		return err
	}
	for _, e := range events {
		s.gap("event", s.schema+"."+s.names.PG(e[0]), "event", "missing (PostgreSQL has no events)")
	}
	return nil
}

func (s *schemaCheck) myNames(q string) ([][2]string, error) {
	rows, err := s.my.QueryContext(s.ctx, q, s.db)
	if err != nil {
		return nil, fmt.Errorf("mysql: %w", err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		out = append(out, [2]string{a, b})
	}
	return out, rows.Err()
}

// viewRows compares a view's rows in both databases as multisets of
// canonical text rows (numbers by value, booleans as 0/1, timestamps
// without the UTC suffix, trailing zero fractions dropped).
func (s *schemaCheck) viewRows(my, pgName string) error {
	anyOrder, err := s.anyOrderCols(pgName)
	if err != nil {
		return err
	}
	myRows, myN, err := s.myViewRows(my, anyOrder)
	if err != nil {
		return err
	}
	pgRows, pgN, err := s.pgViewRows(pgName, anyOrder)
	if err != nil {
		return err
	}
	obj := s.schema + "." + pgName
	if myN != pgN {
		s.gap("view_rows", obj, fmt.Sprintf("%d rows", myN), fmt.Sprintf("%d rows", pgN))
		return nil
	}
	if myRows == nil || pgRows == nil {
		return nil // over the cap: counts only
	}
	sort.Strings(myRows)
	sort.Strings(pgRows)
	for i := range myRows {
		if myRows[i] != pgRows[i] {
			s.gap("view_rows", obj, "row "+strings.ReplaceAll(myRows[i], "\x1f", " | "), "row "+strings.ReplaceAll(pgRows[i], "\x1f", " | "))
			return nil
		}
	}
	return nil
}

// anyOrderCols are the view's columns (by position) that the translator
// marked as a GROUP_CONCAT without ORDER BY, with their separators.
func (s *schemaCheck) anyOrderCols(pgName string) (map[int]string, error) {
	rows, err := s.pg.Query(s.ctx, `SELECT a.attnum::int - 1, d.description FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped AND starts_with(d.description, $3)`, s.schema, pgName, model.AnyOrderComment)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var i int
		var d string
		if err := rows.Scan(&i, &d); err != nil {
			return nil, err
		}
		out[i] = strings.TrimPrefix(d, model.AnyOrderComment)
	}
	return out, rows.Err()
}

// itemsSorted is a GROUP_CONCAT value of no defined order made
// comparable: its items split on the separator and sorted.
func itemsSorted(v, sep string) string {
	items := strings.Split(v, sep)
	sort.Strings(items)
	return strings.Join(items, sep)
}

func (s *schemaCheck) myViewRows(name string, anyOrder map[int]string) ([]string, int64, error) {
	from := model.MyIdent(s.db) + "." + model.MyIdent(name)
	var n int64
	if err := s.my.QueryRowContext(s.ctx, "SELECT COUNT(*) FROM "+from).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("mysql: %w", err)
	}
	if n > viewRowsCap {
		return nil, n, nil
	}
	rows, err := s.my.QueryContext(s.ctx, "SELECT * FROM "+from)
	if err != nil {
		return nil, 0, fmt.Errorf("mysql: %w", err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	raw := make([]sql.RawBytes, len(cols))
	ptr := make([]any, len(raw))
	for i := range raw {
		ptr[i] = &raw[i]
	}
	var out []string
	for rows.Next() {
		if err := rows.Scan(ptr...); err != nil {
			return nil, 0, err
		}
		parts := make([]string, len(raw))
		for i, v := range raw {
			switch sep, ok := anyOrder[i]; {
			case v == nil:
				parts[i] = "\\N"
			case ok:
				parts[i] = itemsSorted(string(v), sep)
			default:
				parts[i] = canonView(string(v), false)
			}
		}
		out = append(out, strings.Join(parts, "\x1f"))
	}
	return out, n, rows.Err()
}

func (s *schemaCheck) pgViewRows(name string, anyOrder map[int]string) ([]string, int64, error) {
	from := model.QuoteIdent(s.schema) + "." + model.QuoteIdent(name)
	var n int64
	if err := s.pg.QueryRow(s.ctx, "SELECT count(*) FROM "+from).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("postgres: %w", err)
	}
	if n > viewRowsCap {
		return nil, n, nil
	}
	rows, err := s.pg.Query(s.ctx, "SELECT * FROM "+from, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: %w", err)
	}
	defer rows.Close()
	fds := rows.FieldDescriptions()
	var out []string
	for rows.Next() {
		raw := rows.RawValues()
		parts := make([]string, len(raw))
		for i, v := range raw {
			switch {
			case v == nil:
				parts[i] = "\\N"
			case fds[i].DataTypeOID == 16: // bool
				parts[i] = map[string]string{"t": "1", "f": "0"}[string(v)]
			case anyOrder[i] != "":
				parts[i] = itemsSorted(string(v), anyOrder[i])
			default:
				parts[i] = canonView(string(v), true)
			}
		}
		out = append(out, strings.Join(parts, "\x1f"))
	}
	return out, n, rows.Err()
}

// canonView is a value's comparable text when the column's type is not
// known (views): numbers by value, timestamps without PostgreSQL's UTC
// suffix, fractions without trailing zeros.
func canonView(v string, pg bool) string {
	if pgddl.IsNumeric(v) {
		if r, ok := new(big.Rat).SetString(v); ok {
			return r.RatString()
		}
	}
	if pg {
		v = strings.TrimSuffix(v, "+00")
	}
	if len(v) >= 8 && (v[2] == ':' || (len(v) >= 19 && v[4] == '-' && v[10] == ' ')) {
		return trimFrac(v)
	}
	return v
}
