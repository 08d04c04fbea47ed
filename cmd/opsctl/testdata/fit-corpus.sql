-- opsctl issue 15 corpus: values MySQL/MariaDB holds that the default
-- types cannot (each picks a type that fits), MariaDB system versioning
-- and sequences, and generated names that collide with relations.
SET sql_mode = '';
CREATE TABLE durations (
  id int PRIMARY KEY,
  tm time, tm3 time(3), ok time
);
INSERT INTO durations VALUES
 (1, '-838:59:59', '838:59:59.999', '12:00:00'),
 (2, '25:00:00', '-00:00:01.500', '23:59:59'),
 (3, '00:00:00', '12:30:00.250', NULL),
 (4, NULL, NULL, '00:00:00');
CREATE TABLE flags (
  id int PRIMARY KEY,
  f tinyint(1), fu tinyint(1) unsigned, b bool, plain tinyint(1)
);
INSERT INTO flags VALUES (1, 2, 255, 1, 1), (2, -1, 0, 0, 0), (3, 127, 1, -128, NULL), (4, 0, NULL, NULL, 1);
CREATE TABLE docs (
  id int PRIMARY KEY,
  j json, k json,
  body varchar(40),
  head varchar(40) AS (concat('[', body, ']')) STORED
);
INSERT INTO docs (id, j, k, body) VALUES
 (1, '{"a": "x\\u0000y"}', '{"a": 1}', 'nul\0inside'),
 (2, '["\\\\u0000 is not a NUL"]', '[1, 2]', 'plain'),
 (3, NULL, NULL, NULL);
CREATE TABLE prices (
  id int PRIMARY KEY,
  price decimal(10,2),
  valid_from timestamp(6) GENERATED ALWAYS AS ROW START,
  valid_to timestamp(6) GENERATED ALWAYS AS ROW END,
  PERIOD FOR SYSTEM_TIME (valid_from, valid_to)
) WITH SYSTEM VERSIONING;
INSERT INTO prices (id, price) VALUES (1, 9.99), (2, 20.00);
UPDATE prices SET price = 10.99 WHERE id = 1;
CREATE TABLE audit (id int PRIMARY KEY, what varchar(20)) WITH SYSTEM VERSIONING;
INSERT INTO audit VALUES (1, 'created'), (2, 'kept');
DELETE FROM audit WHERE id = 2;
CREATE SEQUENCE invoice_no START WITH 1000 INCREMENT BY 5;
SELECT NEXTVAL(invoice_no), NEXTVAL(invoice_no);
CREATE TABLE orders_tax_status (id int PRIMARY KEY, label varchar(20));
INSERT INTO orders_tax_status VALUES (1, 'taxed'), (2, 'exempt');
CREATE TABLE orders (
  id int PRIMARY KEY,
  tax_status int,
  customer int,
  KEY tax_status (tax_status),
  CONSTRAINT orders_tax_status_fk FOREIGN KEY (tax_status) REFERENCES orders_tax_status (id),
  CONSTRAINT fk FOREIGN KEY (customer) REFERENCES orders_tax_status (id)
);
INSERT INTO orders VALUES (1, 1, 2), (2, 2, NULL);
CREATE TABLE orders_fk (id int PRIMARY KEY, o int, KEY fk (o), CONSTRAINT orders_fk_ibfk FOREIGN KEY (o) REFERENCES orders (id));
INSERT INTO orders_fk VALUES (1, 1);
