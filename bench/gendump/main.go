// Command gendump writes a seeded, realistic MariaDB-style mysqldump of
// about -size MB (shop schema: users, orders, order_items, events) with the
// types opsctl migrate maps: ints signed/unsigned, tinyint(1), decimals,
// float/double, varchar/text with escapes, enum/set, json, datetime(6),
// timestamp, date (with a few zero dates), time, varbinary/blob, bit.
//
//	go run ./bench/gendump -size 1024 -seed 1 > /tmp/shop.sql
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strconv"
)

var words = []string{"alpha", "beta", "gamma", "delta", "café", "naïve", "straße", "日本", "emoji 😀", "O'Brien", `say "hi"`, "back\\slash", "tab\there", "line\nbreak", "50%", "under_score", "€uro"}

type gen struct {
	r *rand.Rand
	w *bufio.Writer
}

func (g *gen) str(buf []byte, n int) []byte {
	for i := 0; i < n; i++ {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, words[g.r.Intn(len(words))]...)
	}
	return buf
}

// esc writes a MySQL string literal as mysqldump does.
func esc(buf, s []byte) []byte {
	buf = append(buf, '\'')
	for _, c := range s {
		switch c {
		case 0:
			buf = append(buf, '\\', '0')
		case '\'':
			buf = append(buf, '\\', '\'')
		case '"':
			buf = append(buf, '\\', '"')
		case '\\':
			buf = append(buf, '\\', '\\')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case 0x1a:
			buf = append(buf, '\\', 'Z')
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '\'')
}

func (g *gen) date(buf []byte, withTime, frac bool) []byte {
	y, m, d := 2000+g.r.Intn(25), 1+g.r.Intn(12), 1+g.r.Intn(28)
	buf = append(buf, '\'')
	buf = append(buf, fmt.Sprintf("%04d-%02d-%02d", y, m, d)...)
	if withTime {
		buf = append(buf, fmt.Sprintf(" %02d:%02d:%02d", g.r.Intn(24), g.r.Intn(60), g.r.Intn(60))...)
		if frac {
			buf = append(buf, fmt.Sprintf(".%06d", g.r.Intn(1000000))...)
		}
	}
	return append(buf, '\'')
}

type table struct {
	name, ddl string
	row       func(g *gen, id int64, buf []byte) []byte
	share     float64
}

func main() {
	sizeMB := flag.Int64("size", 100, "approximate dump size in MB")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	g := &gen{r: rand.New(rand.NewSource(*seed)), w: bufio.NewWriterSize(os.Stdout, 1<<20)}
	defer g.w.Flush()
	tables := []table{
		{"users", "CREATE TABLE `users` (\n  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,\n  `email` varchar(191) NOT NULL,\n  `name` varchar(100) DEFAULT NULL,\n  `active` tinyint(1) NOT NULL DEFAULT 1,\n  `balance` decimal(12,2) NOT NULL DEFAULT 0.00,\n  `score` double DEFAULT NULL,\n  `bio` text DEFAULT NULL,\n  `born` date DEFAULT NULL,\n  `created` datetime NOT NULL DEFAULT current_timestamp(),\n  `updated` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),\n  PRIMARY KEY (`id`),\n  UNIQUE KEY `email` (`email`),\n  KEY `created` (`created`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
			func(g *gen, id int64, b []byte) []byte {
				b = strconv.AppendInt(b, id, 10)
				b = append(b, ",'user"...)
				b = strconv.AppendInt(b, id, 10)
				b = append(b, "@example.com',"...)
				b = esc(b, g.str(nil, 2))
				b = append(b, ',')
				b = strconv.AppendInt(b, int64(g.r.Intn(2)), 10)
				b = append(b, ',')
				b = strconv.AppendFloat(b, float64(g.r.Intn(10000000))/100, 'f', 2, 64)
				b = append(b, ',')
				b = strconv.AppendFloat(b, g.r.NormFloat64()*1000, 'g', -1, 64)
				b = append(b, ',')
				b = esc(b, g.str(nil, 10+g.r.Intn(30)))
				b = append(b, ',')
				if g.r.Intn(50) == 0 {
					b = append(b, "'0000-00-00'"...)
				} else {
					b = g.date(b, false, false)
				}
				b = append(b, ',')
				b = g.date(b, true, false)
				b = append(b, ',')
				return g.date(b, true, false)
			}, 0.25},
		{"orders", "CREATE TABLE `orders` (\n  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n  `user_id` int(10) unsigned NOT NULL,\n  `status` enum('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',\n  `tags` set('gift','express','fragile') DEFAULT NULL,\n  `total` decimal(14,4) NOT NULL,\n  `weight` float DEFAULT NULL,\n  `note` varchar(255) DEFAULT NULL,\n  `flags` bit(8) DEFAULT NULL,\n  `placed` datetime(6) NOT NULL,\n  `window` time DEFAULT NULL,\n  PRIMARY KEY (`id`),\n  KEY `user_id` (`user_id`),\n  KEY `status_placed` (`status`,`placed`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
			func(g *gen, id int64, b []byte) []byte {
				b = strconv.AppendInt(b, id, 10)
				b = append(b, ',')
				b = strconv.AppendInt(b, 1+g.r.Int63n(1000000), 10)
				b = append(b, ",'"...)
				b = append(b, []string{"new", "paid", "shipped", "cancelled"}[g.r.Intn(4)]...)
				b = append(b, "','"...)
				b = append(b, []string{"", "gift", "gift,express", "fragile"}[g.r.Intn(4)]...)
				b = append(b, "',"...)
				b = strconv.AppendFloat(b, float64(g.r.Intn(100000000))/10000, 'f', 4, 64)
				b = append(b, ',')
				b = strconv.AppendFloat(b, float64(float32(g.r.Float64()*100)), 'g', 6, 32)
				b = append(b, ',')
				if g.r.Intn(4) == 0 {
					b = append(b, "NULL"...)
				} else {
					b = esc(b, g.str(nil, 3+g.r.Intn(8)))
				}
				b = append(b, ",'"...)
				b = append(b, byte(g.r.Intn(256)))
				if b[len(b)-1] == '\'' || b[len(b)-1] == '\\' || b[len(b)-1] == 0 || b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == 0x1a {
					b[len(b)-1] = 'A'
				}
				b = append(b, "',"...)
				b = g.date(b, true, true)
				b = append(b, ",'"...)
				b = append(b, fmt.Sprintf("%02d:%02d:00", g.r.Intn(24), g.r.Intn(60))...)
				return append(b, '\'')
			}, 0.35},
		{"events", "CREATE TABLE `events` (\n  `id` bigint(20) NOT NULL AUTO_INCREMENT,\n  `kind` varchar(32) NOT NULL,\n  `payload` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`payload`)),\n  `ip` varbinary(16) DEFAULT NULL,\n  `blob_data` blob DEFAULT NULL,\n  `at` timestamp(3) NOT NULL DEFAULT current_timestamp(3),\n  PRIMARY KEY (`id`),\n  KEY `kind` (`kind`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
			func(g *gen, id int64, b []byte) []byte {
				b = strconv.AppendInt(b, id, 10)
				b = append(b, ",'"...)
				b = append(b, []string{"click", "view", "login", "purchase"}[g.r.Intn(4)]...)
				b = append(b, "',"...)
				js := fmt.Sprintf(`{"user": %d, "path": "/p/%d", "q": "%s", "n": [1, 2, 3]}`, g.r.Intn(1000000), g.r.Intn(1000), words[g.r.Intn(5)])
				b = esc(b, []byte(js))
				b = append(b, ',')
				ip := make([]byte, 4+12*g.r.Intn(2))
				g.r.Read(ip)
				b = esc(b, ip)
				b = append(b, ',')
				if g.r.Intn(3) == 0 {
					b = append(b, "NULL"...)
				} else {
					bl := make([]byte, 16+g.r.Intn(200))
					g.r.Read(bl)
					b = esc(b, bl)
				}
				b = append(b, ',')
				b = append(b, '\'')
				b = append(b, fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d.%03d", 2001+g.r.Intn(30), 1+g.r.Intn(12), 1+g.r.Intn(28), g.r.Intn(24), g.r.Intn(60), g.r.Intn(60), g.r.Intn(1000))...)
				return append(b, '\'')
			}, 0.40},
	}
	fmt.Fprintf(g.w, "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB (generated by opsctl bench/gendump, seed %d)\n/*!40101 SET NAMES utf8mb4 */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\n", *seed)
	total := *sizeMB << 20
	buf := make([]byte, 0, 4096)
	for _, t := range tables {
		fmt.Fprintf(g.w, "--\n-- Table structure for table `%s`\n--\n\nDROP TABLE IF EXISTS `%s`;\n%s;\n\nLOCK TABLES `%s` WRITE;\n/*!40000 ALTER TABLE `%s` DISABLE KEYS */;\n", t.name, t.name, t.ddl, t.name, t.name)
		want := int64(float64(total) * t.share)
		var written, stmt int64
		id := int64(1)
		for written < want {
			if stmt == 0 {
				n, _ := fmt.Fprintf(g.w, "INSERT INTO `%s` VALUES ", t.name)
				stmt += int64(n)
			} else {
				g.w.WriteString(",\n")
				stmt += 2
			}
			buf = append(buf[:0], '(')
			buf = t.row(g, id, buf)
			buf = append(buf, ')')
			g.w.Write(buf)
			stmt += int64(len(buf))
			id++
			if stmt > 1<<20 {
				g.w.WriteString(";\n")
				written += stmt + 2
				stmt = 0
			}
		}
		if stmt > 0 {
			g.w.WriteString(";\n")
			written += stmt
		}
		fmt.Fprintf(g.w, "/*!40000 ALTER TABLE `%s` ENABLE KEYS */;\nUNLOCK TABLES;\n\n", t.name)
	}
	g.w.WriteString("-- Dump completed\n")
}
