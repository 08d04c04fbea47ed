/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: shop
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `Group`
--

DROP TABLE IF EXISTS `Group`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `Group` (
  `Id` int(11) NOT NULL AUTO_INCREMENT,
  `select` varchar(10) DEFAULT NULL,
  `From` int(11) DEFAULT NULL,
  `docId` int(11) DEFAULT NULL,
  PRIMARY KEY (`Id`),
  UNIQUE KEY `select` (`select`),
  KEY `a_very_long_index_name_that_goes_on_and_on_past_63_bytes_xxxxxx` (`From`,`select`),
  KEY `fk_doc` (`docId`),
  CONSTRAINT `fk_doc` FOREIGN KEY (`docId`) REFERENCES `docs` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=6 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `Group`
--

LOCK TABLES `Group` WRITE;
/*!40000 ALTER TABLE `Group` DISABLE KEYS */;
INSERT INTO `Group` VALUES
(1,'a',1,1),
(2,'b',2,2),
(5,NULL,NULL,NULL);
/*!40000 ALTER TABLE `Group` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `bins`
--

DROP TABLE IF EXISTS `bins`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `bins` (
  `id` int(11) NOT NULL,
  `b` binary(4) DEFAULT NULL,
  `vb` varbinary(20) DEFAULT NULL,
  `bl` blob DEFAULT NULL,
  `mb` mediumblob DEFAULT NULL,
  `lb` longblob DEFAULT NULL,
  `tb` tinyblob DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `bins`
--

LOCK TABLES `bins` WRITE;
/*!40000 ALTER TABLE `bins` DISABLE KEYS */;
INSERT INTO `bins` VALUES
(1,'\0','�\0�','\0','\\\'\\\"','\r\n	','\Z'),
(2,'ab\0\0','','',NULL,'text\\',''),
(3,NULL,NULL,NULL,NULL,NULL,NULL);
/*!40000 ALTER TABLE `bins` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `docs`
--

DROP TABLE IF EXISTS `docs`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `docs` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`j`)),
  `doc` longtext DEFAULT NULL,
  `g` geometry DEFAULT NULL,
  `total` int(11) GENERATED ALWAYS AS (char_length(`doc`) * 2) STORED,
  `created` datetime DEFAULT current_timestamp(),
  `note` varchar(20) DEFAULT 'n/a' COMMENT 'a note, with ''quote''',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='documents table';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `docs`
--

LOCK TABLES `docs` WRITE;
/*!40000 ALTER TABLE `docs` DISABLE KEYS */;
INSERT INTO `docs` VALUES
(1,'{\"b\": 1, \"a\": [1, 2, {\"c\": null}]}','plain','\0\0\0\0\0\0\0\0\0\0\0\0\0�?\0\0\0\0\0\0\0@',10,'2026-11-23 20:13:07','n/a'),
(2,'\"string\"','x',NULL,2,'2026-11-23 20:13:07','n/a'),
(3,NULL,NULL,NULL,NULL,'2026-11-23 20:13:07','n/a');
/*!40000 ALTER TABLE `docs` ENABLE KEYS */;
UNLOCK TABLES;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;
/*!50003 SET character_set_client  = utf8mb3 */ ;
/*!50003 SET character_set_results = utf8mb3 */ ;
/*!50003 SET collation_connection  = utf8mb3_general_ci */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = '' */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`127.0.0.1`*/ /*!50003 TRIGGER trg_docs BEFORE INSERT ON docs FOR EACH ROW SET NEW.note = 'trg' 
*/;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;

--
-- Table structure for table `empty_t`
--

DROP TABLE IF EXISTS `empty_t`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `empty_t` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `v` varchar(3) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `empty_t`
--

LOCK TABLES `empty_t` WRITE;
/*!40000 ALTER TABLE `empty_t` DISABLE KEYS */;
/*!40000 ALTER TABLE `empty_t` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `ints`
--

DROP TABLE IF EXISTS `ints`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ints` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `ti` tinyint(4) DEFAULT NULL,
  `tiu` tinyint(3) unsigned DEFAULT NULL,
  `si` smallint(6) DEFAULT NULL,
  `siu` smallint(5) unsigned DEFAULT NULL,
  `mi` mediumint(9) DEFAULT NULL,
  `miu` mediumint(8) unsigned DEFAULT NULL,
  `i` int(11) DEFAULT NULL,
  `iu` int(10) unsigned DEFAULT NULL,
  `bi` bigint(20) DEFAULT NULL,
  `biu` bigint(20) unsigned DEFAULT NULL,
  `z` int(5) unsigned zerofill DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=1000 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `ints`
--

LOCK TABLES `ints` WRITE;
/*!40000 ALTER TABLE `ints` DISABLE KEYS */;
INSERT INTO `ints` VALUES
(1,-128,255,-32768,65535,-8388608,16777215,-2147483648,4294967295,-9223372036854775808,18446744073709551615,00042),
(2,127,0,32767,0,8388607,0,2147483647,0,9223372036854775807,0,00000),
(3,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
/*!40000 ALTER TABLE `ints` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `nopk`
--

DROP TABLE IF EXISTS `nopk`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `nopk` (
  `a` int(11) DEFAULT NULL,
  `b` varchar(10) DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `nopk`
--

LOCK TABLES `nopk` WRITE;
/*!40000 ALTER TABLE `nopk` DISABLE KEYS */;
INSERT INTO `nopk` VALUES
(1,'x'),
(1,'x'),
(NULL,NULL);
/*!40000 ALTER TABLE `nopk` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `nums`
--

DROP TABLE IF EXISTS `nums`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `nums` (
  `id` int(11) NOT NULL,
  `d` decimal(10,2) DEFAULT NULL,
  `dmax` decimal(65,30) DEFAULT NULL,
  `f` float DEFAULT NULL,
  `db` double DEFAULT NULL,
  `b1` tinyint(1) DEFAULT NULL,
  `bt1` bit(1) DEFAULT NULL,
  `b12` bit(12) DEFAULT NULL,
  `y` year(4) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `nums`
--

LOCK TABLES `nums` WRITE;
/*!40000 ALTER TABLE `nums` DISABLE KEYS */;
INSERT INTO `nums` VALUES
(1,12345678.91,12345678901234567890123456789012345.123456789012345678901234567890,1.1,0.1,1,'','\n�',2024),
(2,-0.01,-0.000000000000000000000000000001,-3.40282e38,1.7976931348623157e308,0,'\0','\0',1901),
(3,0.00,0.000000000000000000000000000000,1e-30,2.2250738585072014e-308,NULL,NULL,NULL,0000),
(4,NULL,NULL,3.14159,3.141592653589793,NULL,NULL,NULL,NULL);
/*!40000 ALTER TABLE `nums` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `texts`
--

DROP TABLE IF EXISTS `texts`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `texts` (
  `id` int(11) NOT NULL,
  `c` char(10) DEFAULT NULL,
  `vc` varchar(255) DEFAULT NULL,
  `t` text DEFAULT NULL,
  `mt` mediumtext DEFAULT NULL,
  `lt` longtext DEFAULT NULL,
  `l1` varchar(50) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL,
  `e` enum('small','medium','large','') DEFAULT NULL,
  `s` set('a','b','c') DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `vc_idx` (`vc`(20)),
  FULLTEXT KEY `ft` (`t`,`vc`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `texts`
--

LOCK TABLES `texts` WRITE;
/*!40000 ALTER TABLE `texts` DISABLE KEYS */;
INSERT INTO `texts` VALUES
(1,'abc','tab	here','line1\nline2\r\nline3','quote \' and \" and \\ backslash','ctrl-Z \Z end','café €','small','a,b'),
(2,'','','percent \\% underscore \\_','nul\0inside','emoji ???? ünïcödé','curly “quotes”','',''),
(3,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL),
(4,'  pad','trailing  ','\\N is not null','\\.','backslash at end \\','x','large','a,b,c'),
(5,'x','COPY \\t text',' backspace','E\'scape','null byte\0','y','medium','c'),
(6,NULL,NULL,NULL,NULL,NULL,NULL,'',NULL);
/*!40000 ALTER TABLE `texts` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `times`
--

DROP TABLE IF EXISTS `times`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `times` (
  `id` int(11) NOT NULL,
  `d` date DEFAULT NULL,
  `dnn` date NOT NULL,
  `dt` datetime DEFAULT NULL,
  `dt6` datetime(6) DEFAULT NULL,
  `ts` timestamp NULL DEFAULT NULL,
  `ts3` timestamp(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),
  `tm` time DEFAULT NULL,
  `tm3` time(3) DEFAULT NULL,
  `cd` date DEFAULT curdate(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `times`
--

LOCK TABLES `times` WRITE;
/*!40000 ALTER TABLE `times` DISABLE KEYS */;
INSERT INTO `times` VALUES
(1,'2024-02-29','2024-01-01','2024-02-29 23:59:59','2024-02-29 23:59:59.123456','2024-01-01 00:00:01','2024-01-01 00:00:01.500','23:59:59','12:00:00.250','2024-05-05'),
(2,'0000-00-00','0000-00-00','0000-00-00 00:00:00','1000-01-01 00:00:00.000001',NULL,'2038-01-19 03:14:07.999','00:00:00','-00:00:01.000','2024-05-05'),
(3,'2020-00-00','2020-05-00','2020-00-15 10:00:00',NULL,'1970-01-01 00:00:01','1999-12-31 23:59:59.000','-12:00:00',NULL,NULL),
(4,NULL,'9999-12-31','9999-12-31 23:59:59','2000-01-01 00:00:00.000000',NULL,'2000-01-01 00:00:00.000',NULL,NULL,NULL);
/*!40000 ALTER TABLE `times` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Temporary table structure for view `v_group`
--

DROP TABLE IF EXISTS `v_group`;
/*!50001 DROP VIEW IF EXISTS `v_group`*/;
SET @saved_cs_client     = @@character_set_client;
SET character_set_client = utf8mb4;
/*!50001 CREATE VIEW `v_group` AS SELECT
 NULL AS `Id`,
 NULL AS `select` */;
SET character_set_client = @saved_cs_client;

--
-- Dumping routines for database 'shop'
--
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = '' */ ;
/*!50003 DROP PROCEDURE IF EXISTS `p_hello` */;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;
/*!50003 SET character_set_client  = utf8mb3 */ ;
/*!50003 SET character_set_results = utf8mb3 */ ;
/*!50003 SET collation_connection  = utf8mb3_general_ci */ ;
DELIMITER ;;
CREATE DEFINER=`root`@`127.0.0.1` PROCEDURE `p_hello`()
SELECT 1
;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;

--
-- Final view structure for view `v_group`
--

/*!50001 DROP VIEW IF EXISTS `v_group`*/;
/*!50001 SET @saved_cs_client          = @@character_set_client */;
/*!50001 SET @saved_cs_results         = @@character_set_results */;
/*!50001 SET @saved_col_connection     = @@collation_connection */;
/*!50001 SET character_set_client      = utf8mb3 */;
/*!50001 SET character_set_results     = utf8mb3 */;
/*!50001 SET collation_connection      = utf8mb3_general_ci */;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`root`@`127.0.0.1` SQL SECURITY DEFINER */
/*!50001 VIEW `v_group` AS select `Group`.`Id` AS `Id`,`Group`.`select` AS `select` from `Group` where `Group`.`Id` > 1 */;
/*!50001 SET character_set_client      = @saved_cs_client */;
/*!50001 SET character_set_results     = @saved_cs_results */;
/*!50001 SET collation_connection      = @saved_col_connection */;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2026-11-23 20:13:07
