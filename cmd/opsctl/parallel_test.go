package main

// Which tests run in parallel (t.Parallel), and why the others do not.
//
// A parallel test gets its own lab (servers, ports, directories) and
// temporary files, and touches no process-wide state. Go starts the
// parallel tests only after every sequential top-level test has finished,
// and runs at most -parallel (GOMAXPROCS: 2 on the lab machine) at once, so
// the lab tests that mostly wait (timers, drains, scrapes, SSH round trips)
// overlap in pairs.
//
// Sequential on purpose:
//   - Ctrl-C tests (TestCutoverLab, TestDeployDayLab,
//     TestMigrateLoadCtrlCFinishesTableInFlight): they send SIGINT to the
//     whole test process, which every running opsctl would receive;
//   - tests that set environment variables (t.Setenv refuses parallel
//     tests; startCutoverLab sets $MYSQL_PWD, so every cutover lab test)
//     or the package's test hooks (cutoverBeforeStep, interruptHandled,
//     appGate, stdinLines);
//   - tests that start a big sshd fleet (TestExecLab: 50 hosts,
//     TestDeployLab: 20): starting sshds is CPU work, and two fleets
//     starting at once on a loaded 2-core machine missed lab's 20s
//     readiness deadline (seen at load 60);
//   - TestReleaseEventsLab: it holds graphite-web, statsd and a webhook
//     to a 1s events.timeout, which graphite-web missed with a neighbour
//     running (load 60);
//   - cheap unit tests, where parallelism buys nothing.
//
// The migrate lab tests share one PostgreSQL and one MariaDB
// (labshared_test.go), each in databases of its own names: starting them
// per test cost more than most of these tests (mariadb-install-db and
// initdb: 10-35 s each on the loaded machine).
