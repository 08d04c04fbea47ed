-- opsctl's own corpus of views, triggers, functions and procedures: each
-- construct the translator handles, compared value by value against
-- MariaDB by TestSQLObjects*.
CREATE TABLE dept (
  id int NOT NULL PRIMARY KEY,
  name varchar(30) NOT NULL,
  budget decimal(10,2) DEFAULT NULL
) DEFAULT CHARSET=utf8mb4;
CREATE TABLE emp (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  dept_id int DEFAULT NULL,
  name varchar(40) NOT NULL,
  salary decimal(10,2) NOT NULL DEFAULT 0,
  hired date NOT NULL,
  last_login datetime DEFAULT NULL,
  active tinyint(1) NOT NULL DEFAULT 1,
  grade int DEFAULT NULL
) DEFAULT CHARSET=utf8mb4;
CREATE TABLE audit (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  what varchar(100) NOT NULL,
  emp_id int DEFAULT NULL
) DEFAULT CHARSET=utf8mb4;
CREATE TABLE counters (
  name varchar(20) NOT NULL PRIMARY KEY,
  n int NOT NULL DEFAULT 0
) DEFAULT CHARSET=utf8mb4;

INSERT INTO dept VALUES (1,'Sales',1000.50),(2,'Dev',NULL),(3,'ops',250.00),(4,'Empty',10);
INSERT INTO emp (id, dept_id, name, salary, hired, last_login, active, grade) VALUES
 (1,1,'alice',3000.00,'2019-01-31','2024-02-29 10:11:12',1,3),
 (2,1,'Bob',2500.50,'2020-02-29',NULL,0,NULL),
 (3,2,'carol',4100.00,'2018-12-01','2023-12-31 23:59:59',1,5),
 (4,2,'Dave',3900.25,'2021-07-15','2024-01-01 00:00:00',1,4),
 (5,3,'eve',1800.00,'2022-03-10',NULL,1,1),
 (6,NULL,'Frank',1200.00,'2023-11-30','2024-03-01 08:00:00',0,2),
 (7,2,'Émile',2000.00,'2017-05-05','2022-05-05 05:05:05',1,2);
INSERT INTO counters VALUES ('audit',0);

DELIMITER ;;
CREATE FUNCTION bonus(p_salary decimal(10,2), p_grade int) RETURNS decimal(10,2)
    DETERMINISTIC NO SQL
BEGIN
  DECLARE v_rate decimal(5,2) DEFAULT 0.05;
  IF p_grade IS NULL THEN
    RETURN 0;
  ELSEIF p_grade >= 5 THEN
    SET v_rate = 0.20;
  ELSEIF p_grade >= 3 THEN
    SET v_rate = 0.10;
  END IF;
  RETURN ROUND(p_salary * v_rate, 2);
END ;;
CREATE FUNCTION fact(n int) RETURNS bigint
    DETERMINISTIC
BEGIN
  DECLARE r bigint DEFAULT 1;
  DECLARE i int DEFAULT 1;
  WHILE i <= n DO
    SET r = r * i;
    SET i = i + 1;
  END WHILE;
  RETURN r;
END ;;
CREATE FUNCTION digits(n int) RETURNS int
    DETERMINISTIC
BEGIN
  DECLARE c int DEFAULT 0;
  REPEAT
    SET c = c + 1;
    SET n = n DIV 10;
  UNTIL n = 0 END REPEAT;
  RETURN c;
END ;;
CREATE FUNCTION odd_sum(n int) RETURNS int
    DETERMINISTIC
BEGIN
  DECLARE s int DEFAULT 0;
  DECLARE i int DEFAULT 0;
  lp: LOOP
    SET i = i + 1;
    IF i > n THEN
      LEAVE lp;
    END IF;
    IF i % 2 = 0 THEN
      ITERATE lp;
    END IF;
    SET s = s + i;
  END LOOP lp;
  RETURN s;
END ;;
CREATE FUNCTION grade_name(g int) RETURNS varchar(20)
    DETERMINISTIC
BEGIN
  DECLARE r varchar(20);
  CASE
    WHEN g IS NULL THEN SET r = 'none';
    WHEN g < 3 THEN SET r = 'junior';
    ELSE SET r = 'senior';
  END CASE;
  RETURN r;
END ;;
CREATE FUNCTION dept_payroll(p_dept int) RETURNS decimal(12,2)
    READS SQL DATA
