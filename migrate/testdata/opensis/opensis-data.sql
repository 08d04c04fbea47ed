-- A small school year for the openSIS schema, written for opsctl's tests
-- (not openSIS data). Loaded after opensis-schema.sql and before
-- opensis-routines.sql, so no trigger fires while it loads.

INSERT INTO schools (id, syear, title, address, city, state, zipcode, area_code, phone, principal, reporting_gp_scale, last_updated) VALUES
(1, 2024, 'Lincoln High', '1 Main St', 'Springfield', 'IL', '62701', 217, '555-0100', 'A. Reyes', 4.000, '2024-08-01 08:00:00'),
(2, 2024, 'Adams Middle', '9 Elm Ave', 'Springfield', 'IL', '62702', 217, '555-0199', 'B. Okafor', 5.000, '2024-08-01 08:00:00');

INSERT INTO school_years (marking_period_id, syear, school_id, title, short_name, sort_order, start_date, end_date, post_start_date, post_end_date, does_grades, does_exam, does_comments, last_updated) VALUES
(1, 2024, 1, 'Full Year', 'FY', 1, '2024-08-15', '2025-06-10', '2025-06-01', '2025-06-10', 'Y', 'Y', 'Y', '2024-08-01 08:00:00'),
(2, 2024, 2, 'Full Year', 'FY', 1, '2024-08-20', '2025-06-05', NULL, NULL, NULL, NULL, NULL, '2024-08-01 08:00:00');

INSERT INTO school_semesters (marking_period_id, syear, school_id, year_id, title, short_name, sort_order, start_date, end_date, post_start_date, post_end_date, does_grades, does_exam, does_comments, last_updated) VALUES
(3, 2024, 1, 1, 'Semester 1', 'S1', 1, '2024-08-15', '2024-12-20', '2024-12-10', '2024-12-20', 'Y', 'Y', NULL, '2024-08-01 08:00:00'),
(4, 2024, 1, 1, 'Semester 2', 'S2', 2, '2025-01-06', '2025-06-10', '2025-06-01', '2025-06-10', 'Y', 'Y', NULL, '2024-08-01 08:00:00'),
(5, 2024, 2, 2, 'Fall', 'F', 1, '2024-08-20', '2025-01-17', NULL, NULL, 'Y', NULL, NULL, '2024-08-01 08:00:00');

INSERT INTO school_quarters (marking_period_id, syear, school_id, semester_id, title, short_name, sort_order, start_date, end_date, post_start_date, post_end_date, does_grades, does_exam, does_comments, last_updated) VALUES
(6, 2024, 1, 3, 'Quarter 1', 'Q1', 1, '2024-08-15', '2024-10-15', '2024-10-10', '2024-10-15', 'Y', NULL, 'Y', '2024-08-01 08:00:00'),
(7, 2024, 1, 3, 'Quarter 2', 'Q2', 2, '2024-10-16', '2024-12-20', '2024-12-10', '2024-12-20', 'Y', NULL, 'Y', '2024-08-01 08:00:00'),
(8, 2024, 1, 4, 'Quarter 3', 'Q3', 3, '2025-01-06', '2025-03-21', NULL, NULL, 'Y', NULL, NULL, '2024-08-01 08:00:00'),
(9, 2024, 1, 4, 'Quarter 4', 'Q4', 4, '2025-03-24', '2025-06-10', NULL, NULL, 'N', NULL, NULL, '2024-08-01 08:00:00');

INSERT INTO history_marking_periods (parent_id, mp_type, name, post_end_date, school_id, syear, marking_period_id, last_updated) VALUES
(NULL, 'year', '2022-2023', '2023-06-09', 1, 2022, 100, '2024-08-01 08:00:00'),
(100, 'semester', 'Fall 2022', '2022-12-16', 1, 2022, 101, '2024-08-01 08:00:00'),
(100, 'semester', 'Spring 2023', '2023-06-09', 1, 2022, 102, '2024-08-01 08:00:00');

INSERT INTO school_gradelevels (id, school_id, short_name, title, next_grade_id, sort_order, last_updated) VALUES
(1, 1, '09', 'Ninth', 2, 1, '2024-08-01 08:00:00'),
(2, 1, '10', 'Tenth', 3, 2, '2024-08-01 08:00:00'),
(3, 1, '11', 'Eleventh', NULL, 3, '2024-08-01 08:00:00'),
(4, 2, '07', 'Seventh', NULL, 1, '2024-08-01 08:00:00');

