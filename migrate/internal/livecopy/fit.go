package livecopy

import (
	"context"
	"time"

	"github.com/opsctl/opsctl/migrate/internal/dump"
	"github.com/opsctl/opsctl/migrate/internal/model"
)

// fitLive scans MySQL and fits the tables' types (the live copy).
func fitLive(ctx context.Context, q func(ctx context.Context, query string, dest ...any) error, co Options, tables []*model.Table) error {
	if co.StrictTypes {
		return nil
	}
	start := time.Now()
	f, err := dump.ScanLive(ctx, q, co.Jobs, tables)
	if err != nil {
		return err
	}
	if co.OnEvent != nil {
		e := dump.Ev(dump.EvScan, "", 0, nil)
		e.Took = time.Since(start)
		co.OnEvent(e)
	}
	for _, t := range tables {
		dump.ApplyFit(t, f, false, false)
		dump.ApplyFit(t, f, false, true)
	}
	return nil
}
