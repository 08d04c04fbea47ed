package lab

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Graphite is a running carbon-cache (Debian graphite-carbon) and
// graphite-web (Debian graphite-web, served by Django through wsgiref) on
// loopback, with whisper files and graphite-web's sqlite database in the
// lab directory.
type Graphite struct {
	URL         string // graphite-web: http://127.0.0.1:PORT (render, events)
	CarbonAddr  string // carbon's plaintext line receiver (TCP)
	Carbon, Web *Proc
}

// graphiteWebDir is graphite-web's Python package (Debian).
const graphiteWebDir = "/usr/lib/python3/dist-packages/graphite"

// The python that has Django and graphite-web (Debian's, not a pyenv one).
const sysPython = "/usr/bin/python3"

// RequireGraphite skips (or fails in CI) when carbon or graphite-web is
// missing.
func RequireGraphite(t interface {
	Helper()
	Skip(...any)
	Fatalf(string, ...any)
}) {
	t.Helper()
	for _, p := range []string{"/usr/bin/carbon-cache", graphiteWebDir, sysPython} {
		if _, err := os.Stat(p); err != nil {
			msg := p + " not installed (run scripts/setup)"
			if InCI() {
				t.Fatalf("CI=true forbids skipping: %s", msg)
			}
			t.Skip(msg)
		}
	}
}

const carbonConf = `[cache]
STORAGE_DIR = %[1]s/storage/
LOCAL_DATA_DIR = %[1]s/storage/whisper/
WHITELISTS_DIR = %[1]s/storage/lists/
CONF_DIR = %[1]s/conf/
LOG_DIR = %[1]s/log/
PID_DIR = %[1]s/
ENABLE_LOGROTATION = False
USER =
MAX_CACHE_SIZE = inf
MAX_UPDATES_PER_SECOND = 100000
MAX_CREATES_PER_MINUTE = inf
LINE_RECEIVER_INTERFACE = 127.0.0.1
LINE_RECEIVER_PORT = %[2]d
ENABLE_UDP_LISTENER = False
PICKLE_RECEIVER_INTERFACE = 127.0.0.1
PICKLE_RECEIVER_PORT = %[3]d
CACHE_QUERY_INTERFACE = 127.0.0.1
CACHE_QUERY_PORT = %[4]d
LOG_LISTENER_CONN_SUCCESS = False
ENABLE_TAGS = False
LOG_UPDATES = False
LOG_CREATES = False
LOG_CACHE_HITS = False
WHISPER_AUTOFLUSH = False
`

// one-second points for an hour: gates read what was sent a second ago
const storageSchemas = "[all]\npattern = .*\nretentions = 1s:1h\n"

const graphiteSettings = `SECRET_KEY = 'opsctl-lab'
STORAGE_DIR = %[1]q
WHISPER_DIR = %[2]q
LOG_DIR = %[3]q
INDEX_FILE = %[4]q
CARBONLINK_HOSTS = [%[5]q]
DATABASES = {'default': {'NAME': %[6]q, 'ENGINE': 'django.db.backends.sqlite3'}}
`

// graphiteServe serves graphite-web's WSGI app on a loopback port with
// threads (Django's runserver is slower to start: it checks the project).
const graphiteServe = `import os, sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import make_server, WSGIServer, WSGIRequestHandler
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'graphite.settings')
import django
django.setup()
from django.core.wsgi import get_wsgi_application
class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
class Quiet(WSGIRequestHandler):
    def log_message(self, *a): pass
srv = make_server('127.0.0.1', int(sys.argv[1]), get_wsgi_application(), server_class=Server, handler_class=Quiet)
print('graphite-web listening', flush=True)
srv.serve_forever()
`

var graphiteDBMu sync.Mutex