INSERT INTO students (student_id, last_name, first_name, middle_name, gender, birthdate, email, is_disable, last_updated) VALUES
(1, 'Nguyen', 'Linh', NULL, 'Female', '2009-03-14', 'linh@example.org', NULL, '2024-08-01 08:00:00'),
(2, 'Okoro', 'Chidi', 'E', 'Male', '2009-07-02', NULL, NULL, '2024-08-01 08:00:00'),
(3, 'Larsen', 'Freja', NULL, 'Female', '2008-11-30', 'freja@example.org', NULL, '2024-08-01 08:00:00'),
(4, 'Haddad', 'Omar', NULL, 'Male', '2008-01-19', NULL, NULL, '2024-08-01 08:00:00'),
(5, 'Silva', 'Ana', 'Maria', 'Female', '2007-05-05', NULL, NULL, '2024-08-01 08:00:00'),
(6, 'Kowalski', 'Jan', NULL, 'Male', '2007-09-21', 'jan@example.org', NULL, '2024-08-01 08:00:00'),
(7, 'Tanaka', 'Yui', NULL, 'Female', '2011-02-11', NULL, NULL, '2024-08-01 08:00:00'),
(8, 'Müller', 'Jörg', NULL, 'Male', '2009-12-24', NULL, 'N', '2024-08-01 08:00:00');

INSERT INTO student_enrollment (id, syear, school_id, student_id, grade_id, start_date, end_date, enrollment_code, drop_code, calendar_id, last_updated) VALUES
(1, 2024, 1, 1, 1, '2024-08-15', NULL, 1, NULL, 1, '2024-08-01 08:00:00'),
(2, 2024, 1, 2, 1, '2024-08-15', NULL, 1, NULL, 1, '2024-08-01 08:00:00'),
(3, 2024, 1, 3, 2, '2024-08-15', '2024-09-30', 1, 2, 1, '2024-08-01 08:00:00'),
(4, 2024, 1, 4, 2, '2024-08-15', '2099-06-10', 1, NULL, 1, '2024-08-01 08:00:00'),
(5, 2024, 1, 5, 3, '2024-08-15', NULL, 1, NULL, 1, '2024-08-01 08:00:00'),
(6, 2024, 1, 6, 3, '2024-08-15', NULL, 1, NULL, 1, '2024-08-01 08:00:00'),
(7, 2024, 2, 7, 4, '2024-08-20', NULL, 1, NULL, 2, '2024-08-01 08:00:00'),
(8, 2023, 1, 8, 1, '2023-08-16', '2024-06-07', 1, NULL, 1, '2024-08-01 08:00:00'),
(9, 2024, 1, 8, 2, '2024-08-15', NULL, 1, NULL, 1, '2024-08-01 08:00:00');

INSERT INTO courses (syear, course_id, subject_id, school_id, grade_level, title, short_name, last_updated) VALUES
(2024, 1, 1, 1, 9, 'Algebra I', 'ALG1', '2024-08-01 08:00:00'),
(2024, 2, 2, 1, 10, 'Biology', 'BIO', '2024-08-01 08:00:00'),
(2024, 3, 3, 1, 11, 'World History', 'WH', '2024-08-01 08:00:00'),
(2024, 4, 4, 2, 7, 'Art', 'ART', '2024-08-01 08:00:00');

INSERT INTO course_periods (syear, school_id, course_period_id, course_id, course_weight, title, short_name, mp, marking_period_id, begin_date, end_date, teacher_id, secondary_teacher_id, total_seats, filled_seats, does_honor_roll, does_class_rank, availability, calendar_id, grade_scale_id, credits, schedule_type, last_updated, modified_by) VALUES
(2024, 1, 1, 1, NULL, 'Period 1 - ALG1 - Reyes', 'ALG1-1', 'FY', 1, '2024-08-15', '2025-06-10', 11, NULL, 30, 2, 'Y', 'Y', 1, 1, 1, 1.000, 'FIXED', '2024-08-01 08:00:00', 1),
(2024, 1, 2, 2, NULL, 'Period 2 - BIO - Okafor', 'BIO-1', 'SEM', 3, '2024-08-15', '2024-12-20', 12, 13, 24, 1, 'Y', 'N', 1, 1, 1, 0.500, 'FIXED', '2024-08-01 08:00:00', 1),
(2024, 1, 3, 3, NULL, 'Period 1 - WH - Reyes', 'WH-1', 'QTR', 6, '2024-08-15', '2024-10-15', 11, NULL, 20, 0, NULL, NULL, 1, 1, NULL, 0.250, 'VARIABLE', '2024-08-01 08:00:00', 1),
(2024, 2, 4, 4, NULL, 'Period 1 - ART', 'ART-1', 'FY', 2, '2024-08-20', '2025-06-05', 14, NULL, 18, 1, NULL, NULL, 1, 2, NULL, 1.000, 'FIXED', '2024-08-01 08:00:00', 1),
(2024, 1, 5, 1, NULL, 'Period 2 - ALG1 - Custom', 'ALG1-2', NULL, NULL, '2024-09-01', '2025-01-31', 12, NULL, 25, 1, 'N', 'N', 1, 1, NULL, NULL, 'BLOCKED', '2024-08-01 08:00:00', 1);

