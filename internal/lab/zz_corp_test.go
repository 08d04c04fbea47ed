package lab_test
import ("testing";"os";"os/exec";"github.com/opsctl/opsctl/internal/lab")
func TestDump(t *testing.T){
 l:=lab.NewT(t); m:=lab.StartMariaDBT(t,l)
 run:=func(in string, args ...string)[]byte{ c:=exec.Command("mariadb",append(m.Args(),args...)...); if in!=""{f,_:=os.Open(in);c.Stdin=f}; o,err:=c.CombinedOutput(); if err!=nil{t.Fatalf("%v %s",err,o)}; return o}
 run("","-e","create database shop")
 run("/work/wt/migrate/migrate/testdata/corpus.sql","shop")


 c:=exec.Command("mariadb-dump",append(m.Args(),"--routines","--triggers","shop")...); out,err:=c.Output(); if err!=nil{t.Fatal(err)}
 os.WriteFile("/tmp/corp/default.sql",out,0644)
 c=exec.Command("mariadb-dump",append(m.Args(),"--hex-blob","--compatible=ansi","--skip-extended-insert","--complete-insert","shop")...); out,err=c.Output(); if err!=nil{t.Fatal(err)}
 os.WriteFile("/tmp/corp/ansi.sql",out,0644)
}
