-- opsctl migrate test corpus: every type and edge case of the fidelity rules.
SET sql_mode = '';
CREATE TABLE ints (
  id int NOT NULL AUTO_INCREMENT,
  ti tinyint, tiu tinyint unsigned, si smallint, siu smallint unsigned,
  mi mediumint, miu mediumint unsigned, i int, iu int unsigned,
  bi bigint, biu bigint unsigned, z int(5) unsigned zerofill,
  PRIMARY KEY (id)
) ENGINE=InnoDB AUTO_INCREMENT=1000;
INSERT INTO ints VALUES
 (1,-128,255,-32768,65535,-8388608,16777215,-2147483648,4294967295,-9223372036854775808,18446744073709551615,42),
 (2,127,0,32767,0,8388607,0,2147483647,0,9223372036854775807,0,0),
 (3,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE nums (
  id int PRIMARY KEY,
  d decimal(10,2), dmax decimal(65,30), f float, db double, b1 tinyint(1), bt1 bit(1), b12 bit(12), y year
);
INSERT INTO nums VALUES
 (1, 12345678.91, 12345678901234567890123456789012345.123456789012345678901234567890, 1.1, 0.1, 1, b'1', b'101010101010', 2024),
 (2, -0.01, -0.000000000000000000000000000001, -3.4028235e38, 1.7976931348623157e308, 0, b'0', b'000000000001', 1901),
 (3, 0, 0, 1e-30, 2.2250738585072014e-308, NULL, NULL, NULL, 0),
 (4, NULL, NULL, 3.14159, 3.141592653589793, NULL, NULL, NULL, NULL);
CREATE TABLE texts (
  id int PRIMARY KEY,
  c char(10), vc varchar(255), t text, mt mediumtext, lt longtext,
  l1 varchar(50) CHARACTER SET latin1,
  e enum('small','medium','large',''), s set('a','b','c'),
  KEY vc_idx (vc(20)),
  FULLTEXT KEY ft (t, vc)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO texts VALUES
 (1,'abc','tab\there','line1\nline2\r\nline3','quote '' and " and \\ backslash','ctrl-Z \Z end','café €','small','a,b'),
 (2,'','', 'percent \% underscore \_', 'nul\0inside', 'emoji 😀 ünïcödé','curly “quotes”','','') ,
 (3,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL),
 (4,'  pad  ','trailing  ','\\N is not null','\\.','backslash at end \\','x','large','a,b,c'),
 (5,'x','COPY \\t text','\b backspace', 'E''scape', 'null byte\0', 'y','medium','c');
INSERT INTO texts (id, e) VALUES (6, 'nonexistent');
CREATE TABLE bins (
  id int PRIMARY KEY,
  b binary(4), vb varbinary(20), bl blob, mb mediumblob, lb longblob, tb tinyblob
);
INSERT INTO bins VALUES
 (1, 0x00010203, 0xFF00FE, 0x00, 0x5C275C22, 0x0D0A09, 0x1A),
 (2, 'ab', '', '', NULL, 'text\\', X''),
 (3, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE times (
  id int PRIMARY KEY,
  d date, dnn date NOT NULL, dt datetime, dt6 datetime(6), ts timestamp NULL DEFAULT NULL,
  ts3 timestamp(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),
  tm time, tm3 time(3), cd date DEFAULT curdate()
);
INSERT INTO times VALUES
 (1,'2024-02-29','2024-01-01','2024-02-29 23:59:59','2024-02-29 23:59:59.123456','2024-01-01 00:00:01','2024-01-01 00:00:01.500','23:59:59','12:00:00.250','2024-05-05'),
 (2,'0000-00-00','0000-00-00','0000-00-00 00:00:00','1000-01-01 00:00:00.000001',NULL,'2038-01-19 03:14:07.999','00:00:00','-00:00:01.000','2024-05-05'),
 (3,'2020-00-00','2020-05-00','2020-00-15 10:00:00',NULL,'1970-01-01 00:00:01','1999-12-31 23:59:59','-12:00:00',NULL,NULL),
 (4,NULL,'9999-12-31','9999-12-31 23:59:59','2000-01-01 00:00:00',NULL,'2000-01-01 00:00:00',NULL,NULL,NULL);
CREATE TABLE docs (
  id int PRIMARY KEY AUTO_INCREMENT,
  j json,
  doc longtext,
  g geometry DEFAULT NULL,
  total int GENERATED ALWAYS AS (char_length(doc) * 2) STORED,
  created datetime DEFAULT current_timestamp(),
  note varchar(20) DEFAULT 'n/a' COMMENT 'a note, with ''quote''',
  price decimal(10,2) DEFAULT 9.99 CHECK (price >= 0),
  qty int DEFAULT 3,
  -- generated columns: translated (stored and virtual) ...
  amount decimal(12,2) AS (price * qty) PERSISTENT,
  third decimal(12,4) GENERATED ALWAYS AS (price / 3) VIRTUAL,
  lnote varchar(20) AS (lower(note)) VIRTUAL,
  label varchar(60) AS (concat(note, ': ', qty, ' x ', price)) VIRTUAL,
  blen int AS (length(doc)) VIRTUAL,
  cday date AS (date(created)) VIRTUAL,
  cyear int AS (year(created)) STORED,
  bulk tinyint(1) AS (qty > 10) VIRTUAL,
  kind varchar(10) AS (if(qty > 10, 'bulk', 'single')) VIRTUAL,
  head varchar(20) AS (ifnull(left(doc, 3), '?')) VIRTUAL,
  jb varchar(40) AS (json_unquote(json_extract(j, '$.b'))) VIRTUAL,
  jc varchar(40) AS (json_unquote(json_extract(j, '$.a[2].c'))) VIRTUAL,
  big_qty bigint AS (greatest(qty, 5) * 2147483647) STORED,
  -- ... and not translatable: plain columns with the dumped values
  fmt varchar(10) AS (date_format(created, '%Y')) VIRTUAL,
  is_plain int AS (doc = 'plain') VIRTUAL,
  CONSTRAINT qty_range CHECK (qty between 0 and 1000000),
  CONSTRAINT note_not_root CHECK (note <> 'root' and price < 100000),
  CONSTRAINT doc_re CHECK (doc NOT REGEXP '^[0-9]' OR doc IS NULL)
) COMMENT 'documents table';
INSERT INTO docs (id, j, doc, g, price, qty) VALUES
 (1,'{"b": 1, "a": [1, 2, {"c": null}]}','plain',ST_GeomFromText('POINT(1 2)'), 9.99, 3),
 (2,'"string"','x',NULL, 0.01, 20),
 (3,NULL,NULL,NULL, NULL, NULL),
 (4,'{"b": "Zoë \\"quoted\\""}','élan',NULL, 2.5, 11);
CREATE TABLE `Group` (
  `Id` int NOT NULL AUTO_INCREMENT,
  `select` varchar(10),
  `From` int,
  `docId` int,
  PRIMARY KEY (`Id`),
  UNIQUE KEY `select` (`select`),
  KEY `a_very_long_index_name_that_goes_on_and_on_past_63_bytes_xxxxxx` (`From`, `select`),
  CONSTRAINT `fk_doc` FOREIGN KEY (`docId`) REFERENCES docs (id) ON DELETE CASCADE
);
INSERT INTO `Group` VALUES (1,'a',1,1),(2,'b',2,2),(5,NULL,NULL,NULL);
CREATE TABLE nopk (a int, b varchar(10));
INSERT INTO nopk VALUES (1,'x'),(1,'x'),(NULL,NULL);
CREATE TABLE empty_t (id bigint unsigned PRIMARY KEY AUTO_INCREMENT, v varchar(3));
CREATE VIEW v_group AS SELECT `Id`, `select` FROM `Group` WHERE `Id` > 1;
CREATE TRIGGER trg_docs BEFORE INSERT ON docs FOR EACH ROW SET NEW.note = 'trg';
CREATE PROCEDURE p_hello() SELECT 1;