INSERT INTO school_periods (period_id, syear, school_id, sort_order, title, short_name, length, attendance, start_time, end_time, last_updated) VALUES
(1, 2024, 1, 1, 'Period 1', 'P1', 50, 'Y', '08:00:00', '08:50:00', '2024-08-01 08:00:00'),
(2, 2024, 1, 2, 'Period 2', 'P2', 50, 'Y', '09:00:00', '09:50:00', '2024-08-01 08:00:00'),
(3, 2024, 2, 1, 'Block A', 'A', 90, 'Y', '08:30:00', '10:00:00', '2024-08-01 08:00:00');

INSERT INTO course_period_var (id, course_period_id, days, course_period_date, period_id, start_time, end_time, room_id, does_attendance, last_updated) VALUES
(1, 1, 'MTWHF', NULL, 1, '08:00:00', '08:50:00', 101, 'Y', '2024-08-01 08:00:00'),
(2, 2, 'MWF', NULL, 2, '09:00:00', '09:50:00', 102, 'Y', '2024-08-01 08:00:00'),
(3, 3, 'TH', NULL, 1, '08:00:00', '08:50:00', 103, 'Y', '2024-08-01 08:00:00'),
(4, 4, 'MTWHF', NULL, 3, '08:30:00', '10:00:00', 201, NULL, '2024-08-01 08:00:00'),
(5, 5, NULL, '2024-09-03', 2, '09:00:00', '09:50:00', 104, 'Y', '2024-08-01 08:00:00');

INSERT INTO schedule (syear, school_id, student_id, start_date, end_date, course_id, course_period_id, mp, marking_period_id, dropped, id, last_updated) VALUES
(2024, 1, 1, '2024-08-15', NULL, 1, 1, 'FY', 1, 'N', 1, '2024-08-01 08:00:00'),
(2024, 1, 2, '2024-08-15', '2024-09-30', 1, 1, 'FY', 1, 'N', 2, '2024-08-01 08:00:00'),
(2024, 1, 3, '2024-08-15', NULL, 2, 2, 'SEM', 3, 'Y', 3, '2024-08-01 08:00:00'),
(2024, 2, 7, '2024-08-20', NULL, 4, 4, 'FY', 2, 'N', 4, '2024-08-01 08:00:00'),
(2024, 1, 4, '2024-09-01', '2099-01-31', 1, 5, NULL, NULL, 'N', 5, '2024-08-01 08:00:00');

INSERT INTO student_gpa_calculated (student_id, marking_period_id, mp, gpa, weighted_gpa, unweighted_gpa, class_rank, grade_level_short, cgpa, last_updated) VALUES
(1, 1, '1', 3.50, 3.70, 3.50, NULL, '09', NULL, '2024-08-01 08:00:00'),
(2, 1, '1', 2.90, 3.00, 2.90, NULL, '09', NULL, '2024-08-01 08:00:00'),
(3, 1, '1', 3.10, NULL, 3.10, NULL, '10', NULL, '2024-08-01 08:00:00'),
(4, 1, '1', 3.80, 4.00, 3.80, NULL, '10', NULL, '2024-08-01 08:00:00'),
(5, 1, '1', 2.50, 2.60, 2.50, NULL, '11', NULL, '2024-08-01 08:00:00'),
(6, 1, '1', NULL, NULL, NULL, NULL, '11', NULL, '2024-08-01 08:00:00'),
(8, 1, '1', 3.00, 3.10, 3.00, NULL, '10', NULL, '2024-08-01 08:00:00'),
(1, 3, '3', 3.60, 3.80, 3.60, NULL, '09', NULL, '2024-08-01 08:00:00');