// graphiteDB returns a migrated empty graphite-web sqlite database, built
// once per machine (migrations take seconds) in the user's cache
// directory and copied for each lab.
func graphiteDB(work string) (string, error) {
	graphiteDBMu.Lock()
	defer graphiteDBMu.Unlock()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	ver, _ := os.ReadFile(filepath.Join(graphiteWebDir, "version", "__init__.py"))
	st, _ := os.Stat(filepath.Join(graphiteWebDir, "settings.py"))
	key := fmt.Sprintf("%x", len(ver))
	if st != nil {
		key += fmt.Sprintf("-%d", st.ModTime().Unix())
	}
	db := filepath.Join(cache, "opsctl-lab", "graphite-web-"+key+".db")
	if _, err := os.Stat(db); err == nil {
		return db, nil
	}
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		return "", err
	}
	tmp := db + ".tmp" + strconv.Itoa(os.Getpid())
	mod := filepath.Join(work, "opsctl_graphite_migrate.py")
	if err := os.WriteFile(mod, []byte(fmt.Sprintf("SECRET_KEY = 'x'\nSTORAGE_DIR = %q\nLOG_DIR = STORAGE_DIR\nDATABASES = {'default': {'NAME': %q, 'ENGINE': 'django.db.backends.sqlite3'}}\n", work, tmp)), 0o644); err != nil {
		return "", err
	}
	cmd := exec.Command(sysPython, "/usr/bin/graphite-manage", "migrate", "--run-syncdb", "-v0")
	cmd.Env = append(os.Environ(), "PYTHONPATH="+work, "GRAPHITE_SETTINGS_MODULE=opsctl_graphite_migrate")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("lab: graphite-manage migrate: %v\n%s", err, out)
	}
	return db, os.Rename(tmp, db)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// StartGraphite starts carbon-cache and graphite-web (in parallel) and
// waits for both.
func (l *Lab) StartGraphite() (*Graphite, error) {
	carbonBin, err := LookPath("carbon-cache")
	if err != nil {
		return nil, err
	}
	dir := l.Path("graphite")
	for _, d := range []string{"conf", "storage/whisper", "storage/lists", "log/webapp", "py"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	ports, err := FreePorts(4)
	if err != nil {
		return nil, err
	}
	g := &Graphite{URL: "http://127.0.0.1:" + strconv.Itoa(ports[3]), CarbonAddr: "127.0.0.1:" + strconv.Itoa(ports[0])}
	conf := filepath.Join(dir, "conf", "carbon.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(carbonConf, dir, ports[0], ports[1], ports[2])), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "conf", "storage-schemas.conf"), []byte(storageSchemas), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(sysPython, carbonBin, "--config="+conf, "--pidfile="+filepath.Join(dir, "carbon.pid"), "--logfile=-", "--nodaemon", "start")
	cmd.Dir = dir
	if g.Carbon, err = l.Start("carbon-cache", cmd); err != nil {
		return nil, err
	}

	py := filepath.Join(dir, "py")
	tmpl, err := graphiteDB(py)
	if err != nil {
		return nil, err
	}
	db := filepath.Join(dir, "storage", "graphite.db")
	if err := copyFile(tmpl, db); err != nil {
		return nil, err
	}
	settings := fmt.Sprintf(graphiteSettings, filepath.Join(dir, "storage"), filepath.Join(dir, "storage", "whisper")+"/",
		filepath.Join(dir, "log", "webapp"), filepath.Join(dir, "storage", "index"), "127.0.0.1:"+strconv.Itoa(ports[2]), db)
	if err := os.WriteFile(filepath.Join(py, "opsctl_graphite_settings.py"), []byte(settings), 0o644); err != nil {
		return nil, err
	}
	serve := filepath.Join(py, "opsctl_graphite_serve.py")
	if err := os.WriteFile(serve, []byte(graphiteServe), 0o644); err != nil {
		return nil, err
	}
	web := exec.Command(sysPython, serve, strconv.Itoa(ports[3]))
	web.Dir = dir
	web.Env = append(os.Environ(), "PYTHONPATH="+py, "GRAPHITE_SETTINGS_MODULE=opsctl_graphite_settings", "PYTHONDONTWRITEBYTECODE=1")
	if g.Web, err = l.Start("graphite-web", web); err != nil {
		return nil, err
	}
	if err := WaitTCP(g.CarbonAddr, g.Carbon, 60*time.Second); err != nil {
		return nil, err
	}
	if err := waitHTTP(g.URL+"/render?target=none&format=json", g.Web, 90*time.Second); err != nil {
		return nil, err
	}
	return g, nil
}

// Send writes plaintext carbon lines ("path value timestamp") to carbon.
func (g *Graphite) Send(lines ...string) error {
	c, err := dialTCP(g.CarbonAddr)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = io.WriteString(c, strings.Join(lines, "\n")+"\n")
	return err
}