BEGIN
  DECLARE total decimal(12,2) DEFAULT 0;
  SELECT IFNULL(SUM(salary), 0) INTO total FROM emp WHERE dept_id = p_dept;
  RETURN total;
END ;;
CREATE FUNCTION dept_budget_of(p_emp int) RETURNS decimal(10,2)
    READS SQL DATA
BEGIN
  DECLARE b decimal(10,2) DEFAULT -1;
  SELECT x.budget INTO b FROM emp NATURAL JOIN (SELECT id AS dept_id, budget FROM dept) x WHERE emp.id = p_emp;
  RETURN b;
END ;;
CREATE FUNCTION bump(p_name varchar(20)) RETURNS int
    MODIFIES SQL DATA
BEGIN
  UPDATE counters SET n = n + 1 WHERE name = p_name;
  RETURN 1;
END ;;
CREATE FUNCTION bump_read(p_name varchar(20)) RETURNS int
    READS SQL DATA
BEGIN
  DECLARE r int DEFAULT 0;
  SET r = bump(p_name);
  SELECT n INTO r FROM counters WHERE name = p_name;
  RETURN r;
END ;;
CREATE PROCEDURE raise_dept(IN p_dept int, IN p_pct int, OUT p_count int, INOUT p_total decimal(12,2))
    MODIFIES SQL DATA
BEGIN
  DECLARE done int DEFAULT 0;
  DECLARE v_id int;
  DECLARE v_sal decimal(10,2);
  DECLARE cur CURSOR FOR SELECT id, salary FROM emp WHERE dept_id = p_dept ORDER BY id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
  SET p_count = 0;
  OPEN cur;
  read_loop: LOOP
    FETCH cur INTO v_id, v_sal;
    IF done = 1 THEN
      LEAVE read_loop;
    END IF;
    UPDATE emp SET salary = ROUND(v_sal * (100 + p_pct) / 100, 2) WHERE id = v_id;
    SET p_count = p_count + 1;
    SET p_total = p_total + ROUND(v_sal * p_pct / 100, 2);
  END LOOP;
  CLOSE cur;
  INSERT INTO audit (what, emp_id) VALUES (CONCAT('raise dept ', p_dept, ' by ', p_pct, '%'), NULL);
END ;;
CREATE PROCEDURE find_emp(IN p_name varchar(40), OUT p_id int, OUT p_dept varchar(30))
    READS SQL DATA
BEGIN
  SET p_id = -1;
  SELECT e.id, d.name INTO p_id, p_dept FROM emp e LEFT JOIN dept d ON d.id = e.dept_id WHERE e.name = p_name;
END ;;
CREATE TRIGGER emp_bi BEFORE INSERT ON emp FOR EACH ROW
BEGIN
  IF NEW.salary < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'salary must not be negative';
  END IF;
  IF NEW.grade IS NULL THEN
    SET NEW.grade = 1;
  END IF;
END ;;
CREATE TRIGGER emp_bi_name BEFORE INSERT ON emp FOR EACH ROW
  SET NEW.name = CONCAT(UPPER(LEFT(NEW.name, 1)), SUBSTRING(NEW.name, 2)) ;;
CREATE TRIGGER emp_bi_first BEFORE INSERT ON emp FOR EACH ROW PRECEDES emp_bi
  SET NEW.grade = IFNULL(NEW.grade, 0) + 10 ;;
CREATE TRIGGER emp_bi_a_tag BEFORE INSERT ON emp FOR EACH ROW FOLLOWS emp_bi_first
  SET NEW.name = CONCAT(NEW.name, '#', NEW.grade) ;;
CREATE TRIGGER emp_au AFTER UPDATE ON emp FOR EACH ROW
BEGIN
  IF NEW.salary <> OLD.salary THEN
    INSERT INTO audit (what, emp_id) VALUES (CONCAT('salary ', OLD.salary, ' -> ', NEW.salary), NEW.id);
    UPDATE counters SET n = n + 1 WHERE name = 'audit';
  END IF;
END ;;
CREATE TRIGGER emp_ad AFTER DELETE ON emp FOR EACH ROW
  INSERT INTO audit (what, emp_id) VALUES (CONCAT_WS(' ', 'deleted', OLD.name, OLD.dept_id), OLD.id) ;;
DELIMITER ;

CREATE VIEW z_base AS
  SELECT e.id, e.name, d.name AS dept, e.salary, e.hired
  FROM emp e LEFT JOIN dept d ON d.id = e.dept_id;
CREATE VIEW a_top AS
  SELECT dept, COUNT(*) AS n, SUM(salary) AS total, AVG(salary) AS mean, MAX(hired) AS latest
  FROM z_base GROUP BY dept ORDER BY total DESC LIMIT 1, 2;
CREATE VIEW v_comma AS
  SELECT e.name, d.name AS dept FROM emp e, dept d WHERE e.dept_id = d.id AND d.budget IS NOT NULL;
CREATE VIEW v_cross AS
  SELECT d.name AS dept, e.name FROM dept d JOIN emp e WHERE e.dept_id = d.id;
CREATE VIEW v_straight AS
  SELECT STRAIGHT_JOIN e.name, d.name AS dept FROM emp e STRAIGHT_JOIN dept d ON d.id = e.dept_id;
CREATE VIEW v_using AS
  SELECT id, name, dept_id FROM emp JOIN (SELECT id AS dept_id, name AS dname FROM dept) x USING (dept_id);
CREATE VIEW v_natural AS
  SELECT * FROM emp NATURAL JOIN (SELECT id AS dept_id, budget FROM dept) b;
CREATE VIEW v_natural_left AS
  SELECT d.name, x.n FROM dept d NATURAL LEFT JOIN (SELECT dept_id AS id, COUNT(*) AS n FROM emp GROUP BY dept_id) x;
CREATE VIEW v_gc AS
  SELECT d.id, d.name,
    GROUP_CONCAT(e.name ORDER BY e.name SEPARATOR '; ') AS members,
    GROUP_CONCAT(DISTINCT e.active ORDER BY e.active DESC) AS flags,
    GROUP_CONCAT(DISTINCT CONCAT(e.name, '=', e.grade) ORDER BY e.hired SEPARATOR '|') AS by_hire,
    COUNT(e.id) AS n
  FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id;
CREATE VIEW v_funcs AS
  SELECT id,
    IF(active, _utf8mb4'yes', _utf8mb4'no') AS act,
    IFNULL(grade, -1) AS g,
    CASE WHEN salary > 3000 THEN 'high' WHEN salary > 2000 THEN 'mid' ELSE 'low' END AS band,
    CONCAT(name, ' (', id, ')') AS label,
    CONCAT_WS('/', name, grade) AS ws,
    DATE_FORMAT(hired, '%Y-%m-%d %W %M %e') AS hired_txt,
    DATE_FORMAT(last_login, '%d/%m/%Y %H:%i:%s') AS login_txt,
    DATE_ADD(hired, INTERVAL 1 MONTH) AS plus_month,
    DATE_SUB(hired, INTERVAL 10 DAY) AS minus_days,
    hired + INTERVAL 1 YEAR AS plus_year,
    last_login + INTERVAL 90 MINUTE AS plus_min,
    TIMESTAMPDIFF(MONTH, hired, '2024-03-31') AS months,
    TIMESTAMPDIFF(DAY, hired, last_login) AS days_to_login,
    TIMESTAMPDIFF(HOUR, last_login, '2024-03-01 00:00:00') AS hours,
    DATEDIFF('2024-01-01', hired) AS dd,
    hired < UTC_DATE() AS past,
    DATEDIFF(UTC_TIMESTAMP(), hired) > 100 AS old_hand,
    salary > 2000 AS rich,
    name = 'ALICE' AS is_alice,
    bonus(salary, grade) AS bonus,
    grade_name(grade) AS gname
  FROM emp;
CREATE VIEW v_lenient AS
  SELECT d.id, d.name, d.budget, COUNT(e.id) AS n FROM dept d LEFT JOIN emp e ON e.dept_id = d.id
  GROUP BY d.id HAVING n >= 0 ORDER BY d.name;
CREATE VIEW v_sub AS
  SELECT d.name, (SELECT MAX(e.salary) FROM emp e WHERE e.dept_id = d.id) AS top,
    EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND e.active = 0) AS has_inactive
  FROM dept d WHERE d.id IN (SELECT dept_id FROM emp WHERE dept_id IS NOT NULL);
CREATE VIEW v_union AS
  SELECT name FROM dept UNION SELECT name FROM emp WHERE dept_id IS NULL;
CREATE VIEW v_limit AS
  SELECT id, name FROM emp ORDER BY salary DESC LIMIT 2 OFFSET 1;
CREATE VIEW v_ci AS
  SELECT e.name FROM emp e JOIN dept d ON d.id = e.dept_id WHERE d.name = 'OPS' OR e.name = 'BOB';
